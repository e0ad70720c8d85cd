"""The office's audit trail: who, when, what, before → after in words; filters; Excel."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ducha.core.models import AuditEvent
from ducha.ledger.services import update_work_item
from ducha.review.services import set_rating
from tests.factories import (
    make_head,
    make_inspector,
    make_item,
    make_leader,
    make_reporter,
    make_round,
    make_unit,
    status,
)

pytestmark = pytest.mark.django_db


def office_client(name: str = "王督查") -> tuple[Client, Any]:
    inspector = make_inspector()
    inspector.first_name = name
    inspector.save()
    client = Client()
    client.force_login(inspector)
    return client, inspector


def test_a_change_reads_in_names_not_ids() -> None:
    client, inspector = office_client()
    old_unit, new_unit = make_unit("市发改委"), make_unit("市工信委")
    item = make_item("加快重点项目建设", lead_unit=old_unit, leaders=[make_leader("石迎军")])
    item.lead_unit = new_unit
    item.title = "加快重点项目建设进度"
    update_work_item(item, actor=inspector)

    html = client.get("/office/audit/").content.decode()
    row = html[html.index("修改工作事项") - 600 : html.index("修改工作事项") + 1200]
    assert "王督查" in row
    assert "工作事项</span> 加快重点项目建设进度" in row
    assert '<dt>牵头单位</dt><dd><span class="before">市发改委</span> → ' in row
    assert '<span class="after">市工信委</span>' in row
    assert '加快重点项目建设</span> → <span class="after">加快重点项目建设进度' in row
    assert f">{old_unit.pk}<" not in row and "lead_unit_id" not in row
    # The creation shows its values too, leaders by name.
    assert "石迎军副市长" in html


def test_a_rating_shows_the_status_labels() -> None:
    client, inspector = office_client()
    round, item = make_round(), make_item("棚户区改造")
    set_rating(round, item, status=status("on_track"), actor=inspector)
    set_rating(round, item, status=status("serious"), actor=inspector)
    html = client.get("/office/audit/?kind=review.rating").content.decode()
    assert "修改评定" in html
    assert '<span class="before">有序推进</span> → <span class="after">存在突出问题</span>' in html


def test_logins_are_in_the_trail() -> None:
    client, inspector = office_client()
    Client().post("/accounts/login/", {"username": inspector.username, "password": "x"})
    html = client.get("/office/audit/").content.decode()
    assert "登录失败" in html and "IP地址" in html and "127.0.0.1" in html


def test_filters_by_person_kind_and_dates() -> None:
    client, inspector = office_client()
    head = make_head()
    item = make_item("甲事项")
    item.title = "甲事项（改）"
    update_work_item(item, actor=inspector)
    item.title = "甲事项（再改）"
    update_work_item(item, actor=head)
    AuditEvent.objects.filter(actor=head).update(at=timezone.now() - datetime.timedelta(days=40))

    def titles(query: str) -> list[str]:
        rows = client.get(f"/office/audit/?{query}").context["rows"]
        return [f"{r.action}:{r.target}" for r in rows]

    assert titles(f"actor={inspector.pk}&kind=ledger.workitem") == ["修改工作事项:甲事项（改）"]
    assert titles(f"actor={head.pk}") == ["修改工作事项:甲事项（再改）"]
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert "修改工作事项:甲事项（再改）" not in titles(f"since={since}")
    until = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert titles(f"until={until}") == ["修改工作事项:甲事项（再改）"]
    assert titles("kind=org.unit") and all("单位" in t for t in titles("kind=org.unit"))


def test_the_excel_export_has_the_filtered_rows_in_words() -> None:
    client, inspector = office_client()
    unit_a, unit_b = make_unit("甲单位"), make_unit("乙单位")
    item = make_item("乙事项", lead_unit=unit_a)
    item.lead_unit = unit_b
    update_work_item(item, actor=inspector)
    response = client.get(f"/office/audit/export.xlsx?actor={inspector.pk}")
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "操作", "对象类型", "对象", "字段", "修改前", "修改后")
    lines = [r for r in rows[1:] if r[5] == "牵头单位"]
    assert lines and lines[0][1:5] == ("王督查", "修改工作事项", "工作事项", "乙事项")
    assert lines[0][6:] == ("甲单位", "乙单位")
    assert {r[1] for r in rows[1:]} == {"王督查"}


def test_only_the_office_reads_the_trail() -> None:
    reporter = make_reporter(make_unit())
    client = Client()
    client.force_login(reporter)
    assert client.get("/office/audit/").status_code == 403
    assert client.get("/office/audit/export.xlsx").status_code == 403
    assert Client().get("/office/audit/").status_code == 302


def count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/office/audit/?kind=ledger.workitem").status_code == 200
    return len(ctx.captured_queries)


def test_the_page_runs_the_same_queries_for_one_and_fifty_events() -> None:
    client, inspector = office_client()
    units = [make_unit() for _ in range(3)]
    item = make_item("丙事项", lead_unit=units[0], co_units=[units[1]])
    one = count_queries(client)
    for n in range(49):
        item.lead_unit = units[n % 3]
        item.title = f"丙事项{n}"
        update_work_item(item, actor=inspector)
    assert count_queries(client) == one == 9
