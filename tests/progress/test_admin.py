"""The admin reads reports with the pages' visibility and acts through the same services."""

from __future__ import annotations

import pytest
from django.test import Client

from ducha.core.models import AuditEvent
from ducha.progress import services
from ducha.progress.models import ProgressReport
from tests.progress.personas import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_admin_accept_action_is_audited_and_drafts_stay_hidden(world: World) -> None:
    sent = services.save_report(
        world.item,
        world.round,
        unit=world.unit_a,
        actor=world.reporter_a,
        narrative="已报送",
        values={},
        submit=True,
    )
    services.save_report(
        world.item_b,
        world.round,
        unit=world.unit_b,
        actor=world.reporter_b,
        narrative="乙单位草稿",
        values={},
    )
    client = Client()
    client.force_login(world.inspector)
    listing = client.get("/admin/progress/progressreport/").content.decode()
    assert world.item.title in listing and world.item_b.title not in listing
    client.post(
        "/admin/progress/progressreport/", {"action": "accept", "_selected_action": [sent.pk]}
    )
    sent.refresh_from_db()
    assert sent.state == "accepted"
    assert AuditEvent.objects.get(action="report.accepted").actor == world.inspector
    assert ProgressReport.objects.get(item=world.item_b).state == "draft"
