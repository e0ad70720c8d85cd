"""Search (检索): one query over the kinds a user may see, through the pages' permissions.

Office users search items, reports, bulletins and recommendations; every list starts from
the same `*_visible_to` function the pages use, so a search never shows what the page would
not. The public searches published bulletins, old versions included.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ducha.accounts.roles import roles_of
from ducha.bulletins.models import Bulletin, BulletinState
from ducha.bulletins.permissions import bulletins_visible_to
from ducha.bulletins.renderers.txt import TxtRenderer
from ducha.ledger.models import WorkItem
from ducha.org.models import Leader, Unit
from ducha.progress.models import ProgressReport
from ducha.progress.permissions import items_visible_to, reports_visible_to, unit_items_q
from ducha.review.models import Rating, Recommendation, Round
from ducha.search.engine import like_pattern, matching_ids, normalise_query
from ducha.search.highlight import highlight
from ducha.search.index_sql import ITEMS, REPORTS

PAGE_SIZE = 20
# Past this many matches of one kind a list is not read; the page asks for a longer query.
MAX_RESULTS = 1000
KINDS = {
    "item": _("Work items"),
    "report": _("Progress reports"),
    "bulletin": _("Bulletins"),
    "recommendation": _("Recommendations"),
}
PUBLIC_STATES = (BulletinState.PUBLISHED, BulletinState.SUPERSEDED)
ItemLeader = WorkItem.leaders.through


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString
    meta: list[str] = field(default_factory=list)


@dataclass
class Section:
    kind: str
    label: str
    total: int
    hits: list[Hit]
    page: int = 1
    more: bool = False  # more than MAX_RESULTS matched; `total` counts the first ones

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass
class Results:
    query: str
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)


def _window(
    matches: QuerySet[Any], page: int, present: Callable[[QuerySet[Any]], QuerySet[Any]]
) -> tuple[int, list[Any], bool]:
    """The page's rows, the number of matches and whether there were more than MAX_RESULTS.

    The matches are taken in the index's order up to MAX_RESULTS + 1 (no sorting, so the
    database stops there); `present` ranks them and adds what the page shows. A query as
    common as 项目 costs what a rarer one does, and the page says there are more.
    """
    ids = list(matches.order_by().values_list("pk", flat=True)[: MAX_RESULTS + 1])
    more = len(ids) > MAX_RESULTS
    ids = ids[:MAX_RESULTS]
    page = max(1, min(page, max(1, -(-len(ids) // PAGE_SIZE))))
    start = (page - 1) * PAGE_SIZE
    # The matches are known by id: the conditions that found them are not evaluated again.
    chosen = present(matches.model._default_manager.filter(pk__in=ids))
    return len(ids), list(chosen[start : start + PAGE_SIZE]) if ids else [], more


# Items ------------------------------------------------------------------------------------


def matching_items(user: Any, query: str, round: Round | None = None) -> QuerySet[WorkItem]:
    """Items the user may see whose code, title or description contains `query`, or whose
    units or lead leaders are named by it; titles first."""
    # Units and leaders are few: read their matches first, so the common case (a query
    # naming none) is the index alone, with no OR over the whole ledger.
    units = list(
        Unit.objects.filter(
            Q(name__contains=query)
            | Q(short_name__contains=query)
            | Q(aliases__name__contains=query)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    leaders = list(Leader.objects.filter(name__contains=query).values_list("pk", flat=True))
    found = Q(pk__in=matching_ids(ITEMS, query))
    if units:
        found |= unit_items_q(units)
    if leaders:
        found |= Q(pk__in=ItemLeader.objects.filter(leader_id__in=leaders).values("workitem_id"))
    items = items_visible_to(user).filter(found)
    if round is not None:
        items = items.filter(pk__in=Rating.objects.filter(round=round).values("item_id"))
    return rank_items(items, query)


def rank_items(items: QuerySet[WorkItem], query: str) -> QuerySet[WorkItem]:
    """Titles that contain the query first, then codes, then the rest; by code within."""
    rank = Case(
        When(title__icontains=query, then=Value(0)),
        When(code__icontains=query, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return items.annotate(search_rank=rank).order_by("search_rank", "code")


def _item_hits(items: list[WorkItem], query: str) -> list[Hit]:
    hits = []
    for item in items:
        text = item.title if query.lower() in item.title.lower() else item.description
        meta = [item.code, item.lead_unit.short_name or item.lead_unit.name]
        meta += [leader.name for leader in item.leaders.all()]
        meta += [unit.short_name or unit.name for unit in item.co_units.all()]
        hits.append(
            Hit(
                title=item.title,
                url=reverse("progress:item", args=[item.pk]),
                snippet=highlight(text or item.title, query),
                meta=meta,
            )
        )
    return hits


def _item_section(user: Any, query: str, round: Round | None, page: int) -> Section:
    def present(items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
        ranked = rank_items(items, query).select_related("lead_unit")
        return ranked.prefetch_related("leaders", "co_units")

    total, rows, more = _window(matching_items(user, query, round), page, present)
    return Section("item", str(KINDS["item"]), total, _item_hits(rows, query), page, more)


# Reports ----------------------------------------------------------------------------------


def matching_reports(user: Any, query: str, round: Round | None = None) -> QuerySet[ProgressReport]:
    """Reports the user may see (a unit's drafts only to that unit) whose text has `query`."""
    reports = reports_visible_to(user).filter(pk__in=matching_ids(REPORTS, query))
    if round is not None:
        reports = reports.filter(round=round)
    return newest_reports(reports)


def newest_reports(reports: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    return reports.order_by("-round__period_end", "-updated_at", "-pk")


def _report_section(user: Any, query: str, round: Round | None, page: int) -> Section:
    total, rows, more = _window(
        matching_reports(user, query, round),
        page,
        lambda reports: newest_reports(reports).select_related("item", "unit", "round"),
    )
    hits = [
        Hit(
            title=report.item.title,
            url=report.get_absolute_url(),
            snippet=highlight(report.narrative, query),
            meta=[
                report.unit.short_name or report.unit.name,
                report.round.name,
                report.get_state_display(),
            ],
        )
        for report in rows
    ]
    return Section("report", str(KINDS["report"]), total, hits, page, more)


# Bulletins --------------------------------------------------------------------------------


def _json_text_contains(column: str, query: str) -> RawSQL:
    """A JSON column whose stored text contains `query`: SQLite keeps JSON with \\u escapes
    (json.dumps), PostgreSQL's jsonb prints the characters themselves."""
    table = Bulletin._meta.db_table
    if connection.vendor == "postgresql":
        sql, pattern = f'lower("{table}"."{column}"::text) LIKE %s', query.lower()
    else:
        sql = f'lower("{table}"."{column}") LIKE %s ESCAPE \'\\\''
        pattern = json.dumps(query.lower())[1:-1]
    return RawSQL(sql, [like_pattern(pattern)], output_field=BooleanField())


def _bulletin_text_q(query: str) -> Q:
    return (
        Q(round__title__icontains=query)
        | Q(round__name__icontains=query)
        | Q(snapshot_match=True)
        | Q(wording_match=True)
    )


def matching_bulletins(
    queryset: QuerySet[Bulletin], query: str, round: Round | None = None
) -> QuerySet[Bulletin]:
    bulletins = queryset.alias(
        snapshot_match=_json_text_contains("snapshot", query),
        wording_match=_json_text_contains("wording", query),
    ).filter(_bulletin_text_q(query))
    if round is not None:
        bulletins = bulletins.filter(round=round)
    return newest_bulletins(bulletins)


def newest_bulletins(bulletins: QuerySet[Bulletin]) -> QuerySet[Bulletin]:
    return bulletins.select_related("round").order_by("-round__period_end", "-version")


def bulletins_searchable_by(user: Any) -> QuerySet[Bulletin]:
    """The office's page shows every version; anyone else sees what the portal shows."""
    if roles_of(user).is_office:
        return bulletins_visible_to(user)
    return public_bulletins()


def public_bulletins() -> QuerySet[Bulletin]:
    """Published versions, and the versions their corrections replaced (kept on record)."""
    return Bulletin.objects.filter(state__in=PUBLIC_STATES).select_related("round")


def _bulletin_text(bulletin: Bulletin) -> str:
    if bulletin.snapshot is None:
        return " ".join(str(value) for value in (bulletin.wording or {}).values())
    return TxtRenderer().render(bulletin.snapshot_document()).decode()


def _bulletin_hits(rows: list[Bulletin], query: str, *, office: bool) -> list[Hit]:
    hits = []
    for bulletin in rows:
        text = _bulletin_text(bulletin)
        url = bulletin.get_office_url() if office else bulletin.get_absolute_url()
        meta = [bulletin.round.name, f"v{bulletin.version}", bulletin.get_state_display()]
        if bulletin.published_at:
            meta.append(f"{bulletin.published_at:%Y-%m-%d}")
        hits.append(Hit(bulletin.round.title, url, highlight(text, query), meta))
    return hits


def _bulletin_section(
    queryset: QuerySet[Bulletin], query: str, round: Round | None, page: int, *, office: bool
) -> Section:
    total, rows, more = _window(matching_bulletins(queryset, query, round), page, newest_bulletins)
    hits = _bulletin_hits(rows, query, office=office)
    return Section("bulletin", str(KINDS["bulletin"]), total, hits, page, more)


# Recommendations --------------------------------------------------------------------------


def recommendations_visible_to(user: Any) -> QuerySet[Recommendation]:
    """The office sees every round's recommendations; others those a published bulletin
    carries (the portal shows them to everyone)."""
    recommendations = Recommendation.objects.select_related("round")
    if roles_of(user).is_office:
        return recommendations
    published = Bulletin.objects.filter(state=BulletinState.PUBLISHED).values("round_id")
    return recommendations.filter(round_id__in=published)


def _recommendation_section(user: Any, query: str, round: Round | None, page: int) -> Section:
    found = recommendations_visible_to(user).filter(
        Q(subject__icontains=query) | Q(points__text__icontains=query)
    )
    if round is not None:
        found = found.filter(round=round)
    total, rows, more = _window(
        found.distinct(),
        page,
        lambda chosen: (
            chosen.select_related("round")
            .order_by("-round__period_end", "position")
            .prefetch_related("points")
        ),
    )
    office = roles_of(user).is_office
    hits = []
    for recommendation in rows:
        points = [point.text for point in recommendation.points.all()]
        text = next((t for t in points if query.lower() in t.lower()), " ".join(points))
        url = (
            reverse("bulletins:index")
            if office
            else reverse("portal:bulletin", args=[recommendation.round.code])
        )
        hits.append(
            Hit(
                title=f"关于{recommendation.subject}",
                url=url,
                snippet=highlight(text or recommendation.subject, query),
                meta=[recommendation.round.name],
            )
        )
    return Section("recommendation", str(KINDS["recommendation"]), total, hits, page, more)


# Use cases --------------------------------------------------------------------------------


def search_office(
    user: Any, raw_query: str | None, *, kind: str = "", round: Round | None = None, page: int = 1
) -> Results:
    """The office header's search: one section per kind (or the one asked for)."""
    query = normalise_query(raw_query)
    if not query:
        return Results(query, [])
    office = roles_of(user).is_office
    builders = {
        "item": lambda: _item_section(user, query, round, page),
        "report": lambda: _report_section(user, query, round, page),
        "bulletin": lambda: _bulletin_section(
            bulletins_searchable_by(user), query, round, page, office=office
        ),
        "recommendation": lambda: _recommendation_section(user, query, round, page),
    }
    kinds = [kind] if kind in builders else list(builders)
    return Results(query, [builders[k]() for k in kinds])


def search_portal(raw_query: str | None, *, page: int = 1) -> Results:
    """The portal's search: published bulletins, old versions included."""
    query = normalise_query(raw_query)
    if not query:
        return Results(query, [])
    section = _bulletin_section(public_bulletins(), query, None, page, office=False)
    return Results(query, [section])
