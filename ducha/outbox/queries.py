"""Reads of the outbox for the office's page."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from ducha.outbox.enums import UNDELIVERED, MessageState
from ducha.outbox.models import OutboxMessage


def undelivered() -> QuerySet[OutboxMessage]:
    """Messages not delivered yet, the ones given up first, then by age."""
    return OutboxMessage.objects.filter(state__in=UNDELIVERED).order_by("-state", "created_at")


def counts() -> list[tuple[MessageState, int]]:
    """How many messages are in each state, every state listed."""
    rows = OutboxMessage.objects.values("state").annotate(n=Count("pk"))
    found = {row["state"]: row["n"] for row in rows}
    return [(state, found.get(state, 0)) for state in MessageState]
