"""A unit's unsent draft never reaches the audit trail, which people outside the unit read."""

from __future__ import annotations

import decimal
import json

import pytest
from django.test import Client

from ducha.core.models import AuditEvent
from ducha.progress import services
from tests.progress.personas import World, build_world

SECRET = "草稿：征地仍未完成，暂不对外"


def trail_text() -> str:
    events = AuditEvent.objects.filter(target_type="progress.progressreport")
    return json.dumps([[e.before, e.after] for e in events], ensure_ascii=False)


@pytest.mark.django_db
def test_drafts_are_in_the_trail_as_changes_without_their_content() -> None:
    world: World = build_world()
    for text in (SECRET, SECRET + "（二稿）"):
        services.save_report(
            world.item, world.round, unit=world.unit_a, actor=world.reporter_a,
            narrative=text, values={world.target.pk: decimal.Decimal("293")},
        )  # fmt: skip
    saved = AuditEvent.objects.filter(action="report.saved").order_by("pk")
    assert saved.count() == 2
    assert saved[1].after["narrative_chars"] == len(SECRET + "（二稿）")
    assert SECRET not in trail_text() and "293" not in trail_text()

    admin = Client()
    admin.force_login(world.admin)
    page = admin.get(f"/admin/core/auditevent/{saved[1].pk}/change/").content.decode()
    assert "report.saved" in page and SECRET not in page

    # Once sent, the report is the office's to read, and the trail keeps what was sent.
    services.save_report(
        world.item, world.round, unit=world.unit_a, actor=world.reporter_a,
        narrative="已完成征地", values={world.target.pk: decimal.Decimal("300")}, submit=True,
    )  # fmt: skip
    submitted = AuditEvent.objects.get(action="report.submitted")
    assert submitted.after["narrative"] == "已完成征地"
    assert submitted.after["values"] == {str(world.target.pk): "300.00"}
    assert SECRET not in json.dumps(submitted.before, ensure_ascii=False)
