"""Reports, reviews and ratings over JSON; the pages' use cases, nothing more."""

from __future__ import annotations

import datetime
import decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from pydantic import AfterValidator

from ducha.core.request import actor_of
from ducha.org.models import Unit
from ducha.progress import permissions, queries, services
from ducha.progress.limits import (
    NARRATIVE_MAX,
    NOTE_MAX,
    REASON_MAX,
    SUMMARY_MAX,
    VALUE_DECIMAL_PLACES,
    VALUE_MAX_DIGITS,
)
from ducha.progress.models import (
    Assignment,
    CloseOutRequest,
    ExtensionRequest,
    ProgressReport,
)
from ducha.review.models import Status

router = Router(tags=["progress"])
PAGE_SIZE = 100
MAX_PAGE = 100_000


def _no_nul(text: str) -> str:
    # PostgreSQL cannot store NUL in text; no person types one.
    if "\x00" in text:
        raise ValueError("text must not contain NUL characters")
    return text


def Text(max_length: int, *, min_length: int = 0) -> Any:
    """Text as the form takes it: the same length limit, no NUL characters."""
    return Annotated[
        str, Field(max_length=max_length, min_length=min_length), AfterValidator(_no_nul)
    ]


Value = Annotated[
    decimal.Decimal,
    Field(
        ge=0,
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        allow_inf_nan=False,
    ),
]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ReportOut(Schema):
    id: int
    item_id: int
    unit: str
    round: str
    state: str
    narrative: str
    return_reason: str
    version: int
    values: dict[str, str]


class ReportIn(Schema):
    narrative: Text(NARRATIVE_MAX)  # type: ignore[valid-type]
    values: dict[Id, Value] = {}
    submit: bool = False
    # The version the client read; 0 when the unit has no report for the round yet.
    version: Version


class ReturnIn(Schema):
    reason: Text(REASON_MAX)  # type: ignore[valid-type]
    version: Version


class AcceptIn(Schema):
    version: Version


class RatingIn(Schema):
    status: Text(32)  # type: ignore[valid-type]
    note: Text(NOTE_MAX) = ""  # type: ignore[valid-type]
    # When the client read the rating; null when the item had none yet (as the form).
    updated_at: datetime.datetime | None


class RatingOut(Schema):
    item_id: int
    round: str
    status: str
    note: str
    # ISO 8601 to the microsecond: what `updated_at` of the next write must repeat.
    updated_at: str


class ItemOut(Schema):
    id: int
    code: str
    title: str
    lead_unit: str
    warning: str
    status: str | None
    reports_in: int


def report_out(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "item_id": report.item_id,
        "unit": str(report.unit),
        "round": report.round.code,
        "state": report.state,
        "narrative": report.narrative,
        "return_reason": report.return_reason,
        "version": report.version,
        "values": {str(v.target_id): str(v.value) for v in report.values.all()},
    }


@router.get("/items/", response=list[ItemOut])
def list_items(request: HttpRequest, round: str | None = None, page: int = 1) -> list[Any]:
    """The items this user may see, with the round's warning, status and reports in."""
    the_round = queries.round_or_404(round)
    result = queries.workbench(request.user, the_round, queries.WorkbenchFilters())
    start = (min(max(page, 1), MAX_PAGE) - 1) * PAGE_SIZE
    return [
        {
            "id": item.pk,
            "code": item.code,
            "title": item.title,
            "lead_unit": str(item.lead_unit),
            "warning": item.warning,
            "status": item.status_label,
            "reports_in": item.reports_in,
        }
        for item in result["items"][start : start + PAGE_SIZE]
    ]


@router.get("/reports/{pk}/", response=ReportOut)
def get_report(request: HttpRequest, pk: int) -> dict[str, Any]:
    return report_out(permissions.get_report_for_user(request, pk))


@router.post("/items/{pk}/units/{unit_id}/report/", response=ReportOut)
def save_report(
    request: HttpRequest, pk: int, unit_id: int, data: ReportIn, round: str | None = None
) -> dict[str, Any]:
    item = permissions.get_item_for_user(request, pk, write=True)
    if not permissions.can_report_for(request.user, item, unit_id):
        raise PermissionDenied
    report = services.save_report(
        item,
        queries.round_or_404(round),
        unit=Unit.objects.get(pk=unit_id),
        actor=actor_of(request),
        narrative=data.narrative,
        values=data.values,
        submit=data.submit,
        expected_version=data.version,
    )
    return report_out(report)


@router.post("/reports/{pk}/return/", response=ReportOut)
def return_report(request: HttpRequest, pk: int, data: ReturnIn) -> dict[str, Any]:
    report = permissions.get_report_for_user(request, pk, write=True)
    report = services.return_report(
        report, reason=data.reason, actor=actor_of(request), expected_version=data.version
    )
    return report_out(report)


@router.post("/reports/{pk}/accept/", response=ReportOut)
def accept_report(request: HttpRequest, pk: int, data: AcceptIn) -> dict[str, Any]:
    report = permissions.get_report_for_user(request, pk, write=True)
    report = services.accept_report(report, actor=actor_of(request), expected_version=data.version)
    return report_out(report)


@router.post("/rounds/{code}/ratings/{pk}/", response=RatingOut)
def rate(request: HttpRequest, code: str, pk: int, data: RatingIn) -> dict[str, Any]:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    item = permissions.get_item_for_user(request, pk, write=True)
    status = Status.objects.filter(code=data.status).first()
    if status is None:
        raise Http404
    rating = services.rate_item(
        queries.round_or_404(code),
        item,
        status=status,
        note=data.note,
        actor=actor_of(request),
        expected_updated_at=data.updated_at,
        expected_rating_id=0 if data.updated_at is None else None,
    )
    return {
        "item_id": item.pk,
        "round": code,
        "status": status.code,
        "note": rating.note,
        "updated_at": rating.updated_at.isoformat(),
    }


class RequestOut(Schema):
    id: int
    item_id: int
    unit: str
    state: str
    decision_reason: str


class ExtensionIn(Schema):
    requested_deadline: datetime.date
    reason: Text(REASON_MAX)  # type: ignore[valid-type]


class CloseOutIn(Schema):
    summary: Text(SUMMARY_MAX)  # type: ignore[valid-type]


class DecisionIn(Schema):
    approve: bool
    reason: Text(REASON_MAX)  # type: ignore[valid-type]


def request_out(request: Any) -> dict[str, Any]:
    return {
        "id": request.pk,
        "item_id": request.item_id,
        "unit": str(request.unit),
        "state": request.state,
        "decision_reason": request.decision_reason,
    }


def _reporting_unit(request: HttpRequest, pk: int, unit_id: int) -> tuple[Any, Unit]:
    item = permissions.get_item_for_user(request, pk, write=True)
    if not permissions.can_report_for(request.user, item, unit_id):
        raise PermissionDenied
    return item, Unit.objects.get(pk=unit_id)


@router.post("/items/{pk}/units/{unit_id}/extension/", response=RequestOut)
def request_extension(
    request: HttpRequest, pk: int, unit_id: int, data: ExtensionIn
) -> dict[str, Any]:
    item, unit = _reporting_unit(request, pk, unit_id)
    made = services.request_extension(
        item,
        unit=unit,
        requested_deadline=data.requested_deadline,
        reason=data.reason,
        actor=actor_of(request),
    )
    return request_out(made)


@router.post("/items/{pk}/units/{unit_id}/close-out/", response=RequestOut)
def request_close_out(
    request: HttpRequest, pk: int, unit_id: int, data: CloseOutIn
) -> dict[str, Any]:
    item, unit = _reporting_unit(request, pk, unit_id)
    made = services.request_close_out(
        item, unit=unit, summary=data.summary, actor=actor_of(request)
    )
    return request_out(made)


def _decide(
    request: HttpRequest,
    model: type[ExtensionRequest] | type[CloseOutRequest],
    pk: int,
    data: DecisionIn,
) -> dict[str, Any]:
    """Both kinds of request are decided alike: the head's permission, then one service."""
    if not permissions.can_decide(request.user):
        raise PermissionDenied
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    decided = services.decide_request(
        found, approve=data.approve, reason=data.reason, actor=actor_of(request)
    )
    return request_out(decided)


@router.post("/extensions/{pk}/decide/", response=RequestOut)
def decide_extension(request: HttpRequest, pk: int, data: DecisionIn) -> dict[str, Any]:
    return _decide(request, ExtensionRequest, pk, data)


@router.post("/close-outs/{pk}/decide/", response=RequestOut)
def decide_close_out(request: HttpRequest, pk: int, data: DecisionIn) -> dict[str, Any]:
    return _decide(request, CloseOutRequest, pk, data)


class AssignIn(Schema):
    unit_id: Id


class AssignmentOut(Schema):
    id: int
    item_id: int
    unit: str
    acknowledged: bool


def assignment_out(assignment: Any) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "item_id": assignment.item_id,
        "unit": str(assignment.unit),
        "acknowledged": assignment.acknowledged_at is not None,
    }


@router.post("/items/{pk}/assignments/", response=AssignmentOut)
def assign(request: HttpRequest, pk: int, data: AssignIn) -> dict[str, Any]:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    item = permissions.get_item_for_user(request, pk, write=True)
    unit = get_object_or_404(Unit, pk=data.unit_id)
    return assignment_out(services.assign_item(item, unit=unit, actor=actor_of(request)))


@router.post("/assignments/{pk}/acknowledge/", response=AssignmentOut)
def acknowledge(request: HttpRequest, pk: int) -> dict[str, Any]:
    from ducha.accounts.roles import roles_of

    mine = Assignment.objects.filter(unit_id__in=roles_of(request.user).unit_ids)
    assignment = get_object_or_404(mine, pk=pk)
    return assignment_out(services.acknowledge_assignment(assignment, actor=actor_of(request)))
