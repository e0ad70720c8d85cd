"""Progress sheets in the browser: a unit downloads its items for a round as a sheet and
uploads it filled in; the office exports the reports of a round with the same columns."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ducha.core.request import actor_of
from ducha.lib.downloads import table_response, xlsx_response
from ducha.lib.excel import SpreadsheetError
from ducha.lib.params import parse_id
from ducha.lib.sheetimport import ImportFailed
from ducha.lib.tables import xlsx_bytes
from ducha.org.models import Unit
from ducha.progress import permissions, queries, services
from ducha.progress.forms import ProgressSheetForm
from ducha.progress.sheets import (
    Part,
    SheetPlan,
    plan_sheet,
    progress_table,
    report_parts,
    unit_parts,
)
from ducha.progress.views import render
from ducha.review.models import Round


def _unit_id(request: HttpRequest) -> int | None:
    return parse_id(request.GET.get("unit"))


def _parts(request: HttpRequest, units: list[Unit], round: Round) -> list[Part]:
    return unit_parts(permissions.items_visible_to(request.user), units, round)


@login_required
@require_safe
def sheet_download(request: HttpRequest) -> HttpResponseBase:
    units = permissions.get_sheet_units_for_user(request, _unit_id(request))
    round = queries.round_or_404(request.GET.get("round"))
    table = progress_table(_parts(request, units, round), round, title=f"进展（{round.code}）")
    return xlsx_response(xlsx_bytes(table), f"progress-{round.code}.xlsx")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sheet_upload(request: HttpRequest) -> HttpResponse:
    """Upload → every row checked → all reports saved, or the located errors and nothing."""
    units = permissions.get_sheet_units_for_user(request, _unit_id(request))
    round = queries.round_or_404(request.GET.get("round"))
    form = ProgressSheetForm(request.POST or None, request.FILES or None)
    plan: SheetPlan | None = None
    if request.method == "POST" and form.is_valid():
        upload, submit = form.cleaned_data["file"], form.cleaned_data["submit"]
        try:
            plan = plan_sheet(
                upload.read(),
                upload.name,
                parts=_parts(request, units, round),
                units=units,
                round=round,
                submit=submit,
            )
            if plan.ok:
                result = services.import_progress_sheet(
                    plan, round, actor=actor_of(request), filename=upload.name
                )
                messages.success(request, _result_message(result))
                return redirect(f"{reverse('progress:inbox')}?{urlencode({'round': round.code})}")
        except (ImportFailed, SpreadsheetError, ValidationError) as error:
            form.add_error("file", _message(error))
    context = {"form": form, "round": round, "units": units, "plan": plan}
    status = 400 if request.method == "POST" else 200
    return render(request, "progress/sheet_upload.html", context, status=status)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _result_message(result: services.SheetResult) -> str:
    return _("Sheet read: %(saved)s saved as drafts, %(sent)s sent, %(same)s unchanged.") % {
        "saved": result.saved,
        "sent": result.submitted,
        "same": result.unchanged,
    }


@login_required
@require_safe
def reports_export(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    """The office's export of the reports units have sent for a round."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    round = queries.round_or_404(code)
    reports = permissions.reports_visible_to(request.user).filter(round=round)
    table = progress_table(report_parts(reports), round, title=f"进展报告（{round.code}）")
    return table_response(table, fmt, filename=f"reports-{round.code}")
