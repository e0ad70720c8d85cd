"""Putting messages in the outbox, and the office sending a failed one again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ducha.core.services import Actor, record_event, snapshot
from ducha.outbox.enums import Channel, MessageState
from ducha.outbox.models import OutboxMessage, UserChannels, new_message_id

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


SMS_LIMIT = 140  # characters of a text message, link included


def user_addresses(users: Iterable[Any]) -> list[tuple[Any, str, str]]:
    """(user, channel, address) for each channel a user is told on besides the app: e-mail
    unless they turned it off, SMS when they chose it. The one place this is decided."""
    users = list(users)
    prefs = {c.user_id: c for c in UserChannels.objects.filter(user__in=users)}
    out: list[tuple[Any, str, str]] = []
    for user in users:
        pref = prefs.get(user.pk)
        if user.email and (pref is None or pref.by_email):
            out.append((user, Channel.EMAIL, user.email))
        if pref is not None and pref.by_sms and pref.mobile:
            out.append((user, Channel.SMS, pref.mobile))
    return out


def short_text(subject: str, text: str, url: str) -> str:
    """A message a phone shows whole: the subject, the text cut to fit, then the link."""
    link = f"{settings.SITE_URL}{url}" if url else ""
    room = SMS_LIMIT - len(link) - len(subject) - 1
    if len(text) > room:
        text = text[: max(room - 1, 0)] + "…"
    return f"{subject}{text}\n{link}" if link else f"{subject}{text}"


def enqueue_by_channel(
    addresses: Iterable[tuple[str, str]], *, subject: str, text: str, url: str, topic: str
) -> None:
    """Queue one message per (channel, address): mail gets the full text and the link,
    phones and group robots the short text."""
    by_channel: dict[str, list[str]] = {}
    for channel, address in addresses:
        by_channel.setdefault(channel, []).append(address)
    link = f"{settings.SITE_URL}{url}" if url else ""
    for channel, found in by_channel.items():
        if channel == Channel.EMAIL:
            body = f"{text}\n\n{link}" if link else text
        else:
            body = short_text(subject, text, url)
        enqueue(found, subject=subject, body=body, topic=topic, channel=channel)


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


@transaction.atomic
def set_user_channels(user: Any, *, mobile: str, by_email: bool, by_sms: bool) -> UserChannels:
    """A user's own mobile number and the channels they want besides the app; audited."""
    if by_sms and not mobile:
        raise ValidationError(_("Enter a mobile number to be told by SMS."))
    channels, created = UserChannels.objects.select_for_update().get_or_create(user=user)
    before = None if created else snapshot(channels)
    channels.mobile, channels.by_email, channels.by_sms = mobile, by_email, by_sms
    channels.full_clean()
    channels.save()
    record_event(
        "userchannels.changed", channels, actor=user, before=before, after=snapshot(channels)
    )
    return channels
