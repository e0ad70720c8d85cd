"""The cockpit's figures (驾驶舱): status distribution, trend, reporting discipline, warnings.

Every figure is a table of counts; each count carries the address of the item list behind it
(`items_url`), which applies the same scope and filters, so the list is as long as the count.
A fixed number of queries whatever the number of items or rounds (bench/cockpit.py).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ducha.cockpit.scope import NO_LEADER, UNRATED, ItemFilter, Scope, severity
from ducha.ledger.models import Source, WorkItem
from ducha.org.models import Leader, Unit
from ducha.progress.enums import REPORT_IN, Warning
from ducha.progress.models import ProgressReport
from ducha.progress.permissions import unit_items_q
from ducha.progress.queries import WARNING_ORDER
from ducha.progress.warnings import round_due, with_warnings
from ducha.review.models import Rating, Recommendation, Round, Status

CoUnit = WorkItem.co_units.through
UNRATED_COLOUR = "#9E9E9E"
WARNING_COLOURS = {
    Warning.RED: "#C62828",
    Warning.YELLOW: "#F9A825",
    Warning.BLUE: "#1565C0",
    Warning.NONE: "#9E9E9E",
}
WORSE_LISTED = 100
DIMENSIONS = {
    # dimension: (grouping field of WorkItem, filter argument of ItemFilter)
    "leader": ("leaders", "leader"),
    "lead_unit": ("lead_unit", "lead_unit"),
    "source": ("source", "source"),
}


@dataclass
class Cell:
    value: int
    url: str = ""


@dataclass
class Column:
    key: str
    label: str
    colour: str


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class Table:
    """One figure: rows × columns of linked counts; the chart draws the same numbers."""

    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    chart: str = "bar"  # bar (stacked), pie (one row), line (trend)
    totals: list[Cell] = field(default_factory=list)

    def as_chart(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "chart": self.chart,
            "categories": [row.label for row in self.rows],
            "series": [
                {
                    "name": column.label,
                    "colour": column.colour,
                    "data": [
                        {"value": row.cells[i].value, "url": row.cells[i].url} for row in self.rows
                    ],
                }
                for i, column in enumerate(self.columns)
            ],
        }


@dataclass
class WorseItem:
    pk: int
    code: str
    title: str
    lead_unit: str
    before: str
    now: str


@dataclass
class Figures:
    round: Round
    previous: Round | None
    scope: Scope
    total: int
    statuses: Table
    by_leader: Table
    by_lead_unit: Table
    by_source: Table
    trend: Table
    worse: list[WorseItem]
    worse_total: int
    worse_url: str
    discipline: Table
    due: datetime.datetime | None
    warnings: Table
    open_recommendations: list[Recommendation]

    @property
    def tables(self) -> list[Table]:
        return [
            self.statuses,
            self.by_leader,
            self.by_lead_unit,
            self.by_source,
            self.trend,
            self.discipline,
            self.warnings,
        ]

    def charts(self) -> list[dict[str, Any]]:
        return [table.as_chart() for table in self.tables]


@functools.cache
def _path(name: str, prefix: str) -> str:
    return reverse(name)


def items_url(round: Round, scope: Scope, **filters: Any) -> str:
    """The list behind a count; hundreds per page, so the path is resolved once."""
    query = {"round": round.code, **{f"for_{k}": v for k, v in scope.query().items()}}
    query.update({key: value for key, value in filters.items() if value not in (None, "")})
    return _path("cockpit:items", get_script_prefix()) + "?" + urlencode(query)


def status_columns(statuses: list[Status]) -> list[Column]:
    columns = [Column(str(s.pk), s.label, s.colour) for s in statuses]
    return [*columns, Column(UNRATED, _("not rated"), UNRATED_COLOUR)]


def _rated(items: QuerySet[WorkItem], round: Round) -> QuerySet[WorkItem]:
    return items.annotate(
        round_rating=FilteredRelation("ratings", condition=Q(ratings__round=round))
    )


def _distribution(
    scope: Scope, round: Round, columns: list[Column], dimension: str
) -> dict[Any, dict[str, int]]:
    """Counts of items per value of `dimension` and status (one GROUP BY)."""
    group = DIMENSIONS[dimension][0]
    rows = (
        _rated(scope.items(), round)
        .order_by()
        .values(group, "round_rating__status_id")
        .annotate(n=Count("pk", distinct=True))
    )
    counts: dict[Any, dict[str, int]] = {}
    for row in rows:
        status = row["round_rating__status_id"]
        key = str(status) if status is not None else UNRATED
        counts.setdefault(row[group], {})[key] = row["n"]
    return counts


def _labels(dimension: str, keys: list[Any]) -> list[tuple[Any, str]]:
    """The rows of a dimension in the office's order (precedence, unit order, source)."""
    model: Any = {"leader": Leader, "lead_unit": Unit, "source": Source}[dimension]
    found = [(obj.pk, str(obj)) for obj in model.objects.filter(pk__in=[k for k in keys if k])]
    if None in keys:
        found.append((None, _("no lead leader")))
    return found


def _dimension_table(
    scope: Scope,
    round: Round,
    columns: list[Column],
    dimension: str,
    title: str,
    counts: dict[Any, dict[str, int]] | None = None,
) -> Table:
    if counts is None:
        counts = _distribution(scope, round, columns, dimension)
    argument = DIMENSIONS[dimension][1]
    rows = []
    for key, label in _labels(dimension, list(counts)):
        row_counts = counts.get(key, {})
        value = NO_LEADER if key is None else key
        cells = [
            Cell(
                row_counts.get(column.key, 0),
                items_url(round, scope, status=column.key, **{argument: value}),
            )
            for column in columns
        ]
        total = Cell(sum(c.value for c in cells), items_url(round, scope, **{argument: value}))
        rows.append(Row(str(key or ""), label, cells, total))
    return Table(dimension, title, columns, rows)


def _status_table(
    scope: Scope, round: Round, columns: list[Column], counts: dict[Any, dict[str, int]]
) -> Table:
    """The round's counts per status (a pie): the sums of the counts per source (each item
    has one source)."""
    cells = [
        Cell(
            sum(row.get(column.key, 0) for row in counts.values()),
            items_url(round, scope, status=column.key),
        )
        for column in columns
    ]
    total = Cell(sum(cell.value for cell in cells), items_url(round, scope))
    table = Table("status", _("Status of the round"), columns, [], chart="pie")
    table.rows = [Row("all", round.name, cells, total)]
    return table


def _year_rounds(round: Round) -> list[Round]:
    year = round.period_end.year
    rounds = Round.objects.filter(period_end__year=year, period_end__lte=round.period_end)
    return list(rounds.order_by("period_end", "pk"))


def _trend(scope: Scope, round: Round, columns: list[Column], rounds: list[Round]) -> Table:
    rated = (
        Rating.objects.filter(round__in=rounds, item__in=scope.items())
        .order_by()
        .values("round_id", "status_id")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rated:
        counts.setdefault(row["round_id"], {})[str(row["status_id"])] = row["n"]
    total = scope.items().count()
    rows = []
    for each in rounds:
        by_status = counts.get(each.pk, {})
        by_status[UNRATED] = max(0, total - sum(by_status.values()))
        cells = [
            Cell(by_status.get(c.key, 0), items_url(each, scope, status=c.key)) for c in columns
        ]
        rows.append(Row(each.code, each.name, cells, Cell(total, items_url(each, scope))))
    return Table("trend", _("Trend across the year's rounds"), columns, rows, chart="line")


def previous_round(round: Round) -> Round | None:
    return (
        Round.objects.filter(period_end__lt=round.period_end).order_by("-period_end", "-pk").first()
    )


def worse_item_ids(
    items: QuerySet[WorkItem], round: Round, previous: Round | None, statuses: dict[int, Status]
) -> list[int]:
    """Items whose status in `round` is worse than in `previous` (both rated), by code."""
    if previous is None:
        return []
    before = Rating.objects.filter(round=previous, item=OuterRef("item")).values("status_id")
    pairs = (
        Rating.objects.filter(round=round, item__in=items)
        .annotate(before=Subquery(before[:1]))
        .exclude(before=None)
        .order_by("item__code")
        .values_list("item_id", "status_id", "before")
    )
    return [
        item
        for item, now, was in pairs
        if severity(statuses.get(now)) > severity(statuses.get(was))
    ]


def _worse(
    scope: Scope, round: Round, previous: Round | None, statuses: dict[int, Status]
) -> tuple[list[WorseItem], int]:
    ids = worse_item_ids(scope.items(), round, previous, statuses)
    if not ids or previous is None:
        return [], 0
    listed = ids[:WORSE_LISTED]

    def status_in(each: Round) -> Subquery:
        return Subquery(
            Rating.objects.filter(round=each, item=OuterRef("pk")).values("status_id")[:1]
        )

    now = (
        WorkItem.objects.filter(pk__in=listed)
        .select_related("lead_unit")
        .annotate(now=status_in(round), was=status_in(previous))
    )
    rows = {
        item.pk: WorseItem(
            item.pk,
            item.code,
            item.title,
            str(item.lead_unit),
            str(statuses[item.was]),
            str(statuses[item.now]),
        )
        for item in now
    }
    return [rows[pk] for pk in listed if pk in rows], len(ids)


def _discipline(scope: Scope, round: Round, due: datetime.datetime | None) -> Table:
    """Per responsible unit: reports in on time, in late, and not in (lead and co-units)."""
    items = scope.items()
    expected: dict[int, int] = {}
    for row in items.order_by().values("lead_unit_id").annotate(n=Count("pk")):
        expected[row["lead_unit_id"]] = row["n"]
    co = CoUnit.objects.filter(workitem__in=items).order_by().values("unit_id")
    for co_row in co.annotate(n=Count("pk")):
        expected[co_row["unit_id"]] = expected.get(co_row["unit_id"], 0) + co_row["n"]
    late_q = Q(submitted_at__gt=due) if due else Q(pk__in=[])
    reports = (
        ProgressReport.objects.filter(round=round, item__in=items, state__in=REPORT_IN)
        .order_by()
        .values("unit_id")
        .annotate(late=Count("pk", filter=late_q), all=Count("pk"))
    )
    sent = {row["unit_id"]: (row["all"] - row["late"], row["late"]) for row in reports}
    columns = [
        Column("on_time", _("on time"), "#2E7D32"),
        Column("late", _("late"), "#F9A825"),
        Column("missing", _("not in"), "#C62828"),
    ]
    rows = []
    for unit in Unit.objects.filter(pk__in=list(expected)):
        on_time, late = sent.get(unit.pk, (0, 0))
        missing = max(0, expected[unit.pk] - on_time - late)
        cells = [
            Cell(value, items_url(round, scope, unit=unit.pk, report=column.key))
            for value, column in zip((on_time, late, missing), columns, strict=True)
        ]
        rows.append(
            Row(
                str(unit.pk),
                str(unit),
                cells,
                Cell(expected[unit.pk], items_url(round, scope, unit=unit.pk)),
            )
        )
    rows.sort(key=lambda row: (-row.cells[2].value, -row.cells[1].value, row.label))
    return Table("discipline", _("Reporting discipline"), columns, rows)


def _warnings(scope: Scope, round: Round, now: datetime.datetime) -> Table:
    warning: str = "warning"  # an annotation, which the type checker cannot see
    rows = with_warnings(scope.items(), round, now).order_by().values(warning)
    counts = {row["warning"]: row["n"] for row in rows.annotate(n=Count("pk"))}
    columns = [
        Column(level, str(Warning(level).label), WARNING_COLOURS[Warning(level)])
        for level in WARNING_ORDER
        if level != Warning.NONE
    ]
    query = {"round": round.code, **scope.query()}
    cells = [
        Cell(
            counts.get(column.key, 0),
            reverse("progress:workbench") + "?" + urlencode({**query, "warning": column.key}),
        )
        for column in columns
    ]
    total = Cell(
        sum(c.value for c in cells), reverse("progress:workbench") + "?" + urlencode(query)
    )
    table = Table("warnings", _("Open warnings"), columns, [], chart="pie")
    table.rows = [Row("all", round.name, cells, total)]
    return table


def _open_recommendations(scope: Scope, round: Round, rounds: list[Round]) -> list[Recommendation]:
    """Recommendations of the year's earlier rounds whose items are still not on track.

    (Answers to recommendations and their due dates come with their follow-up; until then
    a recommendation is open while an item it names lags.)"""
    earlier = [r.pk for r in rounds if r.pk != round.pk]
    lagging = Rating.objects.filter(
        round=round, item__in=scope.items(), status__is_on_track=False
    ).values("item_id")
    found = Recommendation.objects.filter(round_id__in=earlier, items__in=lagging).distinct()
    return list(found.select_related("round").order_by("round__period_end", "position")[:50])


def cockpit_figures(scope: Scope, round: Round, now: datetime.datetime | None = None) -> Figures:
    now = now or timezone.now()
    statuses = list(Status.objects.all())
    by_pk = {status.pk: status for status in statuses}
    columns = status_columns(statuses)
    rounds = _year_rounds(round)
    previous = previous_round(round)
    worse, worse_total = _worse(scope, round, previous, by_pk)
    due = round_due(round)
    by_source = _distribution(scope, round, columns, "source")
    status_table = _status_table(scope, round, columns, by_source)
    return Figures(
        round=round,
        previous=previous,
        scope=scope,
        total=status_table.rows[0].total.value,
        statuses=status_table,
        by_leader=_dimension_table(scope, round, columns, "leader", _("By lead leader")),
        by_lead_unit=_dimension_table(scope, round, columns, "lead_unit", _("By lead unit")),
        by_source=_dimension_table(scope, round, columns, "source", _("By source"), by_source),
        trend=_trend(scope, round, columns, rounds),
        worse=worse,
        worse_total=worse_total,
        worse_url=items_url(round, scope, worse=1),
        discipline=_discipline(scope, round, due),
        due=due,
        warnings=_warnings(scope, round, now),
        open_recommendations=_open_recommendations(scope, round, rounds),
    )


def filtered_items(
    scope: Scope,
    round: Round,
    item_filter: ItemFilter,
    *,
    unit: int | None = None,
    report: str = "",
    worse: bool = False,
) -> QuerySet[WorkItem]:
    """The list behind a count of the cockpit: the same scope and the same filter."""
    items = item_filter.apply(scope.items(), round)
    if unit:
        items = _reporting_filter(items, round, unit, report)
    if worse:
        statuses = {status.pk: status for status in Status.objects.all()}
        ids = worse_item_ids(scope.items(), round, previous_round(round), statuses)
        items = items.filter(pk__in=ids)
    return items


def _reporting_filter(
    items: QuerySet[WorkItem], round: Round, unit: int, report: str
) -> QuerySet[WorkItem]:
    items = items.filter(unit_items_q([unit]))
    sent = ProgressReport.objects.filter(round=round, unit_id=unit, state__in=REPORT_IN)
    due = round_due(round)
    if report == "missing":
        return items.exclude(pk__in=sent.values("item_id"))
    if report == "late":
        late = sent.filter(submitted_at__gt=due) if due else sent.none()
        return items.filter(pk__in=late.values("item_id"))
    if report == "on_time":
        on_time = sent.filter(submitted_at__lte=due) if due else sent
        return items.filter(pk__in=on_time.values("item_id"))
    return items
