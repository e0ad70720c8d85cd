"""Reads of bulletins shared by the portal and the commands."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ducha.bulletins.models import Bulletin, BulletinState


def published_bulletins() -> QuerySet[Bulletin]:
    """What the public may see: published bulletins, newest first."""
    return (
        Bulletin.objects.filter(state=BulletinState.PUBLISHED)
        .select_related("round")
        .order_by("-published_at", "-id")
    )


def get_published_bulletin(round_code: str) -> Bulletin:
    """The latest published version of a round's bulletin, or 404."""
    candidates = published_bulletins().filter(round__code=round_code).order_by("-version")
    return get_object_or_404(candidates[:1])
