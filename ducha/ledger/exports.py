"""The ledger as a table, in the import's column names.

The headers are the import's column names (`ducha.ledger.sheets.COLUMNS`), so an exported
file imports back to the same data. Units are written by short name when that is unique,
leaders as 姓名+职务, deadlines as dates (长期坚持 for ongoing work). A round's ratings are
the ledger's columns and the rating's (`ducha.review.exports`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from ducha.ledger.models import WorkItem
from ducha.ledger.sheets import LABELS
from ducha.lib.deadlines import Deadline, format_deadline
from ducha.lib.tables import Table
from ducha.org.models import Unit

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
WIDTHS = {"title": 40, "description": 50, "source": 24, "leaders": 18, "lead_unit": 18}
WIDTHS |= {"co_units": 30, "deadline": 16, "note": 40}


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


def item_values(item: WorkItem, unit_name: UnitNames) -> dict[str, Any]:
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
    table = Table(title="台账", fields=LEDGER_FIELDS, labels=dict(LABELS), widths=WIDTHS)
    for item in ledger_items() if items is None else items:
        table.rows.append(item_values(item, unit_name))
        table.colours.append(None)
    return table
