"""Importing a published bulletin as a round: one transaction, every row audited.

Steps: the round; the named items: the ledger's item a name matched (a confirmed similar
title is kept as an alias of it), else a new item under the import's source and the
placeholder lead unit (both created once); their ratings; the declared counts and total;
highlights with their leaders and units (found in the registry, else created);
recommendations; each highlight and recommendation linked to the named item it is about; one
`round.imported` event.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence

from django.db import transaction

from ducha.bulletins.document import HighlightEntry, LeaderRef
from ducha.bulletins.importer import ImportPlan
from ducha.bulletins.reader.document import ReadDocument
from ducha.core.services import Actor, record_event, save_audited
from ducha.ledger.enums import SourceKind
from ducha.ledger.models import Source, WorkItem, WorkItemAlias
from ducha.ledger.services import create_work_item
from ducha.org.models import Leader, Unit, UnitKind
from ducha.org.queries import match_unit
from ducha.org.services import create_unknown_leader, create_unknown_unit
from ducha.review.models import (
    DeclaredCount,
    DeclaredTotal,
    Highlight,
    Recommendation,
    Round,
    Status,
)
from ducha.review.services import add_highlight, add_recommendation, create_round, set_rating

# Imported items name no lead unit; they get this one, visibly, instead of a guessed unit.
UNSTATED_UNIT = "通报未写明责任单位"


def _unstated_unit(actor: Actor) -> Unit:
    unit = Unit.objects.filter(short_name=UNSTATED_UNIT, kind=UnitKind.COLLECTIVE).first()
    if unit is None:
        unit = save_audited(
            Unit(name=f"（{UNSTATED_UNIT}）", short_name=UNSTATED_UNIT, kind=UnitKind.COLLECTIVE),
            actor=actor,
        )
    return unit


def _source(plan: ImportPlan, actor: Actor) -> Source:
    kind = SourceKind.LIVELIHOOD if "实事" in plan.title or "民生" in plan.title else None
    name = f"{plan.title}（导入 {plan.code}）"[:200]
    return save_audited(Source(kind=kind or SourceKind.WORK_REPORT, name=name), actor=actor)


def _unit(name: str, plan: ImportPlan, actor: Actor) -> Unit:
    match = match_unit(name, on=plan.period_end)
    if match is not None:
        return match.unit
    return create_unknown_unit(name, actor=actor)


def _leader(ref: LeaderRef, actor: Actor) -> Leader:
    leader = Leader.objects.filter(name=ref.name, title=ref.title).first()
    if leader is None:
        leader = create_unknown_leader(ref.name, ref.title, actor=actor)
    return leader


def _highlights(
    round: Round,
    plan: ImportPlan,
    entries: Sequence[HighlightEntry],
    items: dict[str, WorkItem],
    actor: Actor,
) -> None:
    for position, entry in enumerate(entries, start=1):
        add_highlight(
            Highlight(
                round=round,
                position=position,
                title=entry.title,
                text=entry.text,
                units_partial=entry.units_partial,
            ),
            actor=actor,
            leaders=[_leader(ref, actor) for ref in entry.leaders],
            units=list(dict.fromkeys(_unit(name, plan, actor) for name in entry.units)),
            items=[items[title] for title in plan.links_of("highlight", position)],
        )


def _items(round: Round, plan: ImportPlan, actor: Actor) -> dict[str, WorkItem]:
    """The named items, rated; by title, for the highlights and recommendations about them."""
    found: dict[str, WorkItem] = {}
    statuses = {s.code: s for s in Status.objects.all()}
    existing = WorkItem.objects.in_bulk([p.existing.item_id for p in plan.matched if p.existing])
    new = plan.created
    source, unit = (_source(plan, actor), _unstated_unit(actor)) if new else (None, None)
    for number, planned in enumerate(plan.items, start=1):
        if planned.existing is not None:
            item = existing[planned.existing.item_id]
            if planned.existing.kind == "similar":
                _remember_alias(item, planned.title, actor)
        else:
            assert source is not None and unit is not None
            item = create_work_item(
                WorkItem(
                    code=f"{plan.code}-{number:03d}",
                    title=planned.title,
                    description=f"从通报《{plan.title}》导入。",
                    source=source,
                    lead_unit=unit,
                ),
                actor=actor,
            )
        set_rating(
            round,
            item,
            status=statuses[planned.status_code],
            actor=actor,
            example_order=planned.example_order,
        )
        found[planned.title] = item
    return found


def _remember_alias(item: WorkItem, name: str, actor: Actor) -> None:
    """A name the office confirmed for an item matches it at once next time."""
    if not WorkItemAlias.objects.filter(item=item, name=name).exists():
        save_audited(WorkItemAlias(item=item, name=name), actor=actor)


def _declared(round: Round, plan: ImportPlan, actor: Actor) -> None:
    statuses = {s.code: s for s in Status.objects.all()}
    stated = [count for count in plan.counts if not count.within]
    for position, count in enumerate(stated, start=1):
        percent = None if count.percent is None else decimal.Decimal(str(count.percent))
        save_audited(
            DeclaredCount(
                round=round,
                position=position,
                label=count.label,
                status=statuses.get(count.status_code or ""),
                count=count.count,
                percent=percent,
            ),
            actor=actor,
        )
    if plan.total is not None:
        save_audited(
            DeclaredTotal(round=round, total=plan.total, source_title=plan.title[:200]),
            actor=actor,
        )


@transaction.atomic
def import_bulletin(doc: ReadDocument, plan: ImportPlan, *, actor: Actor) -> Round:
    """Create the round `plan` describes from `doc`; all of it or, on any error, none."""
    plan.require_answers()
    round = create_round(
        Round(
            code=plan.code,
            name=plan.name,
            title=plan.title,
            scope=plan.scope,
            period_start=plan.period_start,
            period_end=plan.period_end,
            cutoff=plan.period_end,
            issuer=plan.issuer[:50],
        ),
        actor=actor,
    )
    items = _items(round, plan, actor)
    _declared(round, plan, actor)
    _highlights(round, plan, doc.highlights, items, actor)
    for position, entry in enumerate(doc.recommendations, start=1):
        if entry.subject and entry.points:
            add_recommendation(
                Recommendation(round=round, position=position, subject=entry.subject),
                actor=actor,
                points=entry.points,
                items=[items[title] for title in plan.links_of("recommendation", position)],
            )
    record_event(
        "round.imported",
        round,
        actor=actor,
        before=None,
        after={
            "title": plan.title,
            "items": len(plan.items),
            "matched": len(plan.matched),
            "created": len(plan.created),
            "findings": len(doc.findings),
        },
    )
    return round
