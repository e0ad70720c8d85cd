"""kill -9 of the sender at random moments: nothing is lost, nothing is sent twice but the
one message whose "250 OK" the server gave just before the kill (no protocol can tell)."""

from __future__ import annotations

import collections
import random
import time
from typing import Any

import pytest

from ducha.outbox.enums import MessageState
from ducha.outbox.models import DeliveryAttempt, OutboxMessage
from ducha.outbox.sender import INTERRUPTED
from ducha.outbox.services import enqueue
from tests.outbox import killing
from tests.outbox.smtp import smtp_server

RUNS = 20
MESSAGES = 15


@pytest.mark.django_db(transaction=True)
def test_killed_at_random_moments_the_sender_loses_nothing(tmp_path: Any) -> None:
    rng = random.Random(10)
    with smtp_server(delay=0.01) as (server, port):
        env = killing.environment(
            DUCHA_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            DUCHA_EMAIL_HOST="127.0.0.1",
            DUCHA_EMAIL_PORT=str(port),
        )
        started = time.monotonic()
        killing.run("send-outbox", env=env)  # how long a run takes: start-up and sending
        span = time.monotonic() - started
        killed = 0
        for run in range(RUNS):
            enqueue(
                [f"u{run}-{n}@example.org" for n in range(MESSAGES)],
                subject=f"第{run}次",
                body="请按时报送。",
            )
            process = killing.start("send-outbox", env=env)
            killed += killing.kill_after(process, rng.uniform(0.2, 1.0) * span)
            finished = killing.run("send-outbox", env=env)
            assert finished.returncode == 0, finished.stderr
        received = collections.Counter(m.message_id for m in server.messages)
    assert killed >= RUNS // 2  # most runs were really cut short
    rows = OutboxMessage.objects.all()
    assert rows.count() == RUNS * MESSAGES
    assert set(rows.values_list("state", flat=True)) == {MessageState.SENT}
    assert set(received) == set(rows.values_list("message_id", flat=True))  # nothing lost
    twice = [mid for mid, n in received.items() if n > 1]
    # A message sent again was one the killed sender held; at most one per kill.
    interrupted = set(
        DeliveryAttempt.objects.filter(error=INTERRUPTED).values_list(
            "message__message_id", flat=True
        )
    )
    assert set(twice) <= interrupted
    assert len(twice) <= killed
    assert max(received.values()) <= 2


@pytest.mark.django_db(transaction=True)
def test_killed_send_reminders_loses_no_reminder_and_queues_each_once() -> None:
    from ducha.progress.models import Reminder
    from tests.factories import make_item
    from tests.progress.personas import build_world

    world = build_world()
    rng = random.Random(5)
    with smtp_server() as (server, port):
        env = killing.environment(
            DUCHA_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            DUCHA_EMAIL_HOST="127.0.0.1",
            DUCHA_EMAIL_PORT=str(port),
        )
        started = time.monotonic()
        killing.run("send-reminders", env=env)
        span = time.monotonic() - started
        for run in range(RUNS // 2):
            for n in range(5):
                make_item(f"第{run}批事项{n}", lead_unit=world.unit_a)
            killing.kill_after(killing.start("send-reminders", env=env), rng.uniform(0.3, 1) * span)
            assert killing.run("send-reminders", env=env).returncode == 0
        received = collections.Counter(m.message_id for m in server.messages)
    reminders = Reminder.objects.filter(unit=world.unit_a)
    assert reminders.count() == 1 + 5 * (RUNS // 2)
    assert not reminders.filter(sent_at__isnull=True).exists()
    mails = OutboxMessage.objects.filter(topic="reminder", recipient="a@example.org")
    assert mails.count() == reminders.count()  # one mail per reminder, never two
    assert set(received) == set(mails.values_list("message_id", flat=True))
