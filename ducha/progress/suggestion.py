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
from ducha.review.enums import StatusMeaning


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
    meaning: StatusMeaning
    # What the installation's vocabulary calls it (`review.models.status_labels`).
    label: str
    reason: str
    parts: tuple[TargetProgress, ...]

    @property
    def status_code(self) -> str:
        return self.meaning.value

    @property
    def behind(self) -> bool:
        return any(p.behind for p in self.parts)


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


def _meaning(parts: Sequence[TargetProgress]) -> StatusMeaning:
    if all(p.actual_percent >= 100 for p in parts):
        return StatusMeaning.COMPLETED
    if not any(p.behind for p in parts):
        return StatusMeaning.ON_TRACK
    worst = min(p.actual_percent * 2 - p.expected_percent for p in parts)
    return StatusMeaning.NEEDS_EFFORT if worst >= 0 else StatusMeaning.SERIOUS


def _part_text(p: TargetProgress, has_milestones: bool) -> str:
    t = p.target
    basis = "按节点计划应完成" if has_milestones else "序时进度"
    return (
        f"{t.name}{_amount(p.reported)}{t.unit_of_measure}，"
        f"占年度目标{_amount(t.value)}{t.unit_of_measure}的{p.actual_percent}%，"
        f"{basis}{p.expected_percent}%"
    )


def measure(
    targets: Iterable[Target],
    milestones: Sequence[Milestone],
    values: Mapping[int, decimal.Decimal],
    cutoff: datetime.date,
) -> tuple[TargetProgress, ...]:
    """Each target with a reported value: its share of the annual target against 序时进度."""
    return tuple(
        TargetProgress(
            target=t,
            reported=values[t.pk],
            actual_percent=whole_percent(values[t.pk], t.value),
            expected_percent=expected_percent(t, milestones, cutoff),
        )
        for t in targets
        if t.pk in values
    )


def suggest(
    targets: Iterable[Target],
    milestones: Sequence[Milestone],
    values: Mapping[int, decimal.Decimal],
    cutoff: datetime.date,
    *,
    labels: Mapping[str, str],
) -> Suggestion | None:
    """The suggested status with its reason, or None when there is nothing to measure.

    `labels` are the vocabulary's words for the meanings (`review.models.status_labels`)."""
    parts = measure(targets, milestones, values, cutoff)
    if not parts:
        return None
    meaning = _meaning(parts)
    label = labels.get(meaning.value) or str(meaning.label)
    pace = "慢于" if any(p.behind for p in parts) else "达到或快于"
    text = "；".join(_part_text(p, bool(milestones)) for p in parts)
    reason = f"截至{cutoff.month}月{cutoff.day}日，{text}，{pace}预期进度，建议评定为{label}。"
    return Suggestion(meaning=meaning, label=label, reason=reason, parts=parts)
