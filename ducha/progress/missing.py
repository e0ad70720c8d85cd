"""Which parts of an item have no report in for a round, and which items are closed.

A part is one responsible unit of one item: its lead unit, or one co-unit. A part has its
report in when the unit's report for the round is sent or accepted (`REPORT_IN`). An item is
closed when a close-out request for it was approved. Warnings, reminders and the rating page
all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from ducha.ledger.models import WorkItem
from ducha.progress.enums import REPORT_IN, RequestState
from ducha.progress.models import CloseOutRequest, ProgressReport
from ducha.review.models import Round

CoUnit = WorkItem.co_units.through


def closed() -> Exists:
    """On work items: an approved close-out (办结销号)."""
    return Exists(CloseOutRequest.objects.filter(item=OuterRef("pk"), state=RequestState.APPROVED))


def _lead_in(round: Round) -> Exists:
    return Exists(
        ProgressReport.objects.filter(
            item=OuterRef("pk"), unit=OuterRef("lead_unit_id"), round=round, state__in=REPORT_IN
        )
    )


def _co_in(round: Round) -> Exists:
    """On co-unit links (`WorkItem.co_units.through`)."""
    return Exists(
        ProgressReport.objects.filter(
            item=OuterRef("workitem_id"), unit=OuterRef("unit_id"), round=round, state__in=REPORT_IN
        )
    )


def missing_report(round: Round) -> Q:
    """On work items: some responsible unit (lead or co-unit) has no report in for the round."""
    co_missing = CoUnit.objects.filter(workitem=OuterRef("pk")).exclude(_co_in(round))
    return ~_lead_in(round) | Exists(co_missing)


@dataclass(frozen=True)
class MissingParts:
    """The parts of open items without a report in: lead parts as items, co-unit parts as links."""

    leads: QuerySet[WorkItem]
    co_units: QuerySet[CoUnit]  # type: ignore[valid-type]


def missing_parts(round: Round, items: QuerySet[WorkItem]) -> MissingParts:
    """The parts of `items` not closed whose unit has no report in for `round`."""
    open_items = items.exclude(closed())
    return MissingParts(
        leads=open_items.exclude(_lead_in(round)),
        co_units=CoUnit.objects.filter(workitem__in=open_items).exclude(_co_in(round)),
    )
