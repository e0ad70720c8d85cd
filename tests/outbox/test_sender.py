"""The outbox's sender against a real SMTP server on 127.0.0.1: sent only when accepted,
retried with back-off when not, given up after the last attempt, shown to the office."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ducha.outbox.enums import MessageState
from ducha.outbox.models import DeliveryAttempt, OutboxMessage
from ducha.outbox.sender import BACKOFF, MAX_ATTEMPTS, send_outbox
from ducha.outbox.services import enqueue
from tests.outbox.smtp import free_port, smtp_server

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def smtp_settings(settings: Any) -> Any:
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 5
    return settings


def queue(*recipients: str) -> list[OutboxMessage]:
    return enqueue(recipients, subject="【督查室催办】修路", body="请按时报送。", topic="reminder")


@pytest.mark.django_db
def test_it_sends_and_marks_sent_only_what_the_server_accepted(smtp_settings: Any) -> None:
    queue("a@example.org", "b@example.org")
    with smtp_server(smtp_settings.EMAIL_PORT) as (server, _):
        outcome = send_outbox()
    assert outcome.sent == 2
    assert sorted(m.to[0] for m in server.messages) == ["a@example.org", "b@example.org"]
    assert server.messages[0].subject == "【督查室催办】修路"
    stored = {m.message_id for m in OutboxMessage.objects.all()}
    assert {m.message_id for m in server.messages} == stored
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {MessageState.SENT}
    assert DeliveryAttempt.objects.filter(ok=True).count() == 2
    assert send_outbox().sent == 0  # running again sends nothing twice


@pytest.mark.django_db
def test_an_unreachable_server_keeps_the_message_for_a_later_attempt(smtp_settings: Any) -> None:
    [message] = queue("a@example.org")
    before = timezone.now()
    outcome = send_outbox()  # nothing listens on the port
    message.refresh_from_db()
    assert (outcome.sent, outcome.failed) == (0, 1)
    assert message.state == MessageState.PENDING
    assert message.attempts == 1
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    assert message.next_attempt_at >= before + BACKOFF[0]
    assert send_outbox().failed == 0  # not due yet: no second attempt at once
    with smtp_server(smtp_settings.EMAIL_PORT) as (server, _):
        assert send_outbox(now=message.next_attempt_at).sent == 1
    assert [m.message_id for m in server.messages] == [message.message_id]
    assert list(DeliveryAttempt.objects.order_by("at").values_list("ok", flat=True)) == [
        False,
        True,
    ]


@pytest.mark.django_db
def test_a_refusing_server_is_retried_with_growing_intervals_then_given_up(
    smtp_settings: Any,
) -> None:
    [message] = queue("a@example.org")
    waits = []
    with smtp_server(smtp_settings.EMAIL_PORT, refuse="554 5.7.1 rejected") as (server, _):
        now = timezone.now()
        for _ in range(MAX_ATTEMPTS):
            send_outbox(now=now)
            message.refresh_from_db()
            waits.append(message.next_attempt_at - now)
            now = message.next_attempt_at
    assert message.state == MessageState.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert "554" in message.last_error
    # Each wait is the back-off after the attempt (counted from when the attempt failed).
    for wait, backoff in zip(waits, BACKOFF, strict=False):
        assert backoff <= wait < backoff + datetime.timedelta(seconds=5)
    assert tuple(sorted(BACKOFF)) == BACKOFF
    assert server.messages == []
    assert send_outbox(now=now + datetime.timedelta(days=30)).failed == 0  # given up: no more
