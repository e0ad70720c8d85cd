"""Numbering, issuing, escalation and acknowledgement, on the real database."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from ducha.core.models import AuditEvent
from ducha.documents import services
from ducha.documents.escalation import by_hand, escalate
from ducha.documents.models import Document, DocumentCounter, DocumentSeries, EscalationRule
from ducha.documents.numbering import allocate
from ducha.outbox.models import OutboxMessage, UnitChannels, UserChannels
from ducha.progress.models import Assignment, Notification
from tests.progress.personas import DUE, World, build_world

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def rules() -> None:
    EscalationRule.objects.create(days_late=3, kind="urge")
    EscalationRule.objects.create(days_late=7, kind="order", level="yellow", addressee="head")
    EscalationRule.objects.create(
        days_late=15, kind="order", level="red", addressee="head", copy_lead_leader=True
    )


def test_assigning_issues_a_numbered_notice_in_the_office_format(world: World) -> None:
    DocumentSeries.objects.create(
        kind="notice", pattern="许督〔{year}〕{n}号", issuer="许昌市人民政府督查室"
    )
    first = services.assign_with_notice(world.item, unit=world.unit_a, actor=world.inspector)
    assert first is not None
    year = first.issued_at.year
    assert first.number == f"许督〔{year}〕1号"
    assert first.main_to == world.unit_a.name and first.issuer == "许昌市人民政府督查室"
    assert "交由你单位牵头办理" in first.body
    # Assigning again is no new notice; the assignment and its audit are there once.
    assert services.assign_with_notice(world.item, unit=world.unit_a, actor=world.inspector) is None
    assert Document.objects.count() == 1 and Assignment.objects.count() == 1
    assert AuditEvent.objects.filter(action="document.issued").count() == 1
    # The unit's reporter is told in the app and by mail, with the link to the item.
    assert Notification.objects.get(user=world.reporter_a).url == f"/items/{world.item.pk}/"
    mail = OutboxMessage.objects.get(recipient="a@example.org", topic="document.notice")
    assert f"/items/{world.item.pk}/" in mail.body


def test_a_reporter_cannot_assign(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.assign_with_notice(world.item, unit=world.unit_a, actor=world.reporter_a)
    assert not Document.objects.exists() and not DocumentCounter.objects.filter(last__gt=0).exists()


def test_each_kind_counts_from_one_each_year(world: World) -> None:
    with transaction.atomic():
        assert [allocate("urge", 2026) for _ in range(3)] == [1, 2, 3]
        assert allocate("notice", 2026) == 1
        assert allocate("urge", 2027) == 1


def test_a_number_taken_by_a_transaction_that_fails_is_given_back(world: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate("urge", 2026)
        raise RuntimeError
    with transaction.atomic():
        assert allocate("urge", 2026) == 1


def test_acknowledging_a_notice_acknowledges_the_assignment(world: World) -> None:
    notice = services.assign_with_notice(world.item, unit=world.unit_a, actor=world.inspector)
    assert notice is not None
    with pytest.raises(PermissionDenied):
        services.acknowledge_document(notice, actor=world.reporter_b)
    done = services.acknowledge_document(notice, actor=world.reporter_a)
    assert done.acknowledged_by == world.reporter_a
    assert Assignment.objects.get().acknowledged_by == world.reporter_a
    assert AuditEvent.objects.filter(action="document.acknowledged").count() == 1


def test_escalation_issues_the_highest_rule_reached_once_per_part(world: World) -> None:
    rules()
    UnitChannels.objects.create(unit=world.unit_a, head_name="张三", head_mobile="13800000001")
    assert escalate(DUE + 2 * DAY) == 0
    assert escalate(DUE + 3 * DAY) == 2  # both units' items are late
    assert escalate(DUE + 4 * DAY) == 0
    urge = Document.objects.get(unit=world.unit_a, kind="urge")
    assert "已逾期3天" in urge.body
    assert escalate(DUE + 8 * DAY) == 2
    yellow = Document.objects.get(unit=world.unit_a, kind="order")
    assert yellow.level == "yellow" and "黄色督查单" in yellow.title
    # The yellow one reaches the unit's head by SMS.
    assert OutboxMessage.objects.filter(channel="sms", recipient="13800000001").count() == 1
    assert escalate(DUE + 16 * DAY) == 2
    red = Document.objects.get(unit=world.unit_a, level="red")
    assert red.copy_to == str(world.leader)
    assert Notification.objects.filter(user=world.leader_user, url=f"/items/{world.item.pk}/")
    assert list(
        Document.objects.filter(kind="order").values_list("serial", flat=True).order_by("serial")
    ) == [1, 2, 3, 4]


def test_a_report_in_stops_the_escalation(world: World) -> None:
    from tests.factories import make_deadline  # noqa: F401

    rules()
    from ducha.progress.models import ProgressReport

    ProgressReport.objects.create(
        item=world.item,
        round=world.round,
        unit=world.unit_a,
        state="submitted",
        submitted_at=DUE,
    )
    assert escalate(DUE + 3 * DAY) == 1
    assert not Document.objects.filter(unit=world.unit_a).exists()


def test_sms_preference_adds_a_message_to_the_mobile(world: World) -> None:
    UserChannels.objects.create(user=world.reporter_a, mobile="13900000000", by_sms=True)
    services.assign_with_notice(world.item, unit=world.unit_a, actor=world.inspector)
    sms = OutboxMessage.objects.get(channel="sms")
    assert sms.recipient == "13900000000"
    assert len(sms.body) <= 140 and sms.body.startswith("【督查通知单】")
    assert sms.body.endswith(f"/items/{world.item.pk}/")


PARALLEL = 20


def test_twenty_parallel_issuers_get_numbers_without_gap_or_duplicate(
    transactional_db: None,
) -> None:
    """On SQLite (a file, IMMEDIATE transactions) and on PostgreSQL (.ci/run)."""
    world = build_world()
    barrier = threading.Barrier(PARALLEL)
    errors: list[BaseException] = []
    items = []
    from tests.factories import make_item

    for n in range(PARALLEL):
        items.append(make_item(f"并发事项{n}", lead_unit=world.unit_a))

    def issuer(n: int) -> None:
        try:
            barrier.wait()
            services.assign_with_notice(items[n], unit=world.unit_a, actor=world.inspector)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issuer, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(Document.objects.values_list("serial", flat=True))
    assert serials == list(range(1, PARALLEL + 1))
    assert DocumentCounter.objects.get(kind="notice").last == PARALLEL


def test_issuing_needs_the_office(world: World, settings: Any) -> None:
    issues = by_hand([world.item], kind="urge", level="", now=DUE + DAY)
    assert [i.unit for i in issues] == [world.unit_a]
    with pytest.raises(PermissionDenied):
        services.urge_by_hand(issues, actor=world.reporter_a)
    [document] = services.urge_by_hand(issues, actor=world.inspector)
    assert document.issued_by == world.inspector and "已逾期1天" in document.body


def test_two_escalation_runs_at_once_issue_each_document_once(transactional_db: None) -> None:
    world = build_world()
    rules()
    from tests.factories import make_item

    for n in range(10):
        make_item(f"逾期事项{n}", lead_unit=world.unit_a)
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def run() -> None:
        try:
            barrier.wait()
            counts.append(escalate(DUE + 8 * DAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 12 late parts (11 of unit A, 1 of unit B), each with one yellow 督查单, numbered 1…12.
    assert sum(counts) == 12
    assert sorted(Document.objects.values_list("serial", flat=True)) == list(range(1, 13))
    assert DocumentCounter.objects.get(kind="order").last == 12
