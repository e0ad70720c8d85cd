"""The office's ledger pages: import with preview and confirmation, template and exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ducha.core.request import actor_of
from ducha.ledger import jobs
from ducha.ledger.exports import ledger_table
from ducha.ledger.forms import ConfirmImportForm, LedgerUploadForm
from ducha.ledger.models import ImportState, LedgerImport
from ducha.ledger.permissions import (
    can_export_ledger,
    can_import_ledger,
    get_import_for_user,
    require,
)
from ducha.ledger.services import (
    confirm_ledger_import,
    restart_ledger_import,
    start_ledger_import,
)
from ducha.lib.downloads import table_response, xlsx_response
from ducha.review.exports import ratings_table, template_bytes
from ducha.review.models import Round


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    require(can_import_ledger(request.user))
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = LedgerImport(
            filename=upload.name[-200:],
            data=upload.read(),
            year=form.cleaned_data["year"],
            default_source=form.cleaned_data["default_source"],
            round=form.cleaned_data["round"],
        )
        start_ledger_import(job, actor=actor_of(request))
        return redirect(job)
    recent = LedgerImport.objects.defer("data").select_related("created_by")[:10]
    rounds = Round.objects.all()[:20]
    context = {"form": form, "recent": recent, "rounds": rounds}
    return render(request, "ledger/import_start.html", context)


@login_required
@require_safe
def import_status(request: HttpRequest, token: str) -> HttpResponse:
    job = jobs.fail_if_stale(get_import_for_user(request, token))
    done, total, phase = jobs.progress_of(job)
    percent = int(100 * done / total) if total else 0
    context = {
        "job": job,
        "report": job.report,
        "done": done,
        "total": total,
        "percent": percent,
        "writing": phase == jobs.WRITE,
        "confirm_form": ConfirmImportForm(),
        "restartable": job.state == ImportState.FAILED and job.has_file,
    }
    return render(request, "ledger/import_status.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    job = get_import_for_user(request, token)
    form = ConfirmImportForm(request.POST)
    form.is_valid()
    create_missing = bool(form.cleaned_data.get("create_missing"))
    confirm_ledger_import(job, actor=actor_of(request), create_missing=create_missing)
    return redirect(job)


@login_required
@require_POST
def import_restart(request: HttpRequest, token: str) -> HttpResponse:
    job = get_import_for_user(request, token)
    restart_ledger_import(job, actor=actor_of(request))
    return redirect(job)


@login_required
@require_safe
def template_download(request: HttpRequest) -> HttpResponseBase:
    require(can_import_ledger(request.user))
    return xlsx_response(template_bytes(), "ledger-template.xlsx")


@login_required
@require_safe
def export_ledger(request: HttpRequest, fmt: str) -> HttpResponseBase:
    require(can_export_ledger(request.user))
    return table_response(ledger_table(), fmt, filename="ledger")


@login_required
@require_safe
def export_ratings(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    require(can_export_ledger(request.user))
    round = get_object_or_404(Round, code=code)
    return table_response(ratings_table(round), fmt, filename=f"ratings-{round.code}")
