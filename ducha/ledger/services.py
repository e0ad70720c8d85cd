"""Use cases on the ledger. Each is one transaction and writes its audit event."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from ducha.core.services import Actor, record_event, save_audited, snapshot
from ducha.ledger.models import WorkItem
from ducha.org.models import Leader, Unit


@transaction.atomic
def create_work_item(
    item: WorkItem,
    *,
    actor: Actor,
    leaders: Sequence[Leader] = (),
    co_units: Sequence[Unit] = (),
) -> WorkItem:
    """Save a new item with its leaders and co-units, audited as one creation."""
    item.full_clean()
    item.save()
    item.leaders.set(leaders)
    item.co_units.set([u for u in co_units if u.pk != item.lead_unit_id])
    record_event("workitem.created", item, actor=actor, before=None, after=snapshot(item))
    return item


@transaction.atomic
def update_work_item(item: WorkItem, *, actor: Actor) -> WorkItem:
    return save_audited(item, actor=actor)
