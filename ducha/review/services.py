"""Use cases of a round: rating items, highlights and recommendations. One transaction each."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from ducha.core.services import Actor, record_event, save_audited, snapshot
from ducha.ledger.models import WorkItem
from ducha.org.models import Leader, Unit
from ducha.review.enums import StatusMeaning
from ducha.review.models import (
    Highlight,
    HighlightUnit,
    Rating,
    Recommendation,
    RecommendationPoint,
    Round,
    Status,
)

# The seed bulletin's four statuses, in the order it states them. Migration
# review/0002 installs the same set; this copy lets the demo restore a vocabulary
# that an installation emptied.
DEFAULT_STATUSES = (
    # meaning (code and label), order, colour, is_done, is_on_track
    (StatusMeaning.COMPLETED, 1, "#2E7D32", True, True),
    (StatusMeaning.ON_TRACK, 2, "#1565C0", False, True),
    (StatusMeaning.SERIOUS, 3, "#C62828", False, False),
    (StatusMeaning.NEEDS_EFFORT, 4, "#E65100", False, False),
)


@transaction.atomic
def ensure_default_statuses(*, actor: Actor) -> dict[str, Status]:
    """Create any missing default status; existing ones keep their configured values."""
    for meaning, order, colour, is_done, is_on_track in DEFAULT_STATUSES:
        if not Status.objects.filter(code=meaning.value).exists():
            status = Status(
                code=meaning.value,
                label=str(meaning.label),
                order=order,
                colour=colour,
                is_done=is_done,
                is_on_track=is_on_track,
            )
            save_audited(status, actor=actor)
    return {s.code: s for s in Status.objects.all()}


@transaction.atomic
def set_rating(
    round: Round,
    item: WorkItem,
    *,
    status: Status,
    actor: Actor,
    note: str = "",
    example_order: int | None = None,
) -> Rating:
    """Rate `item` for `round`, creating or changing its one rating.

    The row is locked while it changes, so two inspectors rating the same item one after
    the other each see the other's value in the audit trail instead of silently overwriting.
    """
    rating = Rating.objects.select_for_update().filter(round=round, item=item).first()
    before = snapshot(rating) if rating is not None else None
    if rating is None:
        rating = Rating(round=round, item=item)
    rating.status = status
    rating.note = note
    rating.is_example = example_order is not None
    rating.example_order = example_order
    rating.updated_at = timezone.now()
    rating.updated_by = actor if getattr(actor, "pk", None) else None
    rating.full_clean(validate_unique=False, validate_constraints=False)
    rating.save()
    action = "rating.changed" if before is not None else "rating.created"
    record_event(action, rating, actor=actor, before=before, after=snapshot(rating))
    return rating


@transaction.atomic
def create_round(round: Round, *, actor: Actor) -> Round:
    return save_audited(round, actor=actor, action="round.created")


@transaction.atomic
def add_highlight(
    highlight: Highlight,
    *,
    actor: Actor,
    leaders: Sequence[Leader] = (),
    units: Sequence[Unit] = (),
    items: Sequence[WorkItem] = (),
) -> Highlight:
    """Save a new highlight with its leaders, its units in the given order, and linked items."""
    highlight.full_clean()
    highlight.save()
    highlight.leaders.set(leaders)
    highlight.items.set(items)
    HighlightUnit.objects.bulk_create(
        HighlightUnit(highlight=highlight, unit=unit, position=n)
        for n, unit in enumerate(units, start=1)
    )
    after = snapshot(highlight) | {"unit_order": [u.pk for u in units]}
    record_event("highlight.created", highlight, actor=actor, before=None, after=after)
    return highlight


@transaction.atomic
def add_recommendation(
    recommendation: Recommendation,
    *,
    actor: Actor,
    points: Sequence[str],
    items: Sequence[WorkItem] = (),
) -> Recommendation:
    """Save a new recommendation with its ordered points and linked items."""
    recommendation.full_clean()
    recommendation.save()
    recommendation.items.set(items)
    RecommendationPoint.objects.bulk_create(
        RecommendationPoint(recommendation=recommendation, position=n, text=text)
        for n, text in enumerate(points, start=1)
    )
    after = snapshot(recommendation) | {"points": list(points)}
    record_event("recommendation.created", recommendation, actor=actor, before=None, after=after)
    return recommendation
