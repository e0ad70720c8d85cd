"""The register (登记簿), a document's page and files, 签收, 交办 with its notice, 催办 by
hand from the workbench, the registration of a bulletin, and the office's settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import modelformset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ducha.core.request import actor_of
from ducha.documents import escalation, queries, services
from ducha.documents import render as files
from ducha.documents.enums import DEFAULT_PATTERNS, DocumentKind
from ducha.documents.forms import (
    BulletinRegisterForm,
    RegisterFilterForm,
    RuleForm,
    SeriesForm,
    UrgeForm,
)
from ducha.documents.models import Document, DocumentSeries, EscalationRule
from ducha.documents.permissions import can_issue, documents_visible_to
from ducha.ledger.models import WorkItem
from ducha.lib.params import parse_id
from ducha.org.models import Unit
from ducha.progress import permissions as progress_permissions

PAGE_SIZE = 50
MAX_SELECTED = 200  # items chosen on the workbench for one 催办


def _document_for_user(request: HttpRequest, pk: int) -> Document:
    found = documents_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_safe
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = queries.register(
        request.user,
        kind=data.get("kind", ""),
        unacknowledged=data.get("unacknowledged", False),
        item=data.get("item"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "office": can_issue(request.user),
        "bulletin_form": BulletinRegisterForm() if can_issue(request.user) else None,
    }
    return render(request, "documents/register.html", context)


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_for_user(request, pk)
    from ducha.accounts.roles import roles_of

    can_acknowledge = (
        document.acknowledged_at is None and document.unit_id in roles_of(request.user).unit_ids
    )
    context = {"document": document, "can_acknowledge": can_acknowledge}
    return render(request, "documents/detail.html", context)


@login_required
@require_safe
def download(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    document = _document_for_user(request, pk)
    if extension not in files.FORMATS:
        raise Http404
    response = HttpResponse(files.render(document, extension), files.FORMATS[extension])
    name = f"{document.number}{document.get_kind_display()}.{extension}"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_for_user(request, pk)
    services.acknowledge_document(document, actor=actor_of(request))
    messages.success(request, _("Document %(number)s acknowledged.") % {"number": document.number})
    return redirect(request.POST.get("next") or document.get_absolute_url())


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """交办 from the item's page: the assignment and its numbered 督查通知单."""
    if not can_issue(request.user):
        raise PermissionDenied
    item = progress_permissions.get_item_for_user(request, pk, write=True)
    unit_id = parse_id(request.POST.get("unit"))
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit is None:
        messages.error(request, _("Choose a unit."))
        return redirect(item.get_absolute_url())
    try:
        notice = services.assign_with_notice(item, unit=unit, actor=actor_of(request))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(item.get_absolute_url())
    messages.success(request, _("Item assigned to %(unit)s.") % {"unit": unit})
    if notice is not None:
        messages.success(
            request, _("Supervision notice %(number)s issued.") % {"number": notice.number}
        )
    return redirect(item.get_absolute_url())


def _selected_items(request: HttpRequest) -> list[WorkItem]:
    ids = [parse_id(v) for v in request.POST.getlist("item")[:MAX_SELECTED]]
    return list(WorkItem.objects.filter(pk__in=[i for i in ids if i is not None]))


@login_required
@require_POST
def urge(request: HttpRequest) -> HttpResponse:
    """催办 by hand: the first POST (from the workbench) previews, the second issues."""
    if not can_issue(request.user):
        raise PermissionDenied
    items = _selected_items(request)
    form = UrgeForm(request.POST)
    if not items or not form.is_valid():
        messages.error(request, _("Choose items on the workbench, then a kind of document."))
        return redirect("progress:workbench")
    kind, _sep, level = form.cleaned_data["kind"].partition(":")
    issues = escalation.by_hand(items, kind=kind, level=level, now=timezone.now())
    if form.cleaned_data["confirm"] and issues:
        issued = services.urge_by_hand(issues, actor=actor_of(request))
        numbers = "、".join(d.number for d in issued)
        messages.success(request, _("Issued: %(numbers)s") % {"numbers": numbers})
        return redirect("documents:register")
    previews = [(issue, services.preview(issue)) for issue in issues]
    context = {
        "items": items,
        "previews": previews,
        "form": form,
        "choice": form.cleaned_data["kind"],
    }
    return render(request, "documents/urge.html", context)


@login_required
@require_POST
def register_bulletin(request: HttpRequest) -> HttpResponse:
    if not can_issue(request.user):
        raise PermissionDenied
    form = BulletinRegisterForm(request.POST)
    if form.is_valid():
        try:
            document = services.register_bulletin(
                form.cleaned_data["bulletin"],
                main_to=form.cleaned_data["main_to"],
                actor=actor_of(request),
            )
            messages.success(
                request, _("Bulletin registered as %(number)s.") % {"number": document.number}
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
    else:
        messages.error(request, _("Choose a published bulletin and its addressees."))
    return redirect("documents:register")


# Rules are switched off, never deleted: issued documents name them.
RuleFormSet = modelformset_factory(
    EscalationRule, form=RuleForm, extra=1, max_num=20, can_delete=False
)


def _series_formset(data: Any) -> Any:
    """A row per kind: the office's settings, or the defaults of the kinds it has not set."""
    missing = [k for k in DocumentKind if not DocumentSeries.objects.filter(kind=k).exists()]
    formset = modelformset_factory(
        DocumentSeries, form=SeriesForm, extra=len(missing), max_num=len(DocumentKind)
    )
    initial = [
        {
            "kind": k,
            "pattern": DEFAULT_PATTERNS[k],
            "issuer": "市政府督查室",
            "printed_by": "市政府督查室",
        }
        for k in missing
    ]
    return formset(data, prefix="series", initial=initial)


@login_required
def office_settings(request: HttpRequest) -> HttpResponse:
    """文号 formats and escalation rules, set by the office."""
    if not can_issue(request.user):
        raise PermissionDenied
    series = _series_formset(request.POST or None)
    rules = RuleFormSet(request.POST or None, prefix="rules")
    if request.method == "POST" and series.is_valid() and rules.is_valid():
        services.save_settings(series, rules, actor=actor_of(request))
        messages.success(request, _("Settings saved."))
        return redirect("documents:settings")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "documents/settings.html", {"series": series, "rules": rules}, status=status
    )
