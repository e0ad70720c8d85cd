"""Use cases of bulletins."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ducha.bulletins.models import Bulletin, BulletinState
from ducha.core.services import Actor, record_event, snapshot
from ducha.review.models import Round


@transaction.atomic
def publish_bulletin(
    round: Round, *, actor: Actor, at: datetime.datetime | None = None, author: str = ""
) -> Bulletin:
    """Publish the round's bulletin on the portal (creating it if needed)."""
    bulletin, _ = Bulletin.objects.select_for_update().get_or_create(round=round, version=1)
    before = snapshot(bulletin)
    bulletin.state = BulletinState.PUBLISHED
    bulletin.published_at = at or timezone.now()
    bulletin.author = author
    bulletin.save()
    record_event(
        "bulletin.published", bulletin, actor=actor, before=before, after=snapshot(bulletin)
    )
    return bulletin


def count_read(bulletin: Bulletin) -> None:
    """Add one read in the database itself, so concurrent readers are all counted."""
    Bulletin.objects.filter(pk=bulletin.pk).update(read_count=F("read_count") + 1)
