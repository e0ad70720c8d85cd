"""Reads shared by the pages and the API: the current round, the workbench and the inbox."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from ducha.core.services import Viewer
from ducha.ledger.models import WorkItem
from ducha.progress.enums import REPORT_EDITABLE, REPORT_IN, ReportState, Warning
from ducha.progress.models import ProgressReport
from ducha.progress.permissions import items_visible_to, unit_items_q
from ducha.progress.warnings import with_warnings
from ducha.review.models import Round

ItemLeader = WorkItem.leaders.through


def current_round() -> Round | None:
    """The latest round; pages take ?round=<code> to look at another."""
    return Round.objects.select_related("reporting").order_by("-period_end", "-pk").first()


def round_by_code(code: str | None) -> Round | None:
    rounds = Round.objects.select_related("reporting")
    if code:
        return rounds.filter(code=code).first()
    return current_round()


def round_or_404(code: str | None) -> Round:
    """The round a page or the API asks for (the current one without a code), or 404."""
    round = round_by_code(code)
    if round is None:
        raise Http404
    return round


def reports_in_count(round: Round) -> Coalesce:
    counted = (
        ProgressReport.objects.filter(item=OuterRef("pk"), round=round, state__in=REPORT_IN)
        .values("item")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotate_round(
    items: QuerySet[WorkItem], round: Round, now: datetime.datetime
) -> QuerySet[WorkItem]:
    return with_warnings(items, round, now).annotate(
        status_id=F("rating_status_id"),
        status_label=F("rating_status_label"),
        reports_in=reports_in_count(round),
    )


@dataclass
class WorkbenchFilters:
    warning: str = ""
    leader: int | None = None
    unit: int | None = None
    status: int | None = None
    source: int | None = None

    def apply(self, items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
        if self.warning:
            items = items.filter(**{"warning": self.warning})  # an annotation
        if self.leader:
            items = items.filter(
                pk__in=ItemLeader.objects.filter(leader_id=self.leader).values("workitem_id")
            )
        if self.unit:
            items = items.filter(unit_items_q([self.unit]))
        if self.status:
            items = items.filter(**{"status_id": self.status})  # an annotation
        if self.source:
            items = items.filter(source_id=self.source)
        return items


def _counts(items: QuerySet[WorkItem], field: str) -> dict[Any, int]:
    rows = items.order_by().values(field).annotate(n=Count("pk", distinct=True))
    return {row[field]: row["n"] for row in rows}


COUNTED = ("warning", "status_id", "source_id", "lead_unit_id")


def _grouped_counts(items: QuerySet[WorkItem]) -> dict[str, dict[Any, int]]:
    """Counts per warning, status, source and lead unit from one GROUP BY over all four,
    so the warning expression runs once for all of them."""
    counts: dict[str, dict[Any, int]] = {field: {} for field in COUNTED}
    for row in items.order_by().values(*COUNTED).annotate(n=Count("pk")):
        for field in COUNTED:
            counts[field][row[field]] = counts[field].get(row[field], 0) + row["n"]
    return counts


def workbench(
    user: Viewer, round: Round, filters: WorkbenchFilters, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """The filtered items of the round (a queryset, paged by the view) and counts per value."""
    now = now or timezone.now()
    base = annotate_round(items_visible_to(user), round, now)
    filtered = filters.apply(base)
    counts = _grouped_counts(filtered)
    return {
        "items": filtered.select_related("lead_unit", "source")
        .prefetch_related("leaders", "co_units")
        .order_by("code"),
        "total": sum(counts["warning"].values()),
        "warning_counts": counts["warning"],
        "status_counts": counts["status_id"],
        "source_counts": counts["source_id"],
        "unit_counts": counts["lead_unit_id"],
        "leader_counts": _counts(filtered, "leaders"),
    }


def inbox(
    user_unit_ids: list[int], user: Viewer, round: Round, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """A unit's items with the state of its own report for the round."""
    now = now or timezone.now()
    mine = ProgressReport.objects.filter(
        item=OuterRef("pk"), round=round, unit_id__in=user_unit_ids
    )
    items = (
        annotate_round(items_visible_to(user).filter(unit_items_q(user_unit_ids)), round, now)
        .annotate(
            my_state=Subquery(mine.values("state")[:1]),
            my_report_id=Subquery(mine.values("pk")[:1]),
        )
        .select_related("lead_unit")
        .order_by("code")
    )
    due = items.filter(Q(my_state__isnull=True) | Q(my_state__in=REPORT_EDITABLE))
    return {
        "items": items,
        "due": due,
        "returned": items.filter(my_state=ReportState.RETURNED),
        "warning_counts": _counts(items, "warning"),
    }


WARNING_ORDER = [Warning.RED, Warning.YELLOW, Warning.BLUE, Warning.NONE]
