"""The office's bulletin pages (/office/bulletins/): draft, word, submit, approve, correct."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ducha.bulletins import permissions, services
from ducha.bulletins.forms import ImportBulletinForm, StartForm, WordingForm
from ducha.bulletins.import_services import import_bulletin
from ducha.bulletins.importer import ImportRefused, build_plan, suggested_period
from ducha.bulletins.models import Bulletin
from ducha.bulletins.permissions import can_import_bulletins
from ducha.bulletins.reader.inputs import ReaderInputError
from ducha.bulletins.reader.installation import extract_upload, read_installation_text
from ducha.bulletins.renderers import DocxRenderer, PdfRenderer, Renderer
from ducha.bulletins.renderers.download import document_download
from ducha.bulletins.renderers.html import article_body
from ducha.core.request import actor_of
from ducha.lib.cn import percent
from ducha.review.models import Round

PREVIEWS: dict[str, type[Renderer]] = {"docx": DocxRenderer, "pdf": PdfRenderer}


def _office(request: HttpRequest) -> None:
    permissions.require(permissions.can_manage_bulletins(request.user))


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    _office(request)
    rounds = list(Round.objects.order_by("-period_end", "code"))
    by_round: dict[int, list[Bulletin]] = {}
    for bulletin in permissions.bulletins_visible_to(request.user).order_by("-version"):
        by_round.setdefault(bulletin.round_id, []).append(bulletin)
    rows = [(round, by_round.get(round.pk, [])) for round in rounds]
    return render(request, "bulletins/index.html", {"rows": rows, "start_form": StartForm()})


@login_required
@require_POST
def start(request: HttpRequest, code: str) -> HttpResponse:
    _office(request)
    round = get_object_or_404(Round, code=code)
    form = StartForm(request.POST)
    form.is_valid()
    try:
        bulletin = services.start_bulletin(
            round, actor=actor_of(request), change_note=form.cleaned_data.get("change_note", "")
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("bulletins:index")
    messages.success(
        request, _("Draft version %(version)s opened.") % {"version": bulletin.version}
    )
    return redirect(bulletin.get_office_url())


def _overview(document: Any) -> list[dict[str, Any]]:
    """Counts per status with their share, as computed from the ratings (read-only)."""
    total = document.total
    return [
        {
            "label": c.label,
            "count": c.count,
            "share": percent(c.count, total) if total else "—",
            "examples": "、".join(c.examples),
        }
        for c in document.categories
    ]


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A version: its preview, and the wording form while it is a draft."""
    bulletin = permissions.get_bulletin_for_user(request, pk)
    editable = permissions.can_edit(request.user, bulletin)
    document = services.version_document(bulletin)
    form = WordingForm(bulletin, document, request.POST or None) if editable else None
    if request.method == "POST":
        if form is None:
            permissions.require(False)
        elif form.is_valid():
            try:
                services.update_wording(
                    bulletin,
                    actor=actor_of(request),
                    wording=form.wording(),
                    change_note=form.cleaned_data.get("change_note"),
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Wording saved."))
                return redirect(bulletin.get_office_url())
    context = {
        "bulletin": bulletin,
        "document": document,
        "body": article_body(document),
        "overview": _overview(document),
        "form": form,
        "can_submit": permissions.can_submit(request.user, bulletin),
        "can_approve": permissions.can_approve(request.user, bulletin),
        "can_return": permissions.can_return(request.user, bulletin),
    }
    return render(request, "bulletins/detail.html", context)


def _step(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    bulletin = permissions.get_bulletin_for_user(request, pk)
    try:
        action(bulletin, actor=actor_of(request))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done)
    return redirect(bulletin.get_office_url())


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.submit_bulletin, _("Submitted for approval."))


@login_required
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.return_bulletin, _("Returned to the drafters."))


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.approve_bulletin, _("Approved and published."))


@login_required
@require_safe
def preview(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """A version as .docx or .pdf: the snapshot once published, the draft as it stands."""
    if extension not in PREVIEWS:
        raise Http404
    bulletin = permissions.get_bulletin_for_user(request, pk)
    document = services.version_document(bulletin)
    return document_download(
        document, PREVIEWS[extension](), name=f"{document.title}（第{bulletin.version}版）"
    )


IMPORT_TEMPLATE = "bulletins/import_bulletin.html"


def _text_of(form: ImportBulletinForm) -> str:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        return extract_upload(upload.read(), upload.name)
    return str(form.cleaned_data["text"])


def _answers(post: Any) -> dict[str, bool]:
    """The office's answer for each name similar to a ledger item: that item, or a new one."""
    return {
        post[f"similar-title-{i}"]: post[f"similar-{i}"] == "use"
        for i in range(200)
        if f"similar-title-{i}" in post and post.get(f"similar-{i}") in ("use", "new")
    }


def _asking_for_period(request: HttpRequest, text: str, doc: Any) -> ImportBulletinForm:
    """The form again, with the text kept (no second upload) and the period the page's date
    suggests filled in for the office to check."""
    data = request.POST.copy()
    data["text"] = text
    suggested = suggested_period(doc)
    if suggested is not None:
        data["period_start"], data["period_end"] = (day.isoformat() for day in suggested)
    form = ImportBulletinForm(data)
    form.is_valid()
    return form


@login_required
def import_bulletin_view(request: HttpRequest) -> HttpResponse:
    if not can_import_bulletins(request.user):
        raise PermissionDenied
    form = ImportBulletinForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        text = doc = plan = None
        try:
            text = _text_of(form)
            doc = read_installation_text(text)
            plan = build_plan(
                doc,
                code=form.cleaned_data["code"],
                period=form.period(),
                answers=_answers(request.POST),
            )
            if "confirm" in request.POST:
                round = import_bulletin(doc, plan, actor=actor_of(request))
                messages.success(request, _("Imported as round %(code)s.") % {"code": round.code})
                return redirect(reverse("bulletins:import"))
        except ImportRefused as error:
            if doc is not None and text is not None and "期间" in str(error):
                form = _asking_for_period(request, text, doc)
                context["form"] = form
            form.add_error(None, str(error))
            if plan is not None:  # still to be answered: keep the preview in front of them
                context |= {"doc": doc, "plan": plan, "text": text}
        except ReaderInputError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, _("Nothing was imported: %s") % "；".join(error.messages))
        else:
            context |= {"doc": doc, "plan": plan, "text": text}
    return render(request, IMPORT_TEMPLATE, context)
