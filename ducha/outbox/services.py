"""Putting messages in the outbox, and the office sending a failed one again."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ducha.core.services import Actor, record_event, snapshot
from ducha.outbox.enums import Channel, MessageState
from ducha.outbox.models import OutboxMessage, new_message_id

SUBJECT_MAX = 200


def enqueue(
    recipients: Iterable[str],
    *,
    subject: str,
    body: str,
    topic: str = "",
    channel: str = Channel.EMAIL,
) -> list[OutboxMessage]:
    """One outbox row per recipient, written in the caller's transaction: the messages
    exist exactly when the change that causes them commits."""
    rows = [
        OutboxMessage(
            channel=channel,
            recipient=recipient,
            subject=subject[:SUBJECT_MAX],
            body=body,
            topic=topic[:64],
            message_id=new_message_id(),
        )
        for recipient in dict.fromkeys(r for r in recipients if r)
    ]
    return OutboxMessage.objects.bulk_create(rows)


@transaction.atomic
def retry_message(message: OutboxMessage, *, actor: Actor) -> bool:
    """The office sends an undelivered message again at the next run of the sender.

    A message being sent right now is left to its sender; a sent one is never sent again.
    """
    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if locked.state not in (MessageState.PENDING, MessageState.FAILED):
        return False
    before = snapshot(locked)
    OutboxMessage.objects.filter(pk=locked.pk).update(
        state=MessageState.PENDING, next_attempt_at=timezone.now()
    )
    locked.refresh_from_db()
    record_event("outbox.retry", locked, actor=actor, before=before, after=snapshot(locked))
    return True
