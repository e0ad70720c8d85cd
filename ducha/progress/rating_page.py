"""The rating page of a round (suggestion beside each item) and the round's changes."""

from __future__ import annotations

import decimal
from collections import defaultdict
from typing import Any

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.http import HttpRequest

from ducha.org.models import Unit
from ducha.progress.enums import REPORT_IN
from ducha.progress.forms import RatingForm
from ducha.progress.missing import missing_parts
from ducha.progress.models import TargetValue
from ducha.progress.paging import page_rows
from ducha.progress.permissions import items_visible_to
from ducha.progress.suggestion import suggest
from ducha.progress.warnings import with_warnings
from ducha.review.models import Rating, Round, Status

PAGE_SIZE = 50


def page_values(item_ids: list[int], round: Round) -> dict[int, dict[int, decimal.Decimal]]:
    """For each item, each target's value summed over the reports in for the round."""
    rows = (
        TargetValue.objects.filter(
            report__item_id__in=item_ids, report__round=round, report__state__in=REPORT_IN
        )
        .values("report__item_id", "target_id")
        .annotate(total=Sum("value"))
    )
    out: dict[int, dict[int, decimal.Decimal]] = defaultdict(dict)
    for row in rows:
        out[row["report__item_id"]][row["target_id"]] = row["total"]
    return out


def rating_rows(
    request: HttpRequest, round: Round, bound: dict[int, RatingForm] | None = None
) -> dict[str, Any]:
    items = (
        with_warnings(items_visible_to(request.user), round)
        .select_related("lead_unit")
        .prefetch_related("targets", "milestones")
        .order_by("code")
    )
    page, rows = page_rows(items, request.GET.get("page"))
    ids = [i.pk for i in rows]
    ratings = {
        r.item_id: r
        for r in Rating.objects.filter(round=round, item_id__in=ids).select_related("status")
    }
    values = page_values(ids, round)
    status_list = list(Status.objects.all())
    statuses = {s.code: s for s in status_list}
    labels = {s.code: s.label for s in status_list}
    bound = bound or {}
    for item in rows:
        rating = ratings.get(item.pk)
        found = suggest(
            list(item.targets.all()),
            list(item.milestones.all()),
            values.get(item.pk, {}),
            round.cutoff,
            labels=labels,
        )
        suggested = statuses.get(found.status_code) if found else None
        item.rating = rating
        item.suggestion = found
        item.form = bound.get(item.pk) or RatingForm(
            initial={
                "status": rating.status_id if rating else (suggested.pk if suggested else None),
                "note": rating.note if rating else "",
                "updated_at": rating.updated_at if rating else None,
            },
            auto_id=f"id_{item.pk}_%s",
            statuses=status_list,
        )
    return {"round": round, "page": page, "rows": rows}


def previous_round(round: Round) -> Round | None:
    return (
        Round.objects.filter(period_end__lt=round.period_end)
        .exclude(pk=round.pk)
        .order_by("-period_end")
        .first()
    )


def changed_ratings(round: Round, previous: Round, items: Any) -> list[Rating]:
    before = Rating.objects.filter(round=previous, item=OuterRef("item"))
    return list(
        Rating.objects.filter(round=round, item__in=items)
        .annotate(previous_status_id=Subquery(before.values("status_id")[:1]))
        .exclude(previous_status_id=None)
        .exclude(status_id=F("previous_status_id"))
        .select_related("item", "status")
        .order_by("item__code")
    )


def units_not_reported(round: Round, items: Any) -> list[tuple[Unit, int]]:
    """Units with at least one item part not in for the round, with how many."""
    parts = missing_parts(round, items)
    missing: dict[int, int] = defaultdict(int)
    lead = parts.leads.order_by().values("lead_unit_id")
    for row in lead.annotate(n=Count("pk")):
        missing[row["lead_unit_id"]] += row["n"]
    for row in parts.co_units.order_by().values("unit_id").annotate(n=Count("pk")):
        missing[row["unit_id"]] += row["n"]
    units = Unit.objects.in_bulk(list(missing))
    return sorted(((units[k], n) for k, n in missing.items()), key=lambda p: (p[0].order, -p[1]))


def changes_context(request: HttpRequest, round: Round) -> dict[str, Any]:
    items = items_visible_to(request.user)
    previous = previous_round(round)
    changed: list[Rating] = []
    if previous is not None:
        changed = changed_ratings(round, previous, items)
    statuses = {s.pk: s for s in Status.objects.all()}
    for rating in changed:
        rating.previous_status = statuses.get(rating.previous_status_id)  # type: ignore[attr-defined]
    return {
        "round": round,
        "previous": previous,
        "changed": changed,
        "not_reported": units_not_reported(round, items),
    }
