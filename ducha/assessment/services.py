"""The assessment's use cases: set a year's rules, read its ranking, freeze it at year end."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ducha.assessment import permissions
from ducha.assessment.defaults import BASE_ORIGIN, BASE_SCORE, DEFAULT_RULES
from ducha.assessment.enums import EventKind
from ducha.assessment.models import Freeze, Rule, RuleSet
from ducha.assessment.scoring import Ranking, compute_ranking, ranking_from_dict
from ducha.core.services import Actor, record_event, save_audited, snapshot
from ducha.lib.excel import SheetSpec, write_xlsx


@dataclass(frozen=True)
class RuleValues:
    points: Decimal
    cap: Decimal | None
    origin: str


@transaction.atomic
def create_rules(year: int, *, actor: Actor) -> RuleSet:
    """The year's rules from the default set (see defaults.py), once."""
    if actor is not None:
        permissions.require(permissions.can_edit_rules(actor))
    existing = RuleSet.objects.filter(year=year).first()
    if existing is not None:
        return existing
    rule_set = save_audited(
        RuleSet(year=year, base_score=BASE_SCORE, base_origin=BASE_ORIGIN), actor=actor
    )
    for kind, (points, cap, origin) in DEFAULT_RULES.items():
        save_audited(
            Rule(rule_set=rule_set, kind=kind, points=points, cap=cap, origin=origin), actor=actor
        )
    return rule_set


@transaction.atomic
def update_rules(
    rule_set: RuleSet,
    *,
    base_score: Decimal,
    base_origin: str,
    rules: dict[str, RuleValues],
    actor: Actor,
) -> RuleSet:
    """Change the base score and the points of each kind of event, each change audited."""
    permissions.require(permissions.can_edit_rules(actor))
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    rule_set.base_score, rule_set.base_origin = base_score, base_origin.strip()
    rule_set.updated_at = timezone.now()
    save_audited(rule_set, actor=actor)
    current = {rule.kind: rule for rule in rule_set.rules.all()}
    for kind, values in rules.items():
        if kind not in EventKind.values:
            raise ValidationError(f"unknown event kind {kind}")
        rule = current.get(kind) or Rule(rule_set=rule_set, kind=kind)
        unchanged = (rule.points, rule.cap, rule.origin) == (
            values.points,
            values.cap,
            values.origin.strip(),
        )
        if rule.pk and unchanged:
            continue
        rule.points, rule.cap, rule.origin = values.points, values.cap, values.origin.strip()
        save_audited(rule, actor=actor)
    return rule_set


def rules_for(year: int) -> RuleSet | None:
    return RuleSet.objects.filter(year=year).prefetch_related("rules").first()


def ranking_for(year: int) -> Ranking | None:
    """The frozen ranking of the year if it was frozen, else the one computed now."""
    frozen = Freeze.objects.filter(year=year).first()
    if frozen is not None:
        return ranking_from_dict(frozen.snapshot)
    rule_set = rules_for(year)
    return compute_ranking(rule_set) if rule_set is not None else None


def live_ranking(year: int) -> Ranking | None:
    rule_set = rules_for(year)
    return compute_ranking(rule_set) if rule_set is not None else None


@transaction.atomic
def freeze_year(year: int, *, actor: Actor) -> Freeze:
    """Publish the year's scores to the office as they stand: a snapshot that later edits of
    reports, ratings or rules never change. Once per year."""
    permissions.require(permissions.can_freeze(actor))
    rule_set = RuleSet.objects.select_for_update().filter(year=year).first()
    if rule_set is None:
        raise ValidationError("本年度尚未设置考核规则。")
    if Freeze.objects.filter(year=year).exists():
        raise ValidationError("本年度考核结果已经发布，不能再次发布。")
    ranking = compute_ranking(rule_set)
    now = timezone.now()
    ranking.frozen_at = now.isoformat()
    freeze = Freeze(year=year, frozen_at=now, frozen_by=actor, snapshot=ranking.to_dict())
    freeze.save()
    record_event(
        "assessment.frozen",
        freeze,
        actor=actor,
        before=None,
        after={"year": year, "units": len(ranking.units), "rules": snapshot(rule_set)},
    )
    return freeze


def ranking_xlsx(ranking: Ranking) -> bytes:
    """The ranking and every line behind it, for the 考核办."""
    round_names = [name for _, name in ranking.rounds]
    summary = SheetSpec(
        title="考核排名",
        header=["名次", "单位", "年度得分", *round_names],
        rows=[
            [u.rank, u.unit, u.score, *(u.rounds.get(code) for code, _ in ranking.rounds)]
            for u in ranking.units
        ],
        widths=[6, 30, 10, *(14 for _ in round_names)],
    )
    details = SheetSpec(
        title="计分明细",
        header=["单位", "轮次", "事由", "分值"],
        rows=[
            [u.unit, dict(ranking.rounds).get(line.round, line.round), line.text, line.points]
            for u in ranking.units
            for line in u.lines
        ],
        widths=[30, 14, 60, 8],
    )
    out = io.BytesIO()
    write_xlsx([summary, details], out)
    return out.getvalue()


def rule_rows(rule_set: RuleSet) -> list[dict[str, Any]]:
    rules = {rule.kind: rule for rule in rule_set.rules.all()}
    return [
        {"kind": kind, "label": label, "rule": rules.get(kind)} for kind, label in EventKind.choices
    ]
