"""Search: substrings of any length, the index in step with changes, and the pages'
permissions (a unit never finds another unit's drafts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from ducha.bulletins.services import publish_bulletin, start_bulletin, update_wording
from ducha.core.services import save_audited
from ducha.ledger.models import WorkItem
from ducha.progress.services import accept_report, save_report
from ducha.review.models import Recommendation
from ducha.review.services import add_recommendation, ensure_default_statuses, set_rating
from ducha.search.engine import normalise_query
from ducha.search.highlight import highlight
from ducha.search.services import (
    matching_items,
    matching_reports,
    search_office,
    search_portal,
)
from tests.factories import (
    make_inspector,
    make_item,
    make_leader,
    make_leader_user,
    make_reporter,
    make_round,
    make_unit,
)

pytestmark = pytest.mark.django_db


def titles(queryset: Any) -> list[str]:
    return [item.title for item in queryset]


@pytest.fixture
def world() -> dict[str, Any]:
    ensure_default_statuses(actor=None)
    fgw, gxw = make_unit("市发改委"), make_unit("市工信委")
    leader = make_leader("石迎军")
    heating = make_item(
        "市区集中供热",
        code="2017-031",
        lead_unit=fgw,
        leaders=[leader],
    )
    heating.description = "完成市区集中供热专项规划，加快供热工程建设。"
    save_audited(heating, actor=None)
    roads = make_item("农村公路建设", code="2017-032", lead_unit=gxw)
    round = make_round("2017-H1")
    return {
        "fgw": fgw,
        "gxw": gxw,
        "leader": leader,
        "heating": heating,
        "roads": roads,
        "round": round,
        "inspector": make_inspector(),
        "fgw_user": make_reporter(fgw),
        "gxw_user": make_reporter(gxw),
        "leader_user": make_leader_user(leader),
    }


@pytest.mark.parametrize("query", ["热", "供热", "集中供", "市区集中供热", "2017-031", "专项规划"])
def test_items_are_found_by_any_substring(world: dict[str, Any], query: str) -> None:
    assert titles(matching_items(world["inspector"], query)) == ["市区集中供热"]


def test_substrings_at_the_end_of_a_text_are_found(world: dict[str, Any]) -> None:
    # The title's last two characters: the index must hold them although no third follows.
    assert titles(matching_items(world["inspector"], "建设")) == ["农村公路建设", "市区集中供热"]
    assert titles(matching_items(world["inspector"], "公路建设")) == ["农村公路建设"]


def test_items_are_found_by_unit_and_leader_names(world: dict[str, Any]) -> None:
    assert titles(matching_items(world["inspector"], "工信委")) == ["农村公路建设"]
    assert titles(matching_items(world["inspector"], "石迎军")) == ["市区集中供热"]


def test_title_matches_rank_before_description_matches(world: dict[str, Any]) -> None:
    other = make_item("供水工程", lead_unit=world["gxw"])
    other.description = "配套建设供热管网"
    save_audited(other, actor=None)
    assert titles(matching_items(world["inspector"], "供热"))[0] == "市区集中供热"
    assert set(titles(matching_items(world["inspector"], "供热"))) == {"市区集中供热", "供水工程"}


def test_like_wildcards_and_quotes_are_plain_characters(world: dict[str, Any]) -> None:
    assert titles(matching_items(world["inspector"], "%")) == []
    assert titles(matching_items(world["inspector"], "_")) == []
    assert titles(matching_items(world["inspector"], '"供热')) == []
    assert titles(matching_items(world["inspector"], "供热 OR 公路")) == []


def test_the_index_follows_changes_in_the_same_transaction(world: dict[str, Any]) -> None:
    heating = WorkItem.objects.get(pk=world["heating"].pk)
    with transaction.atomic():
        heating.title = "清洁能源取暖"
        heating.description = ""
        save_audited(heating, actor=None)
        # Inside the transaction that changed it, before any commit.
        assert titles(matching_items(world["inspector"], "能源取暖")) == ["清洁能源取暖"]
        assert titles(matching_items(world["inspector"], "供热")) == []
        assert titles(matching_items(world["inspector"], "取暖")) == ["清洁能源取暖"]
    item = make_item("暂存事项", lead_unit=world["gxw"])
    assert titles(matching_items(world["inspector"], "暂存事项")) == ["暂存事项"]
    WorkItem.objects.filter(pk=item.pk).delete()
    assert titles(matching_items(world["inspector"], "暂存事项")) == []


def test_a_unit_never_finds_another_units_drafts(world: dict[str, Any]) -> None:
    save_report(
        world["heating"],
        world["round"],
        unit=world["fgw"],
        actor=world["fgw_user"],
        narrative="供热管网改造草稿：尚未报送",
        values={},
    )
    assert [r.narrative for r in matching_reports(world["fgw_user"], "供热管网")] == [
        "供热管网改造草稿：尚未报送"
    ]
    for user in ("gxw_user", "inspector", "leader_user"):
        results = search_office(world[user], "供热管网")
        assert {s.kind: s.total for s in results.sections}["report"] == 0, user
        assert "草稿" not in str([h.snippet for s in results.sections for h in s.hits])
    # gxw sees nothing of fgw's at all, not even the item.
    assert search_office(world["gxw_user"], "供热").total == 0


def test_sent_and_accepted_reports_reach_the_office_and_the_leader(world: dict[str, Any]) -> None:
    report = save_report(
        world["heating"],
        world["round"],
        unit=world["fgw"],
        actor=world["fgw_user"],
        narrative="已完成供热管网改造12公里",
        values={},
        submit=True,
    )
    assert len(matching_reports(world["inspector"], "管网")) == 1
    assert len(matching_reports(world["leader_user"], "管网")) == 0  # not accepted yet
    accept_report(report, actor=world["inspector"])
    assert len(matching_reports(world["leader_user"], "管网")) == 1
    assert len(matching_reports(world["gxw_user"], "管网")) == 0
    other_round = make_round("2017-Q3")
    assert len(matching_reports(world["inspector"], "管网", other_round)) == 0
    assert len(matching_reports(world["inspector"], "管网", world["round"])) == 1


def test_draft_bulletins_are_the_offices_only(world: dict[str, Any]) -> None:
    set_rating(
        world["round"],
        world["heating"],
        status=ensure_default_statuses(actor=None)["on_track"],
        actor=None,
    )
    draft = start_bulletin(world["round"], actor=world["inspector"])
    update_wording(
        draft,
        wording={"opening": "【期间】今年供暖季前，【总数】项工作中："},
        actor=world["inspector"],
    )
    office = {s.kind: s.total for s in search_office(world["inspector"], "供暖季").sections}
    assert office["bulletin"] == 1
    for user in ("fgw_user", "gxw_user", "leader_user"):
        found = {s.kind: s.total for s in search_office(world[user], "供暖季").sections}
        assert found["bulletin"] == 0, user
    assert search_portal("供暖季").total == 0


def test_the_portal_finds_published_bulletins_and_their_old_versions(
    world: dict[str, Any],
) -> None:
    statuses = ensure_default_statuses(actor=None)
    set_rating(world["round"], world["heating"], status=statuses["on_track"], actor=None)
    add_recommendation(
        Recommendation(round=world["round"], position=1, subject="市区集中供热工作"),
        actor=None,
        points=["加快供热管网建设"],
        items=[world["heating"]],
    )
    assert search_office(world["fgw_user"], "管网建设").sections[3].total == 0  # not published
    publish_bulletin(world["round"], actor=None)
    found = search_portal("管网建设")
    assert found.total == 1
    assert "<mark>管网建设</mark>" in found.sections[0].hits[0].snippet
    assert search_office(world["fgw_user"], "管网建设").sections[3].total == 1
    publish_bulletin(world["round"], actor=None)  # a correction: version 2, version 1 kept
    versions = [hit.meta[1] for hit in search_portal("管网建设").sections[0].hits]
    assert versions == ["v2", "v1"]


def test_highlight_escapes_and_marks_every_match() -> None:
    text = "<b>供热</b>与供热"
    assert highlight(text, "供热") == "&lt;b&gt;<mark>供热</mark>&lt;/b&gt;与<mark>供热</mark>"
    long = "甲" * 100 + "供热" + "乙" * 100
    shown = highlight(long, "供热")
    assert shown.startswith("…") and shown.endswith("…") and "<mark>供热</mark>" in shown


def test_queries_are_bounded() -> None:
    assert normalise_query("  供热 \n 工程  ") == "供热 工程"
    assert len(normalise_query("热" * 10_000)) == 50
    assert normalise_query(None) == ""


def test_office_page_shows_ranked_highlighted_results_with_filters(
    world: dict[str, Any], client: Client
) -> None:
    client.force_login(world["inspector"])
    page = client.get("/office/search/", {"q": "供热"}).content.decode()
    assert f'<a href="/items/{world["heating"].pk}/">市区集中供热</a>' in page
    assert "市区集中<mark>供热</mark>" in page
    only_reports = client.get("/office/search/", {"q": "供热", "kind": "report"}).content.decode()
    assert 'id="results-report"' in only_reports and 'id="results-item"' not in only_reports
    page = client.get("/office/search/", {"q": "供热", "round": "2017-H1", "kind": "item"})
    assert "市区集中供热" not in page.content.decode()  # not rated in that round
    assert 'id="office-search"' in page.content.decode()  # the header's box


def test_the_office_search_needs_a_login_and_the_portal_does_not(
    world: dict[str, Any], client: Client
) -> None:
    assert client.get("/office/search/", {"q": "供热"})["Location"].startswith("/accounts/login/")
    page = client.get("/search/", {"q": "供热"}).content.decode()
    assert 'id="portal-search"' in page and "市区集中供热" not in page


def test_past_the_bound_the_first_matches_are_ranked_and_the_page_says_so(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ducha.search import services

    for n in range(5):
        make_item(f"供热站{n}", lead_unit=world["gxw"])
    monkeypatch.setattr(services, "MAX_RESULTS", 3)
    section = search_office(world["inspector"], "供热", kind="item").sections[0]
    assert (section.total, section.more, len(section.hits)) == (3, True, 3)
