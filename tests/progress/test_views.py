"""The pages: rejected forms keep what was typed; lists run a fixed number of queries."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ducha.progress import services
from ducha.progress.links import item_url
from ducha.progress.models import ProgressReport
from tests.factories import make_item, make_target, status
from tests.progress.personas import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report_url(world: World) -> str:
    return f"/items/{world.item.pk}/units/{world.unit_a.pk}/report/"


def test_sending_without_narrative_keeps_the_values(world: World) -> None:
    data = {"round": world.round.code, f"target_{world.target.pk}": "293", "submit": "1"}
    response = login(world.reporter_a).post(report_url(world), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "请先填写工作进展再报送" in page
    assert 'value="293"' in page
    assert not ProgressReport.objects.exists()


def test_a_disguised_file_is_refused_and_the_text_kept(world: World) -> None:
    data = {
        "round": world.round.code,
        "narrative": "完成投资293亿元",
        "evidence": SimpleUploadedFile("报告.pdf", b"MZ\x90\x00binary"),
        "submit": "1",
    }
    response = login(world.reporter_a).post(report_url(world), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "报告.pdf 不是 PDF" in page
    assert "完成投资293亿元" in page


def test_a_negative_value_is_refused(world: World) -> None:
    data = {
        "round": world.round.code,
        "narrative": "x",
        f"target_{world.target.pk}": "-1",
        "save": "1",
    }
    response = login(world.reporter_a).post(report_url(world), data)
    assert response.status_code == 400
    assert 'value="-1"' in response.content.decode()


def sent_report(world: World) -> ProgressReport:
    return services.save_report(
        world.item,
        world.round,
        unit=world.unit_a,
        actor=world.reporter_a,
        narrative="进展",
        values={world.target.pk: decimal.Decimal(293)},
        submit=True,
    )


def test_return_without_reason_shows_the_error(world: World) -> None:
    report = sent_report(world)
    response = login(world.inspector).post(
        f"/reports/{report.pk}/return/", {"reason": "", "version": report.version}
    )
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()


def test_stale_return_is_refused_in_chinese(world: World) -> None:
    report = sent_report(world)
    response = login(world.inspector).post(
        f"/reports/{report.pk}/return/", {"reason": "请补充材料", "version": report.version - 1}
    )
    page = response.content.decode()
    assert "他人已修改此内容" in page and "请补充材料" in page


def test_override_without_note_keeps_the_choice(world: World) -> None:
    services.accept_report(sent_report(world), actor=world.inspector)
    url = f"/rounds/{world.round.code}/ratings/{world.item.pk}/"
    response = login(world.inspector).post(url, {"status": status("serious").pk, "note": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "请在备注中说明理由" in page
    assert f'<option value="{status("serious").pk}" selected>' in page
    assert "建议评定为有序推进" in page


def test_item_page_shows_parts_side_by_side_and_the_timeline(world: World) -> None:
    world.item.co_units.add(world.unit_b)
    sent_report(world)
    services.save_report(
        world.item,
        world.round,
        unit=world.unit_b,
        actor=world.reporter_b,
        narrative="乙单位配合完成用地报批",
        values={},
        submit=True,
    )
    page = login(world.inspector).get(f"/items/{world.item.pk}/").content.decode()
    assert "乙单位配合完成用地报批" in page and "到位资金293亿元" in page
    assert "综合表述" in page
    assert "报送进展" in page  # timeline entry
    own = login(world.reporter_b).get(f"/items/{world.item.pk}/").content.decode()
    assert "乙单位配合完成用地报批" in own and "到位资金293亿元" not in own


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_rows(world: World, n: int) -> None:
    for _ in range(n):
        item = make_item(lead_unit=world.unit_a, co_units=[world.unit_b], leaders=[world.leader])
        target = make_target(item)
        services.save_report(
            item,
            world.round,
            unit=world.unit_a,
            actor=world.reporter_a,
            narrative="进展",
            values={target.pk: decimal.Decimal(200)},
            submit=True,
        )
        services.rate_item(world.round, item, status=status("needs_effort"), actor=world.inspector)


# The queries each list runs (session, user, roles, the page's own), whatever its length.
PINNED_QUERIES = {
    "workbench": 14,
    "workbench-filtered": 15,
    "workbench-leader": 14,
    "inbox": 13,  # with the documents to acknowledge (one query)
    "ratings": 12,
    "changes": 9,
}
PAGES: list[tuple[str, Callable[[World], Any], Callable[[World], str]]] = [
    ("workbench", lambda w: w.inspector, lambda w: "/workbench/"),
    (
        "workbench-filtered",
        lambda w: w.inspector,
        lambda w: f"/workbench/?warning=yellow&unit={w.unit_a.pk}",
    ),
    ("workbench-leader", lambda w: w.leader_user, lambda w: "/workbench/"),
    ("inbox", lambda w: w.reporter_a, lambda w: "/inbox/"),
    ("ratings", lambda w: w.inspector, lambda w: f"/rounds/{w.round.code}/ratings/"),
    ("changes", lambda w: w.inspector, lambda w: f"/rounds/{w.round.code}/changes/"),
]


def test_lists_run_a_pinned_number_of_queries_at_one_and_fifty_rows(
    world: World, django_assert_num_queries: Any
) -> None:
    """Each list runs exactly the pinned number of queries, whether it shows 1 row or 50."""
    add_rows(world, 1)
    clients = {name: login(who(world)) for name, who, _ in PAGES}
    for rows in (1, 50):
        if rows == 50:
            add_rows(world, 49)
        for name, _, url in PAGES:
            with django_assert_num_queries(PINNED_QUERIES[name]):
                response = clients[name].get(url(world))
            assert response.status_code == 200, (name, rows)
            assert response.content.decode().count("</tr>") >= min(rows, 1), (name, rows)


def test_item_page_queries_do_not_grow_with_reports(world: World) -> None:
    client = login(world.inspector)
    world.item.co_units.add(world.unit_b)
    sent_report(world)
    one = count_queries(client, f"/items/{world.item.pk}/")
    from tests.factories import make_reporter, make_unit

    for _ in range(2):
        unit = make_unit()
        world.item.co_units.add(unit)
        services.save_report(
            world.item,
            world.round,
            unit=unit,
            actor=make_reporter(unit),
            narrative="配合",
            values={world.target.pk: decimal.Decimal(1)},
            submit=True,
        )
    assert count_queries(client, f"/items/{world.item.pk}/") == one


def test_workbench_counts_and_filters(world: World) -> None:
    import datetime

    from django.utils import timezone

    from tests.factories import make_deadline

    make_deadline(world.round, timezone.now() + datetime.timedelta(days=30))
    add_rows(world, 3)
    page = login(world.inspector).get("/workbench/?warning=yellow").content.decode()
    assert "共3项" in page  # the three items behind schedule; unit A's first item is not
    assert world.item.title not in page


def test_changes_lists_changed_ratings_and_units_not_reported(world: World) -> None:
    import datetime

    from ducha.review.services import set_rating
    from tests.factories import make_round

    earlier = make_round(
        "2016-H2", period_start=datetime.date(2016, 7, 1), period_end=datetime.date(2016, 12, 31)
    )
    set_rating(earlier, world.item, status=status("on_track"), actor=None)
    set_rating(earlier, world.item_b, status=status("on_track"), actor=None)
    set_rating(world.round, world.item, status=status("needs_effort"), actor=None)
    set_rating(world.round, world.item_b, status=status("on_track"), actor=None)
    sent_report(world)
    page = login(world.inspector).get(f"/rounds/{world.round.code}/changes/").content.decode()
    changed = page[page.find("与上一轮相比") : page.find("未报送单位")]
    assert world.item.title in changed and "有序推进" in changed and "需要加大力度" in changed
    assert world.item_b.title not in changed  # unchanged
    missing = page[page.find("未报送单位") :]
    assert "乙单位" in missing and "甲单位" not in missing


def test_notifications_are_marked_read_for_their_owner_only(world: World) -> None:
    report = sent_report(world)
    services.return_report(report, reason="请补充", actor=world.inspector)
    client = login(world.reporter_a)
    assert "请补充" in client.get("/inbox/").content.decode()
    login(world.reporter_b).post("/notifications/read/")
    assert "请补充" in client.get("/inbox/").content.decode()
    client.post("/notifications/read/")
    inbox = client.get("/inbox/").content.decode()
    assert "原因：请补充" not in inbox


def test_a_refused_report_leaves_no_file(world: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    data = {
        "round": world.round.code,
        "narrative": "",
        "evidence": SimpleUploadedFile("清单.pdf", b"%PDF-1.4\n%%EOF\n"),
        "submit": "1",
    }
    assert login(world.reporter_a).post(report_url(world), data).status_code == 400
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_rating_never_redirects_off_site(world: World, target: str) -> None:
    url = f"/rounds/{world.round.code}/ratings/{world.item.pk}/"
    response = login(world.inspector).post(
        url, {"status": status("on_track").pk, "note": "", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/rounds/{world.round.code}/ratings/"


def test_assign_page_assigns_the_item_and_refuses_a_reporter(world: World) -> None:
    from ducha.progress.models import Assignment

    url = reverse("documents:assign", args=[world.item.pk])
    refused = login(world.reporter_a).post(url, {"unit": world.unit_a.pk})
    assert refused.status_code == 403
    assert not Assignment.objects.exists()
    response = login(world.inspector).post(url, {"unit": world.unit_a.pk}, follow=True)
    assert response.redirect_chain[0][0] == world.item.get_absolute_url()
    assert "已交办" in response.content.decode() or world.unit_a.short_name in (
        response.content.decode()
    )
    assignment = Assignment.objects.get(item=world.item)
    assert assignment.unit == world.unit_a and assignment.assigned_by == world.inspector


def test_assign_page_without_a_unit_says_so_and_assigns_nothing(world: World) -> None:
    from ducha.progress.models import Assignment

    url = reverse("documents:assign", args=[world.item.pk])
    response = login(world.inspector).post(url, {"unit": "x"}, follow=True)
    assert "请选择单位" in response.content.decode()
    assert not Assignment.objects.exists()


def test_statement_page_saves_the_combined_statement_and_refuses_a_stale_one(
    world: World,
) -> None:
    from ducha.progress.models import CombinedStatement

    world.item.co_units.add(world.unit_b)  # the statement stands for several units' parts
    url = reverse("progress:statement", args=[world.item.pk, world.round.code])
    assert login(world.reporter_a).post(url, {"text": "综合", "version": 0}).status_code == 403
    office = login(world.inspector)
    response = office.post(url, {"text": "两个单位合力推进，完成293亿元", "version": 0})
    assert response.status_code == 302
    assert response["Location"] == item_url(world.item.pk, world.round.code)
    statement = CombinedStatement.objects.get(item=world.item, round=world.round)
    assert statement.text == "两个单位合力推进，完成293亿元"
    stale = office.post(url, {"text": "另一个版本", "version": 0})
    page = stale.content.decode()
    assert stale.status_code == 400 and "另一个版本" in page and "他人已修改此内容" in page
    statement.refresh_from_db()
    assert statement.text == "两个单位合力推进，完成293亿元"


def test_an_item_and_its_alias_link_to_the_item_page(world: World) -> None:
    from ducha.ledger.models import WorkItemAlias

    alias = WorkItemAlias.objects.create(item=world.item, name="重点项目")
    page = f"/items/{world.item.pk}/"
    assert world.item.get_absolute_url() == alias.get_absolute_url() == page
    assert world.item.title in login(world.inspector).get(page).content.decode()
