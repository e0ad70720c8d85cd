"""Scores computed from what was recorded: the audit trail of reports and the ratings.

Nothing is counted as it happens; every score is read again from the events, so there is no
counter to drift. For the year's rounds (by the end of their period):

- a report's first sending (`report.submitted` in the trail) after the round's reporting
  deadline is late by the calendar days between them (at least one);
- a responsible unit (lead or co-unit) with no sending for an item of the round, once the
  deadline has passed, is missing it; an item is in a round when the round rates it or a
  unit has started a report on it;
- every `report.returned` event counts once;
- a rating counts against the item's lead unit, by what its status means;
- a highlight naming a unit counts for it.

A round's score is the base plus that round's lines; the year's is the base plus all lines.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ducha.assessment.enums import EventKind
from ducha.assessment.models import Rule, RuleSet
from ducha.cockpit.scope import severity
from ducha.core.models import AuditEvent
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.progress.models import ProgressReport
from ducha.progress.warnings import round_due
from ducha.review.models import HighlightUnit, Rating, Round, Status

REPORT_TYPE = ProgressReport._meta.label_lower
SENT, RETURNED = "report.submitted", "report.returned"
CoUnit = WorkItem.co_units.through


@dataclass
class Line:
    round: str
    kind: str
    text: str
    points: Decimal

    def label(self) -> str:
        sign = "+" if self.points > 0 else "−"
        return f"{self.text} {sign}{abs(self.points).normalize():f}"


@dataclass
class UnitScore:
    unit_id: int
    unit: str
    score: Decimal
    rank: int = 0
    rounds: dict[str, Decimal] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)


@dataclass
class Ranking:
    year: int
    base: Decimal
    rounds: list[tuple[str, str]]  # (code, name)
    units: list[UnitScore]
    frozen_at: str | None = None

    def unit(self, unit_id: int) -> UnitScore | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return _json_safe(data)


def _json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def ranking_from_dict(data: dict[str, Any]) -> Ranking:
    """A frozen ranking read back exactly as it was stored."""
    units = [
        UnitScore(
            unit_id=u["unit_id"],
            unit=u["unit"],
            score=Decimal(u["score"]),
            rank=u["rank"],
            rounds={k: Decimal(v) for k, v in u["rounds"].items()},
            lines=[
                Line(line["round"], line["kind"], line["text"], Decimal(line["points"]))
                for line in u["lines"]
            ],
        )
        for u in data["units"]
    ]
    rounds = [(code, name) for code, name in data["rounds"]]
    return Ranking(data["year"], Decimal(data["base"]), rounds, units, data.get("frozen_at"))


def year_rounds(year: int) -> list[Round]:
    rounds = Round.objects.filter(period_end__year=year).select_related("reporting")
    return list(rounds.order_by("period_end", "pk"))


def _late_days(sent: datetime.datetime, due: datetime.datetime) -> int:
    days = (timezone.localdate(sent) - timezone.localdate(due)).days
    return max(days, 1)


class _Scorer:
    def __init__(self, rule_set: RuleSet, rounds: list[Round], now: datetime.datetime) -> None:
        self.rules: dict[str, Rule] = {rule.kind: rule for rule in rule_set.rules.all()}
        self.rounds = rounds
        self.now = now
        self.lines: dict[int, list[Line]] = defaultdict(list)
        self.units: set[int] = set()

    def add(self, unit_id: int, round: Round, kind: str, text: str, times: int = 1) -> None:
        rule = self.rules.get(kind)
        if rule is None or rule.points == 0:
            return
        points = rule.points * times
        if rule.cap is not None and abs(points) > rule.cap:
            points = rule.cap if points > 0 else -rule.cap
        self.lines[unit_id].append(Line(round.code, kind, f"{round.name}{text}", points))

    def reports(self) -> None:
        ids = {r.pk: r for r in self.rounds}
        reports = {
            str(pk): (round_id, unit_id, item_id)
            for pk, round_id, unit_id, item_id in ProgressReport.objects.filter(
                round__in=self.rounds
            ).values_list("pk", "round_id", "unit_id", "item_id")
        }
        titles = dict(
            WorkItem.objects.filter(
                pk__in={item for _, _, item in reports.values()} | self._rated_items()
            ).values_list("pk", "title")
        )
        self.titles = titles
        first_sent: dict[str, datetime.datetime] = {}
        events = AuditEvent.objects.filter(
            target_type=REPORT_TYPE, action__in=[SENT, RETURNED]
        ).order_by("at", "pk")
        if self.rounds:
            start = self.rounds[0].period_start
            events = events.filter(
                at__gte=timezone.make_aware(datetime.datetime(start.year, start.month, start.day))
            )
        for target, action, at in events.values_list("target_id", "action", "at"):
            if target not in reports:
                continue
            round_id, unit_id, item_id = reports[target]
            if action == SENT:
                first_sent.setdefault(target, at)
            else:
                self.add(
                    unit_id,
                    ids[round_id],
                    EventKind.REPORT_RETURNED,
                    f"「{titles[item_id]}」报告被退回",
                )
        sent_pairs: set[tuple[int, int, int]] = set()
        for target, at in first_sent.items():
            round_id, unit_id, item_id = reports[target]
            sent_pairs.add((round_id, unit_id, item_id))
            due = round_due(ids[round_id])
            if due is not None and at > due:
                days = _late_days(at, due)
                self.add(
                    unit_id,
                    ids[round_id],
                    EventKind.REPORT_LATE,
                    f"「{titles[item_id]}」报送迟{days}天",
                    times=days,
                )
        self._missing(reports, sent_pairs)

    def _rated_items(self) -> set[int]:
        return set(Rating.objects.filter(round__in=self.rounds).values_list("item_id", flat=True))

    def _missing(
        self, reports: dict[str, tuple[int, int, int]], sent: set[tuple[int, int, int]]
    ) -> None:
        in_round: dict[int, set[int]] = defaultdict(set)
        for round_id, item_id in Rating.objects.filter(round__in=self.rounds).values_list(
            "round_id", "item_id"
        ):
            in_round[round_id].add(item_id)
        for round_id, _, item_id in reports.values():
            in_round[round_id].add(item_id)
        all_items = set().union(*in_round.values()) if in_round else set()
        responsible: dict[int, list[int]] = defaultdict(list)
        for pk, lead in WorkItem.objects.filter(pk__in=all_items).values_list("pk", "lead_unit_id"):
            responsible[pk].append(lead)
        for item_id, unit_id in CoUnit.objects.filter(workitem_id__in=all_items).values_list(
            "workitem_id", "unit_id"
        ):
            responsible[item_id].append(unit_id)
        for round in self.rounds:
            due = round_due(round)
            for item_id in sorted(in_round.get(round.pk, ())):
                for unit_id in responsible[item_id]:
                    self.units.add(unit_id)
                    if due is None or due > self.now or (round.pk, unit_id, item_id) in sent:
                        continue
                    self.add(
                        unit_id,
                        round,
                        EventKind.REPORT_MISSING,
                        f"「{self.titles.get(item_id, item_id)}」未报送",
                    )

    def ratings(self) -> None:
        ids = {r.pk: r for r in self.rounds}
        statuses = {s.pk: s for s in Status.objects.all()}
        rows = Rating.objects.filter(round__in=self.rounds).order_by(
            "round__period_end", "item__code"
        )
        for round_id, status_id, unit_id, title in rows.values_list(
            "round_id", "status_id", "item__lead_unit_id", "item__title"
        ):
            level = severity(statuses.get(status_id))
            kind = {2: EventKind.RATED_NEEDS_EFFORT, 3: EventKind.RATED_SERIOUS}.get(level)
            if kind is not None:
                self.add(
                    unit_id, ids[round_id], kind, f"「{title}」评定为{statuses[status_id].label}"
                )

    def highlights(self) -> None:
        ids = {r.pk: r for r in self.rounds}
        rows = HighlightUnit.objects.filter(highlight__round__in=self.rounds).order_by(
            "highlight__round__period_end", "highlight__position", "position"
        )
        for round_id, unit_id, title in rows.values_list(
            "highlight__round_id", "unit_id", "highlight__title"
        ):
            self.add(unit_id, ids[round_id], EventKind.HIGHLIGHT, f"列为工作亮点「{title}」")


def compute_ranking(rule_set: RuleSet, now: datetime.datetime | None = None) -> Ranking:
    """The year's scores as the recorded events give them now."""
    now = now or timezone.now()
    rounds = year_rounds(rule_set.year)
    scorer = _Scorer(rule_set, rounds, now)
    scorer.reports()
    scorer.ratings()
    scorer.highlights()
    unit_ids = scorer.units | set(scorer.lines)
    names = {u.pk: str(u) for u in Unit.objects.filter(pk__in=unit_ids)}
    order = {
        pk: i
        for i, pk in enumerate(Unit.objects.filter(pk__in=unit_ids).values_list("pk", flat=True))
    }
    scores = []
    for unit_id in unit_ids:
        lines = scorer.lines.get(unit_id, [])
        per_round = {
            r.code: rule_set.base_score
            + sum((line.points for line in lines if line.round == r.code), Decimal(0))
            for r in rounds
        }
        total = rule_set.base_score + sum((line.points for line in lines), Decimal(0))
        scores.append(UnitScore(unit_id, names[unit_id], total, 0, per_round, lines))
    scores.sort(key=lambda s: (-s.score, order.get(s.unit_id, 0)))
    for position, score in enumerate(scores, start=1):
        previous = scores[position - 2] if position > 1 else None
        score.rank = previous.rank if previous and previous.score == score.score else position
    return Ranking(rule_set.year, rule_set.base_score, [(r.code, r.name) for r in rounds], scores)
