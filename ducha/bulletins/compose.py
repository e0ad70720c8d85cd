"""Compose a round's bulletin document from the database.

A fixed number of queries whatever the round's size: counts are aggregated by the database,
and only the ratings named as examples are fetched.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch
from django.utils import timezone

from ducha.bulletins.document import (
    BulletinDocument,
    Category,
    HighlightEntry,
    LeaderRef,
    RecommendationEntry,
)
from ducha.lib.cn import period_label
from ducha.review.models import (
    Highlight,
    HighlightUnit,
    Rating,
    Recommendation,
    RecommendationPoint,
    Round,
    Status,
)


def _categories(round: Round) -> tuple[Category, ...]:
    counts = dict(
        Rating.objects.filter(round=round)
        .values_list("status_id")
        .annotate(n=Count("id"))
        .values_list("status_id", "n")
    )
    examples: dict[int, list[str]] = {}
    named = (
        Rating.objects.filter(round=round, is_example=True)
        .order_by("status_id", "example_order")
        .values_list("status_id", "item__title")
    )
    for status_id, title in named:
        examples.setdefault(status_id, []).append(title)
    return tuple(
        Category(
            code=s.code,
            label=s.label,
            count=counts.get(s.pk, 0),
            examples=tuple(examples.get(s.pk, ())),
            on_track=s.is_on_track,
        )
        for s in Status.objects.order_by("order")
    )


def _highlights(round: Round, texts: dict[str, str]) -> tuple[HighlightEntry, ...]:
    highlights = Highlight.objects.filter(round=round).prefetch_related(
        "leaders",
        Prefetch(
            "highlightunit_set",
            queryset=HighlightUnit.objects.select_related("unit").order_by("position"),
        ),
    )
    return tuple(
        HighlightEntry(
            number=n,
            title=h.title,
            leaders=tuple(LeaderRef(lead.name, lead.title) for lead in h.leaders.all()),
            units=tuple(link.unit.short_name for link in h.highlightunit_set.all()),
            units_partial=h.units_partial,
            text=texts.get(str(h.pk), h.text),
        )
        for n, h in enumerate(highlights.order_by("position"), start=1)
    )


def _recommendations(round: Round, points: dict[str, list[str]]) -> tuple[RecommendationEntry, ...]:
    recommendations = Recommendation.objects.filter(round=round).prefetch_related(
        Prefetch("points", queryset=RecommendationPoint.objects.order_by("position"))
    )
    return tuple(
        RecommendationEntry(
            number=n,
            subject=r.subject,
            points=tuple(points.get(str(r.pk)) or [p.text for p in r.points.all()]),
        )
        for n, r in enumerate(recommendations.order_by("position"), start=1)
    )


def compose_bulletin(
    round: Round,
    *,
    published_at: datetime.datetime | None = None,
    wording: dict[str, Any] | None = None,
) -> BulletinDocument:
    """The bulletin of `round` as it stands in the database now.

    `wording` is a draft's own text (Bulletin.wording): the opening, highlight texts by
    highlight id, recommendation points by recommendation id, and the 版记. It replaces
    sentences only; every count and example is still read from the ratings.
    """
    wording = wording or {}
    return BulletinDocument(
        title=round.title,
        issuer=round.issuer,
        period=period_label(round.period_start, round.period_end),
        scope=round.scope,
        categories=_categories(round),
        highlights=_highlights(round, wording.get("highlights", {})),
        recommendations=_recommendations(round, wording.get("recommendations", {})),
        issued_on=timezone.localdate(published_at) if published_at else None,
        published_at=published_at,
        round_code=round.code,
        opening_template=wording.get("opening", ""),
        copy_to=tuple(wording.get("copy_to", ())),
        printed_by=wording.get("printed_by", ""),
    )
