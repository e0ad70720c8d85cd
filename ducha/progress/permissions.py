"""Who may see and do what with items and their reports. The one place these rules live.

Lists start from `items_visible_to` / `reports_visible_to`; single objects come through
`get_item_for_user` / `get_report_for_user`, which answer 404 for what the user may not
see (so ids cannot be probed) and 403 for what they may see but not change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from ducha.accounts.models import Role
from ducha.accounts.roles import roles_of
from ducha.core.services import Viewer
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.progress.enums import REPORT_EDITABLE, REPORT_IN, ReportState
from ducha.progress.models import Evidence, ProgressReport

CoUnit = WorkItem.co_units.through
ItemLeader = WorkItem.leaders.through


def unit_items_q(unit_ids: Any, prefix: str = "") -> Q:
    """Items where one of `unit_ids` is lead unit or co-unit (no join, so no duplicates)."""
    co = CoUnit.objects.filter(unit_id__in=unit_ids).values("workitem_id")
    return Q(**{f"{prefix}lead_unit_id__in": unit_ids}) | Q(**{f"{prefix}pk__in": co})


def items_visible_to(user: Viewer) -> QuerySet[WorkItem]:
    roles = roles_of(user)
    items = WorkItem.objects.all()
    if roles.is_office:
        return items
    q = Q(pk__in=[])
    if roles.unit_ids:
        q |= unit_items_q(sorted(roles.unit_ids))
    if roles.leader_ids:
        led = ItemLeader.objects.filter(leader_id__in=sorted(roles.leader_ids))
        q |= Q(pk__in=led.values("workitem_id"))
    return items.filter(q)


def reports_visible_to(user: Viewer) -> QuerySet[ProgressReport]:
    """The office sees what units have sent; a unit sees its own reports, drafts included;
    a leader sees what the office accepted on the items they lead."""
    roles = roles_of(user)
    reports = ProgressReport.objects.all()
    if roles.is_office:
        return reports.exclude(state=ReportState.DRAFT)
    q = Q(pk__in=[])
    if roles.unit_ids:
        q |= Q(unit_id__in=sorted(roles.unit_ids))
    if roles.leader_ids:
        led = ItemLeader.objects.filter(leader_id__in=sorted(roles.leader_ids))
        q |= Q(item_id__in=led.values("workitem_id"), state=ReportState.ACCEPTED)
    return reports.filter(q)


def can_report_for(user: Viewer, item: WorkItem, unit_id: int) -> bool:
    """A reporter of a unit responsible for the item reports that unit's part."""
    roles = roles_of(user)
    if unit_id not in roles.unit_ids:
        return False
    return unit_id == item.lead_unit_id or item.co_units.filter(pk=unit_id).exists()


def can_edit_report(user: Viewer, report: ProgressReport) -> bool:
    return report.unit_id in roles_of(user).unit_ids and report.state in REPORT_EDITABLE


def can_review(user: Viewer) -> bool:
    """Return, accept, rate, assign, write combined statements: the office's work."""
    return roles_of(user).is_office


def can_decide(user: Viewer) -> bool:
    """Approving extensions and close-outs is the office head's call, not an inspector's."""
    return roles_of(user).has(Role.HEAD)


def can_see_report(user: Viewer, report: ProgressReport) -> bool:
    return reports_visible_to(user).filter(pk=report.pk).exists()


def get_item_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> WorkItem:
    item = (
        items_visible_to(request.user).select_related("lead_unit", "source").filter(pk=pk).first()
    )
    if item is None:
        raise Http404
    if write and not (roles_of(request.user).is_office or roles_of(request.user).unit_ids):
        raise PermissionDenied
    return item


def get_report_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> ProgressReport:
    """`write` means acting on it: the unit editing its part, or the office reviewing it."""
    report = (
        reports_visible_to(request.user)
        .select_related("item", "unit", "round")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    if write and not (
        can_review(request.user) or report.unit_id in roles_of(request.user).unit_ids
    ):
        raise PermissionDenied
    return report


def get_evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(report__in=reports_visible_to(request.user), pk=pk)
        .select_related("report")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def counts_as_reported(state: str) -> bool:
    return state in REPORT_IN


def sheet_units_for(user: Viewer, unit_id: int | None = None) -> list[Unit]:
    """The units whose progress sheet the user downloads and uploads: their own units, or
    the one of them asked for. Another unit's sheet is forbidden."""
    unit_ids = sorted(roles_of(user).unit_ids)
    if not unit_ids or (unit_id is not None and unit_id not in unit_ids):
        raise PermissionDenied
    return list(Unit.objects.filter(pk__in=[unit_id] if unit_id else unit_ids))


def get_sheet_units_for_user(request: HttpRequest, unit_id: int | None = None) -> list[Unit]:
    return sheet_units_for(request.user, unit_id)
