"""The register, a document's page and files, 签收 from the inbox, 催办 by hand from the
workbench, the office's settings, registering a bulletin, and a user's own channels."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document as read_docx

from ducha.core.models import AuditEvent
from ducha.documents import services
from ducha.documents.models import Document, DocumentSeries, EscalationRule
from ducha.outbox.models import OutboxMessage, UnitChannels, UserChannels
from ducha.progress.models import ReportingDeadline
from tests.factories import make_item
from tests.progress.personas import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    # The round's reports were due yesterday.
    ReportingDeadline.objects.filter(round=world.round).update(
        due=timezone.now() - datetime.timedelta(days=1, hours=1)
    )
    return world


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notice(world: World) -> Document:
    found = services.assign_with_notice(world.item, unit=world.unit_a, actor=world.inspector)
    assert found is not None
    return found


def test_the_register_lists_each_document_with_number_recipient_item_and_issuer(
    world: World,
) -> None:
    document = notice(world)
    page = login(world.inspector).get("/office/documents/").content.decode()
    for text in (document.number, "督查通知单", world.unit_a.short_name, world.item.title):
        assert text in page
    assert world.inspector.username in page


def test_a_unit_sees_only_its_own_documents_and_files(world: World) -> None:
    document = notice(world)
    other = services.assign_with_notice(world.item_b, unit=world.unit_b, actor=world.inspector)
    assert other is not None
    page = login(world.reporter_b).get("/office/documents/").content.decode()
    assert other.number in page and document.number not in page
    assert login(world.reporter_b).get(f"/documents/{document.pk}/").status_code == 404
    assert login(world.reporter_b).get(f"/documents/{document.pk}.docx").status_code == 404
    # The leader of the item sees it; another leader does not.
    assert login(world.leader_user).get(f"/documents/{document.pk}/").status_code == 200
    assert login(world.other_leader_user).get(f"/documents/{document.pk}/").status_code == 404
    assert Client().get(f"/documents/{document.pk}/").status_code == 302  # to the login


def test_downloads_are_the_numbered_document(world: World) -> None:
    document = notice(world)
    client = login(world.reporter_a)
    response = client.get(f"/documents/{document.pk}.docx")
    paragraphs = [p.text for p in read_docx(io.BytesIO(response.content)).paragraphs]
    assert document.number in paragraphs and document.title in paragraphs
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    pdf = client.get(f"/documents/{document.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/documents/{document.pk}.exe").status_code == 404


def test_the_unit_acknowledges_from_its_inbox(world: World) -> None:
    document = notice(world)
    client = login(world.reporter_a)
    inbox = client.get("/inbox/").content.decode()
    assert 'id="documents"' in inbox and document.number in inbox
    response = client.post(f"/documents/{document.pk}/acknowledge/", {"next": "/inbox/"})
    assert response.status_code == 302 and response["Location"] == "/inbox/"
    document.refresh_from_db()
    assert document.acknowledged_by == world.reporter_a
    assert 'id="documents"' not in client.get("/inbox/").content.decode()
    # Not another unit's reporter.
    assert login(world.reporter_b).post(f"/documents/{document.pk}/acknowledge/").status_code == 404


def test_unacknowledged_documents_are_listed(world: World) -> None:
    first = notice(world)
    second = services.assign_with_notice(world.item_b, unit=world.unit_b, actor=world.inspector)
    assert second is not None
    services.acknowledge_document(first, actor=world.reporter_a)
    page = login(world.inspector).get("/office/documents/?unacknowledged=on").content.decode()
    assert second.number in page and first.number not in page


@pytest.mark.parametrize("n", [1, 50])
def test_the_register_runs_a_fixed_number_of_queries(world: World, n: int) -> None:
    for i in range(n):
        item = make_item(f"登记事项{i}", lead_unit=world.unit_a, leaders=[world.leader])
        services.assign_with_notice(item, unit=world.unit_a, actor=world.inspector)
    client = login(world.inspector)
    client.get("/office/documents/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/office/documents/").status_code == 200
    assert len(queries) == 6, [q["sql"] for q in queries]


def test_urge_by_hand_previews_who_receives_what_then_issues(world: World) -> None:
    UserChannels.objects.create(user=world.reporter_a, mobile="13900000000", by_sms=True)
    UnitChannels.objects.create(unit=world.unit_a, head_name="张三", head_mobile="13800000001")
    client = login(world.inspector)
    workbench = client.get("/workbench/").content.decode()
    assert 'form="urge"' in workbench and 'id="urge"' in workbench
    data = {"item": [world.item.pk], "kind": "order:yellow"}
    preview = client.post("/office/documents/urge/", data).content.decode()
    assert "黄色督查单" in preview and "13800000001" in preview and "13900000000" in preview
    assert not Document.objects.exists()  # a preview issues nothing
    response = client.post("/office/documents/urge/", {**data, "confirm": "1"})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.kind, document.level, document.unit) == ("order", "yellow", world.unit_a)
    assert OutboxMessage.objects.filter(channel="sms", recipient="13800000001").exists()
    # A leader sees the workbench without the urge form and cannot urge.
    assert 'id="urge"' not in login(world.leader_user).get("/workbench/").content.decode()
    assert login(world.leader_user).post("/office/documents/urge/", data).status_code == 403


def test_the_office_sets_number_formats_and_rules(world: World) -> None:
    client = login(world.inspector)
    assert client.get("/office/documents/settings/").status_code == 200
    data = {
        "series-TOTAL_FORMS": "1", "series-INITIAL_FORMS": "0",
        "series-0-kind": "urge", "series-0-pattern": "许督催〔{year}〕{n}号",
        "series-0-issuer": "许昌市人民政府督查室", "series-0-printed_by": "许昌市人民政府督查室",
        "rules-TOTAL_FORMS": "1", "rules-INITIAL_FORMS": "0",
        "rules-0-days_late": "3", "rules-0-kind": "urge", "rules-0-level": "",
        "rules-0-addressee": "reporter", "rules-0-active": "on",
    }  # fmt: skip
    assert client.post("/office/documents/settings/", data).status_code == 302
    assert DocumentSeries.objects.get().pattern == "许督催〔{year}〕{n}号"
    assert EscalationRule.objects.get().days_late == 3
    assert AuditEvent.objects.filter(action="document_series.changed").count() == 1
    bad = {**data, "series-0-pattern": "许督催〔{year}〕号"}
    assert client.post("/office/documents/settings/", bad).status_code == 400
    assert login(world.reporter_a).get("/office/documents/settings/").status_code == 403


def test_everyone_sets_their_own_mobile_and_channels(world: World) -> None:
    client = login(world.reporter_a)
    bad = client.post("/me/channels/", {"mobile": "12345", "by_sms": "on"})
    assert bad.status_code == 400
    ok = client.post("/me/channels/", {"mobile": "13900000000", "by_sms": "on", "by_email": ""})
    assert ok.status_code == 302
    channels = UserChannels.objects.get(user=world.reporter_a)
    assert (channels.mobile, channels.by_sms, channels.by_email) == ("13900000000", True, False)
    # Now a reminder reaches the phone and no longer the mailbox.
    notice(world)
    channels_used = set(OutboxMessage.objects.values_list("channel", flat=True))
    assert channels_used == {"sms"}
