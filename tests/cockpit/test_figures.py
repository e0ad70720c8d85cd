"""The cockpit's figures against the hand-counted world (tests/cockpit/world.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ducha.cockpit.figures import Table, cockpit_figures
from ducha.cockpit.scope import Scope
from tests.cockpit.world import World, build
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def counts(table: Table) -> dict[str, dict[str, int]]:
    """{row label: {column label: count}} without the zeros."""
    return {
        row.label: {
            column.label: cell.value
            for column, cell in zip(table.columns, row.cells, strict=True)
            if cell.value
        }
        for row in table.rows
    }


def test_status_distribution_by_leader_unit_and_source(world: World) -> None:
    figures = cockpit_figures(Scope(world.inspector), world.h1)
    assert figures.total == 5
    assert counts(figures.statuses) == {
        "轮次2017-H1": {"已完成": 2, "存在突出问题": 1, "需要加大力度": 1, "未评定": 1}
    }
    assert counts(figures.by_leader) == {
        "李一副市长": {"已完成": 1, "需要加大力度": 1},
        "王二副市长": {"已完成": 1, "存在突出问题": 1},
        "无牵头领导": {"未评定": 1},
    }
    assert counts(figures.by_lead_unit) == {
        "甲局": {"已完成": 1, "需要加大力度": 1},
        "乙局": {"存在突出问题": 1},
        "丙局": {"已完成": 1, "未评定": 1},
    }
    assert counts(figures.by_source) == {
        "政府工作报告": {"已完成": 1, "存在突出问题": 1, "未评定": 1},
        "领导批示": {"已完成": 1, "需要加大力度": 1},
    }


def test_trend_and_the_items_that_got_worse(world: World) -> None:
    figures = cockpit_figures(Scope(world.inspector), world.h1)
    assert counts(figures.trend) == {
        "轮次2017-Q1": {"已完成": 1, "有序推进": 3, "需要加大力度": 1},
        "轮次2017-H1": {"已完成": 2, "存在突出问题": 1, "需要加大力度": 1, "未评定": 1},
    }
    assert [(w.title, w.before, w.now) for w in figures.worse] == [
        ("重点项目建设", "有序推进", "需要加大力度"),
        ("工业转型升级", "需要加大力度", "存在突出问题"),
    ]


def test_reporting_discipline_per_unit(world: World) -> None:
    figures = cockpit_figures(Scope(world.inspector), world.h1)
    # A: i1 on time, i2 late; B: i3 on time (sent again before the deadline), i2 missing;
    # C: i4 missing, i5 a draft only.
    assert counts(figures.discipline) == {
        "丙局": {"未报送": 2},
        "乙局": {"按时": 1, "未报送": 1},
        "甲局": {"按时": 1, "迟报": 1},
    }
    q1 = cockpit_figures(Scope(world.inspector), world.q1)
    assert counts(q1.discipline)["甲局"] == {"按时": 1, "迟报": 1}


def test_a_leader_sees_only_the_items_they_lead(world: World) -> None:
    figures = cockpit_figures(Scope(world.leader1), world.h1)
    assert figures.total == 2
    assert list(counts(figures.by_leader)) == ["李一副市长"]
    assert [w.title for w in figures.worse] == ["重点项目建设"]


def test_the_office_chooses_a_leader_or_a_unit(world: World) -> None:
    by_leader = cockpit_figures(Scope(world.inspector, leader=world.l2.pk), world.h1)
    assert by_leader.total == 2
    by_unit = cockpit_figures(Scope(world.inspector, unit=world.b.pk), world.h1)
    assert by_unit.total == 2  # B leads i3 and works with A on i2
    assert list(counts(by_unit.discipline)) == ["甲局", "乙局"] or set(
        counts(by_unit.discipline)
    ) == {"甲局", "乙局"}


def item_titles(client: Client, url: str) -> list[str]:
    import re

    page = client.get(url).content.decode()
    body = page[page.index('id="cockpit-items"') :]
    return re.findall(r'<a href="/items/\d+/">([^<]+)</a>', body)


def test_every_count_links_to_the_list_of_its_items(world: World, client: Client) -> None:
    client.force_login(world.inspector)
    figures = cockpit_figures(Scope(world.inspector), world.h1)
    for table in figures.tables:
        for row in table.rows:
            for cell in [*row.cells, row.total]:
                if table.key in ("warnings",):
                    continue
                assert len(item_titles(client, cell.url)) == cell.value, (table.key, row.label)
    lead = figures.by_leader.rows[0]
    needs_effort = next(
        i for i, c in enumerate(figures.by_leader.columns) if c.label == "需要加大力度"
    )
    assert item_titles(client, lead.cells[needs_effort].url) == ["重点项目建设"]


def test_the_page_draws_charts_from_the_tables(world: World, client: Client) -> None:
    client.force_login(world.leader1)
    page = client.get("/cockpit/", {"round": "2017-H1"}).content.decode()
    assert 'id="chart-leader"' in page and 'id="table-leader"' in page
    assert '<script id="cockpit-charts" type="application/json">' in page
    assert "echarts/echarts.simple.min.js" in page
    assert "王二" not in page  # neither another leader's row nor the office's choice
    assert 'name="for_leader"' not in page


def test_units_and_the_public_have_no_cockpit(world: World, client: Client) -> None:
    client.force_login(world.reporters["甲局"])
    assert client.get("/cockpit/").status_code == 403
    client.logout()
    assert client.get("/cockpit/")["Location"].startswith("/accounts/login/")


def test_the_number_of_queries_does_not_grow_with_the_items(world: World, client: Client) -> None:
    client.force_login(world.inspector)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cockpit/", {"round": "2017-H1"}).status_code == 200
        return len(captured)

    before = queries()
    for n in range(15):
        make_item(f"新增事项{n}", lead_unit=world.c, leaders=[world.l2])
    assert queries() == before


def test_a_leader_cannot_widen_the_scope(world: World, client: Client) -> None:
    client.force_login(world.leader1)
    url = f"/cockpit/items/?round=2017-H1&for_leader={world.l2.pk}"
    assert item_titles(client, url) == ["集中供热工程", "重点项目建设"]
    any_: Any = client.get(f"/cockpit/?round=2017-H1&for_unit={world.c.pk}")
    assert "城市道路改造" not in any_.content.decode()


def test_the_api_gives_the_pages_figures(world: World, client: Client) -> None:
    client.force_login(world.leader1)
    data = client.get("/api/cockpit/", {"round": "2017-H1"}).json()
    assert data["round"] == "2017-H1" and data["previous_round"] == "2017-Q1"
    assert data["items"] == 2
    tables = {table["key"]: table for table in data["tables"]}
    leader_rows = {row["label"]: row["total"]["value"] for row in tables["leader"]["rows"]}
    assert leader_rows == {"李一副市长": 2}
    assert [w["title"] for w in data["worse"]] == ["重点项目建设"]
    # A leader asking for another leader's items still gets their own.
    widened = client.get("/api/cockpit/", {"round": "2017-H1", "leader": world.l2.pk}).json()
    assert widened["items"] == 2
    client.force_login(world.reporters["甲局"])
    assert client.get("/api/cockpit/").status_code == 403
    client.force_login(world.inspector)
    assert client.get("/api/cockpit/", {"round": "nope"}).status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/cockpit/" in schema["paths"]
