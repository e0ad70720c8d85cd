"""The ledger and a round's ratings as tables, written as .xlsx, CSV or JSON.

The headers are the import's column names (`ducha.ledger.sheets.COLUMNS`), so an exported
file imports back to the same data. Units are written by short name when that is unique,
leaders as 姓名+职务, deadlines as dates (长期坚持 for ongoing work).
"""

from __future__ import annotations

import datetime
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from ducha.ledger.models import Source, WorkItem
from ducha.ledger.sheets import EXAMPLE_PREFIX, LABELS
from ducha.lib.deadlines import Deadline, format_deadline
from ducha.lib.excel import SheetSpec, list_formula, write_csv, write_xlsx
from ducha.org.models import Leader, Unit
from ducha.review.models import Rating, Round, Status

LEDGER_FIELDS = (
    "code",
    "title",
    "description",
    "source",
    "category",
    "leaders",
    "lead_unit",
    "co_units",
    "deadline",
    "parent_code",
)
RATING_FIELDS = ("status", "note")
RATING_LABELS = {"status": "状态", "note": "督查意见"}
# Open data leaves out the inspector's internal note.
OPEN_FIELDS = (*LEDGER_FIELDS, "status")
WIDTHS = {"title": 40, "description": 50, "source": 24, "leaders": 18, "lead_unit": 18}
WIDTHS |= {"co_units": 30, "deadline": 16, "note": 40}


def label(field_name: str) -> str:
    return LABELS.get(field_name) or RATING_LABELS[field_name]


@dataclass
class Table:
    """Rows of values by field, with the status colour of rows that have one."""

    title: str
    fields: Sequence[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    colours: list[str | None] = field(default_factory=list)
    # Headers of fields that are not the ledger's (a progress sheet's columns).
    labels: dict[str, str] = field(default_factory=dict)
    widths: dict[str, int] = field(default_factory=dict)

    def label(self, field_name: str) -> str:
        return self.labels.get(field_name) or label(field_name)

    @property
    def header(self) -> list[str]:
        return [self.label(f) for f in self.fields]


class UnitNames:
    """A unit's short name where no other unit shares it, else its full name."""

    def __init__(self) -> None:
        self._counts = Counter(Unit.objects.values_list("short_name", flat=True))

    def __call__(self, unit: Unit) -> str:
        return unit.short_name if self._counts[unit.short_name] == 1 else unit.name


def ledger_items() -> QuerySet[WorkItem]:
    return (
        WorkItem.objects.select_related("source", "lead_unit", "parent")
        .prefetch_related("leaders", "co_units")
        .order_by("code")
    )


def _item_values(item: WorkItem, unit_name: UnitNames) -> dict[str, Any]:
    deadline: Any = item.deadline
    if item.ongoing:
        deadline = format_deadline(Deadline(None, ongoing=True))
    return {
        "code": item.code,
        "title": item.title,
        "description": item.description,
        "source": item.source.name,
        "category": item.category,
        "leaders": "、".join(str(leader) for leader in item.leaders.all()),
        "lead_unit": unit_name(item.lead_unit),
        "co_units": "、".join(unit_name(u) for u in item.co_units.all()),
        "deadline": deadline,
        "parent_code": item.parent.code if item.parent else "",
    }


def ledger_table(items: Iterable[WorkItem] | None = None) -> Table:
    unit_name = UnitNames()
    table = Table(title="台账", fields=LEDGER_FIELDS)
    for item in ledger_items() if items is None else items:
        table.rows.append(_item_values(item, unit_name))
        table.colours.append(None)
    return table


def ratings_table(
    round: Round, *, fields: Sequence[str] = (*LEDGER_FIELDS, *RATING_FIELDS)
) -> Table:
    ratings = (
        Rating.objects.filter(round=round)
        .select_related("status", "item__source", "item__lead_unit", "item__parent")
        .prefetch_related("item__leaders", "item__co_units")
        .order_by("item__code")
    )
    unit_name = UnitNames()
    table = Table(title=f"评定（{round.code}）", fields=fields)
    for rating in ratings:
        values = _item_values(rating.item, unit_name)
        values |= {"status": rating.status.label, "note": rating.note}
        table.rows.append({f: values[f] for f in fields})
        table.colours.append(rating.status.colour.lstrip("#").upper())
    return table


def open_data(round: Round) -> dict[str, Any]:
    """A round's open data as it stands now, JSON-safe, to be frozen at publication."""
    table = ratings_table(round, fields=OPEN_FIELDS)
    rows = [
        {f: v.isoformat() if isinstance(v, datetime.date) else v for f, v in row.items()}
        for row in table.rows
    ]
    return {"fields": list(table.fields), "rows": rows}


def open_data_table(frozen: dict[str, Any], *, title: str) -> Table:
    """The frozen open data of a published version, as a table to write out."""
    return Table(title=title, fields=tuple(frozen["fields"]), rows=list(frozen["rows"]))


def xlsx_bytes(table: Table) -> bytes:
    status_column = list(table.fields).index("status") if "status" in table.fields else None
    fills = {
        (r, status_column): colour
        for r, colour in enumerate(table.colours)
        if colour and status_column is not None
    }
    spec = SheetSpec(
        title=table.title,
        header=table.header,
        rows=([row[f] for f in table.fields] for row in table.rows),
        widths=[table.widths.get(f) or WIDTHS.get(f, 12) for f in table.fields],
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


def template_bytes() -> bytes:
    """An empty ledger with one example row, and drop-down lists from this installation."""
    lists = {
        "事项来源": list(Source.objects.values_list("name", flat=True)),
        "牵头领导": [str(leader) for leader in Leader.objects.filter(active=True)],
        "单位": _unit_names(),
        "状态": list(Status.objects.values_list("label", flat=True)),
    }
    fields = (*LEDGER_FIELDS, "status")
    validations = [
        (fields.index("source"), list_formula(lists, "事项来源")),
        (fields.index("leaders"), list_formula(lists, "牵头领导")),
        (fields.index("lead_unit"), list_formula(lists, "单位")),
        (fields.index("status"), list_formula(lists, "状态")),
    ]
    spec = SheetSpec(
        title="台账",
        header=[label(f) for f in fields],
        rows=[_example_row(lists, fields)],
        widths=[WIDTHS.get(f, 12) for f in fields],
        validations=validations,
    )
    out = io.BytesIO()
    write_xlsx([spec], out, lists=lists)
    return out.getvalue()


def _unit_names() -> list[str]:
    unit_name = UnitNames()
    return [unit_name(u) for u in Unit.objects.filter(valid_to__isnull=True)]


def _example_row(lists: dict[str, list[str]], fields: Sequence[str]) -> list[Any]:
    def first(name: str, default: str) -> str:
        return lists[name][0] if lists[name] else default

    units = lists["单位"]
    example = {
        "code": "",
        "title": EXAMPLE_PREFIX + "推进某某重点项目建设",
        "description": "年底前完成主体工程",
        "source": first("事项来源", "政府工作报告"),
        "category": "",
        "leaders": first("牵头领导", ""),
        "lead_unit": units[0] if units else "",
        "co_units": "、".join(units[1:3]),
        "deadline": "年底前",
        "parent_code": "",
        "status": "",
    }
    return [example[f] for f in fields]
