"""What the item page shows: every unit's part side by side, the forms the user may use,
and the timeline of everything that happened to the item."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ducha.accounts.roles import roles_of
from ducha.core.models import AuditEvent
from ducha.core.services import Viewer
from ducha.ledger.models import WorkItem
from ducha.progress import permissions
from ducha.progress.enums import REPORT_EDITABLE, ReportState
from ducha.progress.forms import (
    AcceptForm,
    CloseOutForm,
    DecisionForm,
    ExtensionForm,
    RatingForm,
    ReportForm,
    ReturnForm,
    StatementForm,
)
from ducha.progress.models import (
    Assignment,
    CloseOutRequest,
    CombinedStatement,
    ExtensionRequest,
    ProgressReport,
)
from ducha.progress.services import suggestion_for
from ducha.progress.warnings import with_warnings
from ducha.review.models import Rating, Round

ACTIONS = {
    "workitem.created": "Item created",
    "workitem.changed": "Item changed",
    "workitem.deadline_extended": "Deadline extended",
    "report.saved": "Report draft saved",
    "report.submitted": "Report sent",
    "report.returned": "Report returned",
    "report.accepted": "Report accepted",
    "rating.created": "Rated",
    "rating.changed": "Rating changed",
    "rating.suggestion_confirmed": "Suggestion confirmed",
    "rating.suggestion_overridden": "Suggestion overridden",
    "assignment.created": "Assigned",
    "assignment.acknowledged": "Acknowledged",
    "extension.requested": "Extension requested",
    "extension.decided": "Extension decided",
    "close_out.requested": "Close-out requested",
    "close_out.decided": "Close-out decided",
    "combined_statement.created": "Combined statement written",
    "combined_statement.changed": "Combined statement changed",
}


def action_label(code: str) -> str:
    # The English texts are msgids translated in the catalogue (see `timeline_labels`).
    return _(ACTIONS[code]) if code in ACTIONS else code


def timeline_labels() -> list[str]:
    # Listed literally so makemessages finds them.
    return [
        _("Item created"),
        _("Item changed"),
        _("Deadline extended"),
        _("Report draft saved"),
        _("Report sent"),
        _("Report returned"),
        _("Report accepted"),
        _("Rated"),
        _("Rating changed"),
        _("Suggestion confirmed"),
        _("Suggestion overridden"),
        _("Assigned"),
        _("Acknowledged"),
        _("Extension requested"),
        _("Extension decided"),
        _("Close-out requested"),
        _("Close-out decided"),
        _("Combined statement written"),
        _("Combined statement changed"),
    ]


def _targets(label: str, ids: list[int]) -> Q:
    return Q(target_type=label, target_id__in=[str(i) for i in ids])


def timeline(item: WorkItem, *, report_ids: list[int], user: Viewer) -> list[AuditEvent]:
    """Every event on the item and on the objects of it this user may see, newest first."""
    roles = roles_of(user)
    requests_q = Q() if roles.is_office else Q(unit_id__in=roles.unit_ids)
    extension_ids = list(
        ExtensionRequest.objects.filter(requests_q, item=item).values_list("pk", flat=True)
    )
    close_ids = list(
        CloseOutRequest.objects.filter(requests_q, item=item).values_list("pk", flat=True)
    )
    rating_ids = list(Rating.objects.filter(item=item).values_list("pk", flat=True))
    q = (
        _targets("ledger.workitem", [item.pk])
        | _targets("progress.progressreport", report_ids)
        | _targets("progress.extensionrequest", extension_ids)
        | _targets("progress.closeoutrequest", close_ids)
        | _targets("progress.assignment", list(item.assignments.values_list("pk", flat=True)))
    )
    if roles.is_office or roles.leader_ids:
        q |= _targets("review.rating", rating_ids)
        statements = CombinedStatement.objects.filter(item=item).values_list("pk", flat=True)
        q |= _targets("progress.combinedstatement", list(statements))
    events = list(AuditEvent.objects.filter(q).select_related("actor")[:200])
    for event in events:
        event.label = action_label(event.action)  # type: ignore[attr-defined]
        event.detail = _event_detail(event)  # type: ignore[attr-defined]
    return events


def _event_detail(event: AuditEvent) -> str:
    after = event.after or {}
    if event.action == "report.returned":
        return str(after.get("return_reason", ""))
    if event.action.startswith("rating.suggestion"):
        return str((event.before or {}).get("reason", "")) + " " + str(after.get("note", ""))
    if event.action in {"extension.decided", "close_out.decided"}:
        return str(after.get("decision_reason", ""))
    return ""


def item_context(
    request: HttpRequest, item: WorkItem, round: Round, **bound: Any
) -> dict[str, Any]:
    user = request.user
    roles = roles_of(user)
    reports = list(
        permissions.reports_visible_to(user)
        .filter(item=item, round=round)
        .select_related("unit", "updated_by")
        .prefetch_related("values__target", "evidence")
    )
    responsible = [item.lead_unit, *item.co_units.all()]
    my_units = [u for u in responsible if u.pk in roles.unit_ids]
    my_unit = my_units[0] if my_units else None
    my_report = next((r for r in reports if my_unit and r.unit_id == my_unit.pk), None)
    office = roles.is_office
    context: dict[str, Any] = {
        "item": item,
        "round": round,
        "rounds": Round.objects.all(),
        "responsible": responsible,
        "leaders": list(item.leaders.all()),
        "targets": list(item.targets.all()),
        "milestones": list(item.milestones.all()),
        "reports": reports,
        "my_unit": my_unit,
        "my_report": my_report,
        "office": office,
        "can_decide": permissions.can_decide(user),
        "warning": with_warnings(WorkItem.objects.filter(pk=item.pk), round)
        .values_list(*["warning"], flat=True)
        .first(),
        "assignments": list(Assignment.objects.filter(item=item).select_related("unit")),
        "my_unit_ids": roles.unit_ids,
        "timeline": timeline(item, report_ids=[r.pk for r in reports], user=user),
        "decision_form": DecisionForm(),
        "multi_unit": len(responsible) > 1,
    }
    if my_unit is not None:
        context.update(_unit_forms(item, round, my_report, bound))
        context["can_close_out"] = my_unit.pk == item.lead_unit_id
    visible = Q() if office else Q(unit_id__in=roles.unit_ids)
    context["extensions"] = list(
        ExtensionRequest.objects.filter(visible, item=item).select_related("unit")
    )
    context["close_outs"] = list(
        CloseOutRequest.objects.filter(visible, item=item).select_related("unit")
    )
    if office or roles.leader_ids:
        context.update(_office_parts(item, round, reports, bound))
    return context


def _unit_forms(
    item: WorkItem, round: Round, report: ProgressReport | None, bound: dict[str, Any]
) -> dict[str, Any]:
    editable = report is None or report.state in REPORT_EDITABLE
    initial: dict[str, Any] = {"version": report.version if report else 0}
    if report is not None:
        initial["narrative"] = report.narrative
        for tv in report.values.all():
            initial[f"target_{tv.target_id}"] = tv.value.normalize()
    return {
        "report_editable": editable,
        "report_form": bound.get("report_form") or ReportForm(initial=initial, item=item),
        "extension_form": bound.get("extension_form") or ExtensionForm(),
        "close_out_form": bound.get("close_out_form") or CloseOutForm(),
    }


def _office_parts(
    item: WorkItem, round: Round, reports: list[ProgressReport], bound: dict[str, Any]
) -> dict[str, Any]:
    rating = Rating.objects.filter(item=item, round=round).select_related("status").first()
    statement = CombinedStatement.objects.filter(item=item, round=round).first()
    return_forms = bound.get("return_forms", {})
    for report in reports:
        report.return_form = return_forms.get(report.pk) or ReturnForm(  # type: ignore[attr-defined]
            initial={"version": report.version}
        )
        report.accept_form = AcceptForm(initial={"version": report.version})  # type: ignore[attr-defined]
        report.reviewable = report.state == ReportState.SUBMITTED  # type: ignore[attr-defined]
    suggestion = suggestion_for(item, round)
    rating_initial = {
        "status": rating.status_id if rating else None,
        "note": rating.note if rating else "",
        "updated_at": rating.updated_at if rating else None,
    }
    if rating is None and suggestion is not None:
        from ducha.review.models import Status

        rating_initial["status"] = (
            Status.objects.filter(code=suggestion.status_code).values_list("pk", flat=True).first()
        )
    return {
        "rating": rating,
        "suggestion": suggestion,
        "statement": statement,
        "rating_form": bound.get("rating_form") or RatingForm(initial=rating_initial),
        "statement_form": bound.get("statement_form")
        or StatementForm(
            initial={
                "text": statement.text if statement else "",
                "version": statement.version if statement else 0,
            }
        ),
    }
