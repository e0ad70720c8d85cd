"""The assessment against a hand-computed example: three units over two rounds
(tests/cockpit/world.py), with the default rules (base 100; late −1 a day, at most −5;
missing −5; returned −1; 需要加大力度 −2 and 存在突出问题 −5 to the lead unit; highlight +2).

    Q1 (due 04-05 18:00)                        H1 (due 07-05 18:00)
    甲局 i2 sent 04-07: 2 days late      −2     i2 sent 07-08: 3 days late    −3
                                                i2 rated 需要加大力度         −2
    乙局 i3 rated 需要加大力度           −2     i2 (co-unit) missing          −5
                                                i3 returned once              −1
                                                i3 rated 存在突出问题         −5
    丙局 i5 missing                      −5     i4 missing, i5 draft only  −5 −5
                                                highlight                     +2
    Year: 甲局 100−2−5 = 93 (1st); 乙局 100−2−11 = 87; 丙局 100−5−8 = 87 (both 2nd; ties
    are listed in the units' order).
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ducha.assessment.enums import EventKind
from ducha.assessment.models import Freeze
from ducha.assessment.services import (
    RuleValues,
    create_rules,
    freeze_year,
    live_ranking,
    ranking_for,
    ranking_xlsx,
    update_rules,
)
from ducha.core.models import AuditEvent
from ducha.review.services import set_rating
from tests.cockpit.world import World, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build()
    create_rules(2017, actor=None)
    return world


def scores(world: World) -> dict[str, tuple[int, Decimal, dict[str, Decimal]]]:
    ranking = ranking_for(2017)
    assert ranking is not None
    return {u.unit: (u.rank, u.score, u.rounds) for u in ranking.units}


def test_the_hand_computed_example(world: World) -> None:
    assert scores(world) == {
        "甲局": (1, Decimal(93), {"2017-Q1": Decimal(98), "2017-H1": Decimal(95)}),
        "乙局": (2, Decimal(87), {"2017-Q1": Decimal(98), "2017-H1": Decimal(89)}),
        "丙局": (2, Decimal(87), {"2017-Q1": Decimal(95), "2017-H1": Decimal(92)}),
    }


def test_each_score_is_explained_line_by_line(world: World) -> None:
    ranking = ranking_for(2017)
    assert ranking is not None
    lines = {u.unit: [line.label() for line in u.lines] for u in ranking.units}
    assert lines["甲局"] == [
        "轮次2017-Q1「重点项目建设」报送迟2天 −2",
        "轮次2017-H1「重点项目建设」报送迟3天 −3",
        "轮次2017-H1「重点项目建设」评定为需要加大力度 −2",
    ]
    assert sorted(lines["乙局"]) == sorted(
        [
            "轮次2017-H1「工业转型升级」报告被退回 −1",
            "轮次2017-H1「重点项目建设」未报送 −5",
            "轮次2017-Q1「工业转型升级」评定为需要加大力度 −2",
            "轮次2017-H1「工业转型升级」评定为存在突出问题 −5",
        ]
    )
    assert sorted(lines["丙局"]) == sorted(
        [
            "轮次2017-Q1「棚户区改造」未报送 −5",
            "轮次2017-H1「城市道路改造」未报送 −5",
            "轮次2017-H1「棚户区改造」未报送 −5",
            "轮次2017-H1列为工作亮点「城市道路改造提前完工」 +2",
        ]
    )
    for unit in ranking.units:
        assert unit.score == ranking.base + sum(line.points for line in unit.lines)


def test_the_rules_are_the_offices_and_change_the_scores(world: World) -> None:
    rule_set = create_rules(2017, actor=None)
    rules = {
        kind: RuleValues(rule.points, rule.cap, rule.origin)
        for kind, rule in ((r.kind, r) for r in rule_set.rules.all())
    }
    rules[EventKind.REPORT_LATE] = RuleValues(Decimal(-2), Decimal(5), "每天2分，最多5分")
    update_rules(
        rule_set, base_score=Decimal(100), base_origin="", rules=rules, actor=world.inspector
    )
    # 甲局: Q1 2 days → −4; H1 3 days → −6 capped at −5; −2 rating: 100−4−5−2 = 89.
    assert scores(world)["甲局"][1] == Decimal(89)
    assert AuditEvent.objects.filter(action="rule.changed").count() == 1
    with pytest.raises(PermissionDenied):
        update_rules(
            rule_set,
            base_score=Decimal(100),
            base_origin="",
            rules=rules,
            actor=world.reporters["甲局"],
        )


def test_the_freeze_is_unchanged_by_later_edits(world: World) -> None:
    with pytest.raises(PermissionDenied):
        freeze_year(2017, actor=world.inspector)
    freeze_year(2017, actor=world.head)
    before = scores(world)
    # Later: a rating improves and the rules change; the published scores do not.
    set_rating(world.h1, world.items["i3"], status=world.statuses["completed"], actor=None)
    rule_set = create_rules(2017, actor=None)
    update_rules(rule_set, base_score=Decimal(50), base_origin="", rules={}, actor=world.inspector)
    assert scores(world) == before
    live = live_ranking(2017)
    assert live is not None and live.unit(world.b.pk).score == Decimal(50 - 2 - 6)  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        freeze_year(2017, actor=world.head)
    assert Freeze.objects.count() == 1


def test_the_export_holds_the_frozen_ranking_and_its_lines(world: World) -> None:
    freeze_year(2017, actor=world.head)
    ranking = ranking_for(2017)
    assert ranking is not None
    book = openpyxl.load_workbook(io.BytesIO(ranking_xlsx(ranking)))
    summary = list(book["考核排名"].iter_rows(values_only=True))
    assert summary[0][:3] == ("名次", "单位", "年度得分")
    assert [row[:3] for row in summary[1:]] == [(1, "甲局", 93), (2, "丙局", 87), (2, "乙局", 87)]
    details = list(book["计分明细"].iter_rows(values_only=True))
    assert ("甲局", "轮次2017-Q1", "轮次2017-Q1「重点项目建设」报送迟2天", -2) in details
    assert len(details) == 1 + sum(len(u.lines) for u in ranking.units)


def test_pages_the_ranking_for_the_office_and_a_units_own_score(
    world: World, client: Client
) -> None:
    client.force_login(world.head)
    page = client.get("/office/assessment/2017/").content.decode()
    assert "报送迟2天 −2" in page and 'href="/office/assessment/2017/units/' in page
    client.force_login(world.reporters["乙局"])
    assert client.get("/office/assessment/2017/").status_code == 403
    own = client.get(f"/office/assessment/2017/units/{world.b.pk}/").content.decode()
    assert '<strong id="score">87</strong>' in own and "报告被退回" in own
    assert client.get(f"/office/assessment/2017/units/{world.a.pk}/").status_code == 403
    assert client.get("/office/assessment/")["Location"].endswith(f"/units/{world.b.pk}/")


def test_the_rules_page_edits_the_rules(world: World, client: Client) -> None:
    client.force_login(world.inspector)
    page = client.get("/office/assessment/2017/rules/").content.decode()
    assert "迟报按自然日计" in page  # where the number comes from
    data = {"base_score": "100", "base_origin": "百分制"}
    for kind in EventKind.values:
        data[f"{kind}_points"] = "-1" if kind != EventKind.HIGHLIGHT else "2"
        data[f"{kind}_origin"] = "测试"
    data[f"{EventKind.REPORT_MISSING}_points"] = "-10"
    response = client.post("/office/assessment/2017/rules/", data)
    assert response.status_code == 302
    # 丙局: three missing reports at −10 each, the highlight +2: 100 − 30 + 2 = 72.
    assert scores(world)["丙局"][1] == Decimal(72)
    data["base_score"] = "abc"
    assert (
        "base_score" in client.post("/office/assessment/2017/rules/", data).context["form"].errors
    )


def test_the_api_gives_the_ranking(world: World, client: Client) -> None:
    client.force_login(world.head)
    data = client.get("/api/assessment/2017/").json()
    assert data["frozen"] is False
    assert [(u["unit"], u["rank"], u["score"]) for u in data["units"]] == [
        ("甲局", 1, "93"),
        ("丙局", 2, "87"),
        ("乙局", 2, "87"),
    ]
    assert data["units"][0]["lines"][0] == {
        "round": "2017-Q1",
        "kind": "report_late",
        "text": "轮次2017-Q1「重点项目建设」报送迟2天",
        "points": "-2",
    }
    client.force_login(world.reporters["甲局"])
    assert client.get("/api/assessment/2017/").status_code == 403
    assert client.get("/api/assessment/1999/").status_code in (403, 404, 422)
