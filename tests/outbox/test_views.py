"""With the mail server down, page actions still work; the office sees what is undelivered."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ducha.core.models import AuditEvent
from ducha.outbox.enums import MessageState
from ducha.outbox.models import OutboxMessage
from ducha.outbox.sender import send_outbox
from ducha.outbox.services import enqueue
from ducha.progress import services
from ducha.progress.enums import ReportState
from tests.outbox.smtp import free_port, smtp_server
from tests.progress.personas import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings: Any) -> World:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there: the mail server is down
    settings.EMAIL_TIMEOUT = 5
    return build_world()


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_returning_a_report_with_the_mail_server_down_works_and_keeps_the_mail(
    world: World, settings: Any
) -> None:
    report = services.save_report(
        world.item, world.round, unit=world.unit_a, actor=world.reporter_a,
        narrative="完成投资293亿元", values={}, submit=True,
    )  # fmt: skip
    response = login(world.inspector).post(
        f"/reports/{report.pk}/return/", {"reason": "请补充佐证材料", "version": report.version}
    )
    assert response.status_code == 302  # it answered 500 although the return was committed
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    [mail] = OutboxMessage.objects.all()
    assert (mail.recipient, mail.topic, mail.state) == (
        "a@example.org",
        "report.returned",
        "pending",
    )
    assert send_outbox().failed == 1
    with smtp_server(settings.EMAIL_PORT) as (server, _):
        mail.refresh_from_db()
        send_outbox(now=mail.next_attempt_at)
    assert [m.to for m in server.messages] == [["a@example.org"]]
    assert "请补充佐证材料" in server.messages[0].body


def test_the_office_sees_failed_mail_with_its_error_and_sends_it_again(world: World) -> None:
    enqueue(["a@example.org"], subject="【督查室催办】修路", body="请报送", topic="reminder")
    send_outbox()
    page = login(world.inspector).get("/office/outbox/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "a@example.org" in text and "【督查室催办】修路" in text
    assert "Connection refused" in text or "ConnectionRefusedError" in text
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(state=MessageState.FAILED)
    response = login(world.inspector).post(f"/office/outbox/{message.pk}/retry/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == MessageState.PENDING
    event = AuditEvent.objects.get(action="outbox.retry")
    assert (event.actor, event.before["state"], event.after["state"]) == (
        world.inspector, "failed", "pending",
    )  # fmt: skip


def test_units_and_leaders_cannot_see_the_outbox(world: World) -> None:
    enqueue(["a@example.org"], subject="内部", body="x")
    for user in (world.reporter_a, world.leader_user):
        assert login(user).get("/office/outbox/").status_code == 403
        message = OutboxMessage.objects.get()
        assert login(user).post(f"/office/outbox/{message.pk}/retry/").status_code == 403
    assert Client().get("/office/outbox/").status_code == 302  # to the login page


@pytest.mark.parametrize("n", [1, 50])
def test_the_outbox_page_runs_a_fixed_number_of_queries(world: World, n: int) -> None:
    enqueue([f"u{i}@example.org" for i in range(n)], subject="s", body="b")
    client = login(world.inspector)
    client.get("/office/outbox/")  # sessions and roles warmed up
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/office/outbox/").status_code == 200
    assert len(queries) == 6, [q["sql"] for q in queries]
