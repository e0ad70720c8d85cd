"""`ducha send-reminders`: once per report and kind, however often and however many run."""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from ducha.outbox.sender import send_outbox
from ducha.progress.models import Notification, Reminder
from ducha.progress.reminders import send_reminders
from tests.progress.personas import DUE, World, build_world

LATE = DUE + datetime.timedelta(hours=1)
SOON = DUE - datetime.timedelta(days=1)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def run(now: datetime.datetime, capture: Any) -> Any:
    """A run of `ducha send-reminders`: queue the reminders, then deliver the outbox."""
    with capture(execute=True):
        outcome = send_reminders(now)
    send_outbox()
    return outcome


def test_overdue_reports_get_one_reminder_and_one_mail(
    world: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first = run(LATE, django_capture_on_commit_callbacks)
    second = run(LATE, django_capture_on_commit_callbacks)
    assert (first.created, first.sent) == (2, 2)  # item of A for A, item of B for B
    assert (second.created, second.sent) == (0, 0)
    assert sorted(Reminder.objects.values_list("item_id", "unit_id", "kind")) == sorted(
        [(world.item.pk, world.unit_a.pk, "overdue"), (world.item_b.pk, world.unit_b.pk, "overdue")]
    )
    assert len(mailoutbox) == 1  # only reporter A has an address
    assert mailoutbox[0].to == ["a@example.org"]
    assert "逾期未报" in mailoutbox[0].body
    assert Notification.objects.filter(user=world.reporter_b).count() == 1


def test_due_soon_then_overdue_are_two_reminders(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    run(SOON, django_capture_on_commit_callbacks)
    run(LATE, django_capture_on_commit_callbacks)
    kinds = Reminder.objects.filter(unit=world.unit_a).values_list("kind", flat=True)
    assert sorted(kinds) == ["due_soon", "overdue"]


def test_nothing_before_the_window_and_nothing_for_reported_parts(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    assert run(DUE - datetime.timedelta(days=10), django_capture_on_commit_callbacks).created == 0
    from ducha.progress.services import save_report

    save_report(
        world.item,
        world.round,
        unit=world.unit_a,
        actor=world.reporter_a,
        narrative="已完成",
        values={},
        submit=True,
    )
    run(LATE, django_capture_on_commit_callbacks)
    assert list(Reminder.objects.values_list("unit_id", flat=True)) == [world.unit_b.pk]


def test_a_reminder_is_claimed_by_one_run_only(world: World) -> None:
    from ducha.outbox.models import OutboxMessage
    from ducha.progress.reminders import create_due_reminders, send_one

    create_due_reminders(LATE)
    reminder = Reminder.objects.get(unit=world.unit_a)
    assert send_one(reminder.pk, LATE)
    assert not send_one(reminder.pk, LATE + datetime.timedelta(minutes=11))
    # The mail is queued with the reminder, in the same transaction, and only once.
    assert OutboxMessage.objects.filter(recipient="a@example.org", topic="reminder").count() == 1


@pytest.mark.skipif(
    os.environ.get("DUCHA_DATABASE_URL", "sqlite").startswith("sqlite"),
    reason="threads need a server database; the SQLite case runs two processes below",
)
def test_two_runs_at_once_on_the_server_database(transactional_db: None, mailoutbox: Any) -> None:
    world = build_world()
    for n in range(20):
        from tests.factories import make_item

        make_item(f"事项{n}", lead_unit=world.unit_a)
    barrier = threading.Barrier(2)

    def worker() -> None:
        barrier.wait()
        send_reminders(LATE)
        send_outbox()
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Reminder.objects.count() == 22
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert Notification.objects.filter(user=world.reporter_a).count() == 21
    assert len(mail.outbox) == 21


SETUP = """
from tests.progress.personas import build_world
from tests.factories import make_item
world = build_world()
for n in range(30):
    make_item(f"事项{n}", lead_unit=world.unit_a)
"""


@pytest.mark.skipif(
    not os.environ.get("DUCHA_DATABASE_URL", "sqlite").startswith("sqlite"),
    reason="the file-SQLite case",
)
def test_two_processes_at_once_on_a_sqlite_file(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DUCHA_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DUCHA_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DUCHA_EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "PYTHONPATH": str(root),
    }
    ducha = [sys.executable, "-m", "ducha"]
    subprocess.run([*ducha, "migrate", "-v", "0"], env=env, check=True, cwd=root)
    subprocess.run([*ducha, "shell", "-c", SETUP], env=env, check=True, cwd=root)
    runs = [
        subprocess.Popen([*ducha, "send-reminders"], env=env, cwd=root, stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].decode() for p in runs]
    assert all(p.returncode == 0 for p in runs), outputs
    subprocess.run([*ducha, "send-reminders"], env=env, check=True, cwd=root)
    db = sqlite3.connect(tmp_path / "db.sqlite3")
    rows = db.execute("select item_id, unit_id, kind, sent_at is not null from progress_reminder")
    rows = rows.fetchall()
    assert len(rows) == 32 and len(set(rows)) == 32 and all(sent for *_, sent in rows)
    messages = b"".join(f.read_bytes() for f in (tmp_path / "mail").iterdir())
    assert messages.count(b"Subject: ") == 31  # reporter A's 31 overdue parts, each once


def test_only_the_current_round_is_chased(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.factories import make_deadline, make_round

    later = make_round(
        "2017-H2",
        period_start=datetime.date(2017, 7, 1),
        period_end=datetime.date(2017, 12, 31),
    )
    make_deadline(later, DUE + datetime.timedelta(days=200))
    run(LATE, django_capture_on_commit_callbacks)  # 2017-H1 is overdue but no longer current
    assert not Reminder.objects.exists()


def test_with_the_mail_server_down_send_reminders_keeps_every_mail_and_exits_cleanly(
    world: World, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core.management import call_command

    from ducha.outbox.models import OutboxMessage
    from tests.outbox.smtp import free_port, smtp_server

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    # It marked a reminder sent, then died with a traceback: one reminder lost per run.
    call_command("send_reminders")
    assert "outbox: 0 sent, 1 failed" in capsys.readouterr().out
    mail = OutboxMessage.objects.get(topic="reminder")
    assert mail.state == "pending" and "Connection refused" in mail.last_error
    with smtp_server(settings.EMAIL_PORT) as (server, _):
        from ducha.outbox.sender import send_outbox

        send_outbox(now=mail.next_attempt_at)
    assert [m.to for m in server.messages] == [["a@example.org"]]
    assert "逾期未报" in server.messages[0].body
