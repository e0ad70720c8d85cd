"""The office's audit trail (/office/audit/): a filtered list, and the same list in Excel."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from ducha.auditlog.describe import EventRow, describe
from ducha.auditlog.forms import AuditFilterForm
from ducha.auditlog.permissions import can_view_audit
from ducha.lib.downloads import xlsx_response
from ducha.lib.excel import SheetSpec, write_xlsx

PAGE_SIZE = 50
# An export is one sheet in memory; beyond this the office narrows the filters.
MAX_EXPORT_ROWS = 20_000


def _form(request: HttpRequest) -> AuditFilterForm:
    if not can_view_audit(request.user):
        raise PermissionDenied
    return AuditFilterForm(request.GET or None)


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    page = Paginator(form.events(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": describe(list(page.object_list)),
        "query": query.urlencode(),
    }
    return render(request, "auditlog/index.html", context)


@login_required
@require_safe
def export(request: HttpRequest) -> FileResponse:
    form = _form(request)
    rows = describe(list(form.events()[:MAX_EXPORT_ROWS]))
    header = [_("Time"), _("Who"), _("Action"), _("Kind of object"), _("Object")]
    header += [_("Field"), pgettext("audit trail", "Before"), pgettext("audit trail", "After")]
    spec = SheetSpec(
        title=_("Audit trail"),
        header=header,
        rows=_sheet_rows(rows),
        widths=[18, 12, 16, 14, 36, 16, 30, 30],
    )
    out = io.BytesIO()
    write_xlsx([spec], out)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(out.getvalue(), f"{_('Audit trail')}-{stamp}.xlsx")


def _sheet_rows(rows: list[EventRow]) -> list[list[object]]:
    """One line per changed value (an event without values has one line)."""
    lines: list[list[object]] = []
    for row in rows:
        head: list[object] = [row.at.replace(tzinfo=None), row.actor, row.action, row.kind]
        head.append(row.target)
        tails = [[c.label, c.before, c.after] for c in row.changes] or [["", "", ""]]
        lines.extend(head + tail for tail in tails)
    return lines
