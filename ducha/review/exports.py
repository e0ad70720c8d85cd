"""A round's ratings as a table (the ledger's columns and the rating's), its open data, and
the ledger template with the status vocabulary's drop-down list.

Exports use the import's column names, so a ratings export imports back to the same ratings.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from ducha.ledger.exports import LEDGER_FIELDS, WIDTHS, UnitNames, item_values
from ducha.ledger.models import Source
from ducha.ledger.sheets import EXAMPLE_PREFIX, LABELS
from ducha.lib.excel import SheetSpec, list_formula, write_xlsx
from ducha.lib.tables import Table
from ducha.org.models import Leader, Unit
from ducha.review.models import Rating, Round, Status

RATING_FIELDS = ("status", "note")
RATING_LABELS = {"status": "状态", "note": "督查意见"}
COLUMN_LABELS = LABELS | RATING_LABELS
# Open data leaves out the inspector's internal note.
OPEN_FIELDS = (*LEDGER_FIELDS, "status")


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
    table = Table(title=f"评定（{round.code}）", fields=fields, labels=COLUMN_LABELS, widths=WIDTHS)
    for rating in ratings:
        values = item_values(rating.item, unit_name)
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
    return Table(
        title=title,
        fields=tuple(frozen["fields"]),
        labels=COLUMN_LABELS,
        rows=list(frozen["rows"]),
        widths=WIDTHS,
    )


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
        header=[COLUMN_LABELS[f] for f in fields],
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
