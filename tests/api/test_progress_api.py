"""The JSON API runs the same use cases with the same permissions as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ducha.core.models import AuditEvent
from ducha.progress.models import ProgressReport
from tests.factories import make_item
from tests.progress.personas import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_submit_return_resubmit_accept_rate(world: World) -> None:
    reporter, inspector = as_user(world.reporter_a), as_user(world.inspector)
    url = f"/api/items/{world.item.pk}/units/{world.unit_a.pk}/report/"
    sent = post(
        reporter,
        url,
        {
            "narrative": "到位资金293亿元",
            "values": {world.target.pk: "293"},
            "submit": True,
            "version": 0,
        },
    )
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["state"] == "submitted" and body["values"] == {str(world.target.pk): "293.00"}
    assert "到位资金293亿元" in sent.content.decode()  # not \\u-escaped
    report_id = body["id"]
    returned = post(
        inspector,
        f"/api/reports/{report_id}/return/",
        {"reason": "请补充", "version": body["version"]},
    )
    assert returned.json()["state"] == "returned"
    again = post(
        reporter,
        url,
        {
            "narrative": "已补充",
            "values": {world.target.pk: "293"},
            "submit": True,
            "version": returned.json()["version"],
        },
    )
    accepted = post(
        inspector, f"/api/reports/{report_id}/accept/", {"version": again.json()["version"]}
    )
    assert accepted.json()["state"] == "accepted"
    rated = post(
        inspector,
        f"/api/rounds/{world.round.code}/ratings/{world.item.pk}/",
        {"status": "on_track", "updated_at": None},
    )
    assert rated.json()["status"] == "on_track"
    assert AuditEvent.objects.filter(action="report.returned", actor=world.inspector).count() == 1


def test_errors_are_chinese_and_permissions_hold(world: World) -> None:
    url = f"/api/items/{world.item.pk}/units/{world.unit_a.pk}/report/"
    empty = post(as_user(world.reporter_a), url, {"narrative": "", "submit": True, "version": 0})
    assert empty.status_code == 400
    assert "请先填写工作进展再报送" in empty.json()["detail"][0]
    assert post(as_user(world.reporter_b), url, {"narrative": "x", "version": 0}).status_code == 404
    post(as_user(world.reporter_a), url, {"narrative": "草稿", "version": 0})
    draft = ProgressReport.objects.get()
    assert as_user(world.reporter_b).get(f"/api/reports/{draft.pk}/").status_code == 404
    assert as_user(world.inspector).get(f"/api/reports/{draft.pk}/").status_code == 404  # a draft
    forbidden = post(as_user(world.reporter_a), f"/api/reports/{draft.pk}/accept/", {"version": 1})
    assert forbidden.status_code == 403
    assert Client().get("/api/items/").status_code == 401


def test_item_list_is_filtered_and_constant_in_queries(world: World) -> None:
    client = as_user(world.reporter_a)
    with CaptureQueriesContext(connection) as one:
        titles = [i["title"] for i in client.get("/api/items/").json()]
    assert titles == [world.item.title]
    for _ in range(2):
        make_item(lead_unit=world.unit_a)
    with CaptureQueriesContext(connection) as three:
        assert len(client.get("/api/items/").json()) == 3
    assert len(one) == len(three)


def test_extension_and_close_out_over_the_api(world: World) -> None:
    reporter, head = as_user(world.reporter_a), as_user(world.head)
    base = f"/api/items/{world.item.pk}/units/{world.unit_a.pk}"
    asked = post(
        reporter, f"{base}/extension/", {"requested_deadline": "2018-03-31", "reason": "征地延误"}
    )
    assert asked.json()["state"] == "pending"
    decide = f"/api/extensions/{asked.json()['id']}/decide/"
    assert (
        post(as_user(world.inspector), decide, {"approve": True, "reason": "同意"}).status_code
        == 403
    )
    assert post(head, decide, {"approve": False, "reason": ""}).json()["detail"] == [
        "请填写审批意见。"
    ]
    assert post(head, decide, {"approve": True, "reason": "同意延期"}).json()["state"] == "approved"
    world.item.refresh_from_db()
    assert str(world.item.deadline) == "2018-03-31"
    closing = post(reporter, f"{base}/close-out/", {"summary": "项目全部开工"})
    assert (
        post(as_user(world.reporter_b), f"{base}/close-out/", {"summary": "x"}).status_code == 404
    )
    done = post(
        head, f"/api/close-outs/{closing.json()['id']}/decide/", {"approve": True, "reason": "核实"}
    )
    assert done.json()["state"] == "approved"


def test_assign_and_acknowledge_over_the_api(world: World) -> None:
    url = f"/api/items/{world.item.pk}/assignments/"
    assert post(as_user(world.reporter_a), url, {"unit_id": world.unit_a.pk}).status_code == 403
    made = post(as_user(world.inspector), url, {"unit_id": world.unit_a.pk}).json()
    ack = f"/api/assignments/{made['id']}/acknowledge/"
    assert post(as_user(world.reporter_b), ack, {}).status_code == 404
    assert post(as_user(world.reporter_a), ack, {}).json()["acknowledged"] is True
