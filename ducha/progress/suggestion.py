"""Status suggestion: expected progress at the cutoff (序时进度) against the reported values.

Expected progress is time-proportional over the target's period, unless the item has
milestones, in which case it is the share promised by the last milestone due by the cutoff.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ducha.lib.cn import whole_percent
from ducha.progress.models import Milestone, Target

COMPLETED, ON_TRACK, NEEDS_EFFORT, SERIOUS = "completed", "on_track", "needs_effort", "serious"
LABELS = {
    COMPLETED: "已完成",
    ON_TRACK: "有序推进",
    NEEDS_EFFORT: "需要加大力度",
    SERIOUS: "存在突出问题",
}


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    reported: decimal.Decimal
    actual_percent: int
    expected_percent: int

    @property
    def behind(self) -> bool:
        return self.actual_percent < self.expected_percent


@dataclass(frozen=True)
class Suggestion:
    status_code: str
    reason: str
    parts: tuple[TargetProgress, ...]

    @property
    def behind(self) -> bool:
        return any(p.behind for p in self.parts)

    @property
    def label(self) -> str:
        return LABELS[self.status_code]


def time_percent(start: datetime.date, end: datetime.date, cutoff: datetime.date) -> int:
    """Share of the period elapsed at the end of the cutoff day, e.g. 1 Jan–30 Jun: 50."""
    total = (end - start).days + 1
    elapsed = min(max((cutoff - start).days + 1, 0), total)
    return whole_percent(elapsed, total)


def milestone_percent(milestones: Sequence[Milestone], cutoff: datetime.date) -> int:
    due = [m.expected_percent for m in milestones if m.due <= cutoff]
    return max(due, default=0)


def expected_percent(target: Target, milestones: Sequence[Milestone], cutoff: datetime.date) -> int:
    if milestones:
        return milestone_percent(milestones, cutoff)
    return time_percent(target.period_start, target.period_end, cutoff)


def _amount(value: decimal.Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def _status(parts: Sequence[TargetProgress]) -> str:
    if all(p.actual_percent >= 100 for p in parts):
        return COMPLETED
    if not any(p.behind for p in parts):
        return ON_TRACK
    worst = min(p.actual_percent * 2 - p.expected_percent for p in parts)
    return NEEDS_EFFORT if worst >= 0 else SERIOUS


def _part_text(p: TargetProgress, has_milestones: bool) -> str:
    t = p.target
    basis = "按节点计划应完成" if has_milestones else "序时进度"
    return (
        f"{t.name}{_amount(p.reported)}{t.unit_of_measure}，"
        f"占年度目标{_amount(t.value)}{t.unit_of_measure}的{p.actual_percent}%，"
        f"{basis}{p.expected_percent}%"
    )


def suggest(
    targets: Iterable[Target],
    milestones: Sequence[Milestone],
    values: Mapping[int, decimal.Decimal],
    cutoff: datetime.date,
) -> Suggestion | None:
    """The suggested status with its reason, or None when there is nothing to measure."""
    parts = tuple(
        TargetProgress(
            target=t,
            reported=values[t.pk],
            actual_percent=whole_percent(values[t.pk], t.value),
            expected_percent=expected_percent(t, milestones, cutoff),
        )
        for t in targets
        if t.pk in values
    )
    if not parts:
        return None
    code = _status(parts)
    pace = "慢于" if any(p.behind for p in parts) else "达到或快于"
    text = "；".join(_part_text(p, bool(milestones)) for p in parts)
    reason = (
        f"截至{cutoff.month}月{cutoff.day}日，{text}，{pace}预期进度，建议评定为{LABELS[code]}。"
    )
    return Suggestion(status_code=code, reason=reason, parts=parts)
