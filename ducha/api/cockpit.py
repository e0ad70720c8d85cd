"""The cockpit's figures over JSON: the same figures, scope and permissions as the page."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from ducha.cockpit.figures import Table, cockpit_figures
from ducha.cockpit.scope import scope_for
from ducha.progress.queries import round_by_code

router = Router(tags=["cockpit"])
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class CellOut(Schema):
    value: int
    url: str


class ColumnOut(Schema):
    key: str
    label: str
    colour: str


class RowOut(Schema):
    key: str
    label: str
    cells: list[CellOut]
    total: CellOut


class TableOut(Schema):
    key: str
    title: str
    chart: str
    columns: list[ColumnOut]
    rows: list[RowOut]


class WorseOut(Schema):
    id: int
    code: str
    title: str
    lead_unit: str
    before: str
    now: str


class CockpitOut(Schema):
    round: str
    previous_round: str | None
    items: int
    reports_due: datetime.datetime | None
    tables: list[TableOut]
    worse: list[WorseOut]
    worse_total: int


def _table(table: Table) -> TableOut:
    return TableOut(
        key=table.key,
        title=table.title,
        chart=table.chart,
        columns=[ColumnOut(key=c.key, label=c.label, colour=c.colour) for c in table.columns],
        rows=[
            RowOut(
                key=row.key,
                label=row.label,
                cells=[CellOut(value=c.value, url=c.url) for c in row.cells],
                total=CellOut(value=row.total.value, url=row.total.url),
            )
            for row in table.rows
        ],
    )


@router.get("cockpit/", response=CockpitOut)
def cockpit(
    request: HttpRequest,
    round: Annotated[str, Field(max_length=20)] = "",
    leader: Id | None = None,
    unit: Id | None = None,
) -> CockpitOut:
    """The cockpit's tables for a round (default: the current one); `leader` and `unit`
    narrow the office's view, a leader always sees the items they lead."""
    scope = scope_for(request.user, leader=leader, unit=unit)
    found = round_by_code(round)
    if found is None:
        raise Http404
    figures = cockpit_figures(scope, found)
    return CockpitOut(
        round=found.code,
        previous_round=figures.previous.code if figures.previous else None,
        items=figures.total,
        reports_due=figures.due,
        tables=[_table(table) for table in figures.tables],
        worse=[
            WorseOut(
                id=w.pk,
                code=w.code,
                title=w.title,
                lead_unit=w.lead_unit,
                before=w.before,
                now=w.now,
            )
            for w in figures.worse
        ],
        worse_total=figures.worse_total,
    )
