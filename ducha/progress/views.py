"""The workflow's pages: thin views that parse, authorize, call one service and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ducha.accounts.roles import roles_of
from ducha.core.request import actor_of
from ducha.ledger.models import Source
from ducha.org.models import Leader, Unit
from ducha.progress import permissions, queries, services
from ducha.progress.enums import ReportState, Warning
from ducha.progress.files import evidence_response
from ducha.progress.forms import (
    AcceptForm,
    CloseOutForm,
    DecisionForm,
    ExtensionForm,
    RatingForm,
    ReportForm,
    ReturnForm,
    StatementForm,
    WorkbenchFilterForm,
)
from ducha.progress.item_page import item_context
from ducha.progress.links import item_url
from ducha.progress.models import CloseOutRequest, ExtensionRequest, Notification
from ducha.progress.paging import page_rows
from ducha.progress.rating_page import changes_context, rating_rows
from ducha.review.models import Round, Status

PAGE_SIZE = 50


def render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return django_render(request, template, context, status=status)


def _fail(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if not (roles.is_office or roles.leader_ids):
        raise PermissionDenied
    round = queries.round_or_404(request.GET.get("round"))
    form = WorkbenchFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.WorkbenchFilters(
        warning=data.get("warning") or "",
        leader=getattr(data.get("leader"), "pk", None),
        unit=getattr(data.get("unit"), "pk", None),
        status=getattr(data.get("status"), "pk", None),
        source=getattr(data.get("source"), "pk", None),
    )
    result = queries.workbench(request.user, round, filters)
    page, rows = page_rows(result["items"], request.GET.get("page"), count=result["total"])
    statuses = {s.pk: s for s in Status.objects.all()}
    return render(
        request,
        "progress/workbench.html",
        {
            "round": round,
            "form": form,
            "page": page,
            "rows": rows,
            "statuses": statuses,
            "warning_choices": [(w, w.label, result["warning_counts"].get(w, 0)) for w in Warning],
            "status_choices": [
                (s, result["status_counts"].get(s.pk, 0)) for s in statuses.values()
            ],
            "unit_choices": _with_counts(Unit.objects.all(), result["unit_counts"]),
            "leader_choices": _with_counts(Leader.objects.all(), result["leader_counts"]),
            "source_choices": _with_counts(Source.objects.all(), result["source_counts"]),
            "selected": filters,
            "total": page.paginator.count,
            "query": _query_without_page(request),
        },
    )


def _with_counts(objects: Any, counts: dict[Any, int]) -> list[tuple[Any, int]]:
    """Every option of a filter with the number of matching items (units with none hidden)."""
    return [(o, counts.get(o.pk, 0)) for o in objects if counts.get(o.pk) or len(counts) == 0]


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if not roles.unit_ids:
        raise PermissionDenied
    round = queries.round_or_404(request.GET.get("round"))
    unit_ids = sorted(roles.unit_ids)
    data = queries.inbox(unit_ids, request.user, round)
    page, rows = page_rows(data["items"], request.GET.get("page"))
    return render(
        request,
        "progress/inbox.html",
        {
            "round": round,
            "units": Unit.objects.filter(pk__in=unit_ids),
            "due": data["due"][:PAGE_SIZE],
            "returned": data["returned"][:PAGE_SIZE],
            "page": page,
            "rows": rows,
            "warning_counts": data["warning_counts"],
            "notifications": unread_notifications(actor_of(request)),
            "states": dict(ReportState.choices),
        },
    )


def unread_notifications(user: User) -> list[Notification]:
    return list(Notification.objects.filter(user=user, read_at=None)[:10])


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_item_for_user(request, pk)
    round = queries.round_or_404(request.GET.get("round"))
    return render(request, "progress/item.html", item_context(request, item, round))


def _render_item(request: HttpRequest, item: Any, round: Round, **forms: Any) -> HttpResponse:
    context = item_context(request, item, round, **forms)
    return render(request, "progress/item.html", context, status=400)


@login_required
@require_POST
def report_save(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    """The unit saves or sends its part; a rejected form comes back with what was typed."""
    item = permissions.get_item_for_user(request, pk, write=True)
    round = queries.round_or_404(request.POST.get("round"))
    if not permissions.can_report_for(request.user, item, unit_id):
        raise PermissionDenied
    unit = Unit.objects.get(pk=unit_id)
    form = ReportForm(request.POST, request.FILES, item=item)
    if form.is_valid():
        try:
            services.save_report(
                item,
                round,
                unit=unit,
                actor=actor_of(request),
                narrative=form.cleaned_data["narrative"],
                values=form.values(),
                files=form.cleaned_data["evidence"],
                expected_version=form.cleaned_data["version"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sent = "submit" in request.POST
            messages.success(request, _("Report sent.") if sent else _("Draft saved."))
            return redirect(item_url(item.pk, round.code))
    return _render_item(request, item, round, report_form=form)


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = permissions.get_report_for_user(request, pk, write=True)
    if not permissions.can_review(request.user):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_report(
                report,
                reason=form.cleaned_data["reason"],
                actor=actor_of(request),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Report returned to the unit."))
            return redirect(item_url(report.item_id, report.round.code))
    return _render_item(request, report.item, report.round, return_forms={report.pk: form})


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = permissions.get_report_for_user(request, pk, write=True)
    if not permissions.can_review(request.user):
        raise PermissionDenied
    form = AcceptForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("The form was incomplete; reload the page."))
        services.accept_report(
            report, actor=actor_of(request), expected_version=form.cleaned_data["version"]
        )
        messages.success(request, _("Report accepted."))
    except ValidationError as error:
        _fail(request, error)
    return redirect(item_url(report.item_id, report.round.code))


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    evidence = permissions.get_evidence_for_user(request, pk)
    return evidence_response(evidence)


@login_required
@require_POST
def rate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Rate one item from the rating page or the item page; errors re-render with the input."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    round = queries.round_or_404(code)
    item = permissions.get_item_for_user(request, pk, write=True)
    form = RatingForm(request.POST)
    back = _local_path(request.POST.get("next"), reverse("progress:ratings", args=[round.code]))
    if form.is_valid():
        try:
            services.rate_item(
                round,
                item,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=actor_of(request),
                expected_updated_at=form.cleaned_data["updated_at"],
                expected_rating_id=0 if form.cleaned_data["updated_at"] is None else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rating saved: %(item)s") % {"item": item})
            return redirect(back)
    if back.startswith(item_url(item.pk)):
        return _render_item(request, item, round, rating_form=form)
    context = rating_rows(request, round, bound={item.pk: form})
    return render(request, "progress/ratings.html", context, status=400)


def _local_path(wanted: str | None, default: str) -> str:
    """Only a path on this site: never `//elsewhere` or `https://elsewhere`."""
    if not wanted or not wanted.startswith("/"):
        return default
    return wanted if url_has_allowed_host_and_scheme(wanted, allowed_hosts=None) else default


@login_required
def ratings(request: HttpRequest, code: str) -> HttpResponse:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    round = queries.round_or_404(code)
    return render(request, "progress/ratings.html", rating_rows(request, round))


@login_required
def changes(request: HttpRequest, code: str) -> HttpResponse:
    roles = roles_of(request.user)
    if not (roles.is_office or roles.leader_ids):
        raise PermissionDenied
    round = queries.round_or_404(code)
    return render(request, "progress/changes.html", changes_context(request, round))


@login_required
@require_POST
def statement(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    item = permissions.get_item_for_user(request, pk, write=True)
    round = queries.round_or_404(code)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.write_combined_statement(
                item,
                round,
                text=form.cleaned_data["text"],
                actor=actor_of(request),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Combined statement saved."))
            return redirect(item_url(item.pk, round.code))
    return _render_item(request, item, round, statement_form=form)


def _unit_request(
    request: HttpRequest,
    pk: int,
    unit_id: int,
    *,
    form_class: Any,
    ask: Any,
    done: str,
    form_name: str,
) -> HttpResponse:
    """A unit asks the office for something about an item: validate, call the service, show."""
    item = permissions.get_item_for_user(request, pk, write=True)
    if not permissions.can_report_for(request.user, item, unit_id):
        raise PermissionDenied
    round = queries.round_or_404(request.POST.get("round"))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            ask(
                item,
                unit=Unit.objects.get(pk=unit_id),
                actor=actor_of(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(item_url(item.pk, round.code))
    return _render_item(request, item, round, **{form_name: form})


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    return _unit_request(
        request,
        pk,
        unit_id,
        form_class=ExtensionForm,
        ask=services.request_extension,
        done=_("Extension requested."),
        form_name="extension_form",
    )


@login_required
@require_POST
def close_out_request(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    return _unit_request(
        request,
        pk,
        unit_id,
        form_class=CloseOutForm,
        ask=services.request_close_out,
        done=_("Close-out requested."),
        form_name="close_out_form",
    )


def _decide_view(request: HttpRequest, model: Any, pk: int) -> HttpResponse:
    """The office head decides a unit's request; the rule of who may decide lives in one place."""
    if not permissions.can_decide(request.user):
        raise PermissionDenied
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    _decide(request, obj)
    return redirect(item_url(obj.item_id))


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide_view(request, ExtensionRequest, pk)


@login_required
@require_POST
def close_out_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide_view(request, CloseOutRequest, pk)


def _decide(request: HttpRequest, obj: Any) -> None:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and give the reason."))
        return
    try:
        services.decide_request(obj, actor=actor_of(request), **form.cleaned_data)
        messages.success(request, _("Decision recorded."))
    except ValidationError as error:
        _fail(request, error)


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    from ducha.progress.models import Assignment

    assignment = Assignment.objects.filter(
        pk=pk, unit_id__in=roles_of(request.user).unit_ids
    ).first()
    if assignment is None:
        raise Http404
    services.acknowledge_assignment(assignment, actor=actor_of(request))
    messages.success(request, _("Assignment acknowledged."))
    return redirect(item_url(assignment.item_id))


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark the user's own notifications read; nobody else's can be named."""
    services.mark_notifications_read(actor=actor_of(request))
    return redirect("progress:inbox")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if roles.is_office or roles.leader_ids:
        return redirect("progress:workbench")
    if roles.unit_ids:
        return redirect("progress:inbox")
    raise PermissionDenied
