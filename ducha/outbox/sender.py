"""`ducha send-outbox`: deliver the outbox, safe to run often and in parallel.

Like healthchecks' sendalerts, each message is claimed with a conditional UPDATE that
only one sender can win, and nothing is held open while the server is talked to:
1. claim: pending and due (or held by a sender that died) → sending, with our token;
2. send on the message's channel; the call returns only when the server accepted it;
3. record: sent, or back to pending with the error and a later time (back-off), or
   failed after the last attempt. Every attempt is kept.
A sender killed between 1 and 3 leaves the row "sending"; the next run on this host sees
that its process is gone (on another host: after CLAIM_TIMEOUT) and sends it again, with
the same Message-ID. The one window no protocol closes is between the server's "250 OK"
and our record of it: a kill exactly there sends that message a second time.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone

from ducha.lib.processes import process_alive, this_process
from ducha.outbox.channels import SENDERS, ChannelDown
from ducha.outbox.enums import MessageState
from ducha.outbox.models import DeliveryAttempt, OutboxMessage

CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
# After the 1st, 2nd… failed attempt, wait this long: about a day and a half in all.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=15),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=3),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
INTERRUPTED = "发送进程中断，重新发送 (the sender stopped during this attempt)"


@dataclass(frozen=True)
class Outcome:
    sent: int = 0
    failed: int = 0  # attempts that failed (the message is retried or given up)
    given_up: int = 0


def _abandoned(now: datetime.datetime) -> list[tuple[int, uuid.UUID | None]]:
    """Messages left "sending" by a sender that died."""
    held = OutboxMessage.objects.filter(state=MessageState.SENDING).values_list(
        "pk", "claim_token", "claimed_by", "claimed_at"
    )
    return [
        (pk, token)
        for pk, token, by, at in held
        if (at is not None and at < now - CLAIM_TIMEOUT) or not process_alive(by)
    ]


def claim(pk: int, now: datetime.datetime, *, held_by: uuid.UUID | None = None) -> uuid.UUID | None:
    """Step 1: our token if this sender won the message, else None."""
    token = uuid.uuid4()
    if held_by is None:
        free = Q(state=MessageState.PENDING, next_attempt_at__lte=now)
    else:
        free = Q(state=MessageState.SENDING, claim_token=held_by)
    won = OutboxMessage.objects.filter(free, pk=pk).update(
        state=MessageState.SENDING,
        claim_token=token,
        claimed_by=this_process(),
        # The time of the claim itself: a long run must not hand out claims that look old.
        claimed_at=max(now, timezone.now()),
        # Counted when claimed: a message that kills every sender still runs out of tries.
        attempts=F("attempts") + 1,
    )
    if won != 1:
        return None
    if held_by is not None:
        DeliveryAttempt.objects.create(message_id=pk, at=now, ok=False, error=INTERRUPTED)
    return token


def deliver(pk: int, token: uuid.UUID, now: datetime.datetime) -> bool:
    """Steps 2 and 3 for a claimed message; True when the server accepted it.

    Raises ChannelDown (after recording the attempt) when the server cannot be reached.
    """
    message = OutboxMessage.objects.get(pk=pk)
    try:
        SENDERS[message.channel].send(message)
    except ChannelDown as error:
        _failed(message, token, str(error)[:2000], now)
        raise
    except Exception as error:  # any failure of the far side is recorded, never raised
        _failed(message, token, f"{type(error).__name__}: {error}"[:2000], now)
        return False
    now = max(now, timezone.now())
    OutboxMessage.objects.filter(pk=pk, claim_token=token).update(
        state=MessageState.SENT, sent_at=now, last_error="", claim_token=None
    )
    DeliveryAttempt.objects.create(message_id=pk, at=now, ok=True)
    return True


def _failed(message: OutboxMessage, token: uuid.UUID, error: str, now: datetime.datetime) -> None:
    now = max(now, timezone.now())  # the back-off counts from the end of a slow attempt
    attempts = message.attempts
    give_up = attempts >= MAX_ATTEMPTS
    OutboxMessage.objects.filter(pk=message.pk, claim_token=token).update(
        state=MessageState.FAILED if give_up else MessageState.PENDING,
        last_error=error,
        next_attempt_at=now if give_up else now + BACKOFF[min(attempts, len(BACKOFF)) - 1],
        claim_token=None,
    )
    DeliveryAttempt.objects.create(message_id=message.pk, at=now, ok=False, error=error)


def send_outbox(now: datetime.datetime | None = None) -> Outcome:
    """Send every due message once; messages that fail wait for their next attempt."""
    now = now or timezone.now()
    sent = failed = given_up = 0
    work: list[tuple[int, uuid.UUID | None]] = _abandoned(now)
    due = OutboxMessage.objects.filter(state=MessageState.PENDING, next_attempt_at__lte=now)
    rows = list(due.order_by("next_attempt_at", "pk").values_list("pk", "channel"))
    work += [(pk, None) for pk, _ in rows]
    channels = dict(rows)
    held = OutboxMessage.objects.filter(state=MessageState.SENDING)
    channels.update(held.values_list("pk", "channel"))
    down: set[str] = set()
    try:
        for pk, held_by in work:
            if channels.get(pk) in down:
                continue
            token = claim(pk, now, held_by=held_by)
            if token is None:
                continue  # another sender has it
            try:
                ok = deliver(pk, token, now)
            except ChannelDown:
                # The server is down: that channel's other messages keep their turn for the
                # next run instead of each waiting for its own time-out now.
                failed += 1
                down.add(channels.get(pk, ""))
                continue
            if ok:
                sent += 1
            else:
                failed += 1
                given_up += OutboxMessage.objects.filter(pk=pk, state=MessageState.FAILED).count()
    finally:
        for channel in SENDERS.values():
            channel.close()
    return Outcome(sent=sent, failed=failed, given_up=given_up)
