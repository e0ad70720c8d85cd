"""Tables of values by field, written as .xlsx, CSV or JSON: the one writer of every export.

A table knows nothing of the ledger or of ratings: the app that builds it gives the column
labels, the widths and the colour of rows that have one.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ducha.lib.excel import SheetSpec, write_csv, write_xlsx

DEFAULT_WIDTH = 12


@dataclass
class Table:
    """Rows of values by field, with the colour of the `colour_field` cell of rows that have one."""

    title: str
    fields: Sequence[str]
    labels: dict[str, str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    colours: list[str | None] = field(default_factory=list)
    widths: dict[str, int] = field(default_factory=dict)
    colour_field: str = "status"

    def label(self, field_name: str) -> str:
        return self.labels[field_name]

    @property
    def header(self) -> list[str]:
        return [self.label(f) for f in self.fields]


def xlsx_bytes(table: Table) -> bytes:
    fields = list(table.fields)
    colour_column = fields.index(table.colour_field) if table.colour_field in fields else None
    fills = {
        (r, colour_column): colour
        for r, colour in enumerate(table.colours)
        if colour and colour_column is not None
    }
    spec = SheetSpec(
        title=table.title,
        header=table.header,
        rows=([row[f] for f in fields] for row in table.rows),
        widths=[table.widths.get(f, DEFAULT_WIDTH) for f in fields],
        fills=fills,
    )
    out = io.BytesIO()
    write_xlsx([spec], out)
    return out.getvalue()


def csv_lines(table: Table) -> Iterator[str]:
    return write_csv(table.header, ([row[f] for f in table.fields] for row in table.rows))


def json_bytes(table: Table, *, meta: dict[str, Any] | None = None) -> bytes:
    """{"fields": {key: 中文列名}, "rows": [{key: value}]}: stable keys, ISO dates."""
    document = {
        **(meta or {}),
        "fields": {f: table.label(f) for f in table.fields},
        "rows": table.rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=_json_default).encode()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value))
