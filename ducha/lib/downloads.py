"""Tables as HTTP downloads, one place for content types and file names."""

from __future__ import annotations

import io
from typing import Any

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from ducha.lib.tables import Table, csv_lines, json_bytes, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv", "json")


def table_response(
    table: Table, fmt: str, *, filename: str, meta: dict[str, Any] | None = None
) -> HttpResponseBase:
    """`table` as an attachment named `filename`.`fmt`."""
    name = f"{filename}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(xlsx_bytes(table), name)
    if fmt == "csv":
        stream = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
        stream["Content-Disposition"] = f'attachment; filename="{name}"'
        return stream
    if fmt == "json":
        response = HttpResponse(
            json_bytes(table, meta=meta), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    raise Http404


def xlsx_response(data: bytes, name: str) -> FileResponse:
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=XLSX)
