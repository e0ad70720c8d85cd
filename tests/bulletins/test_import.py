"""Importing a published bulletin as a round: what is created, audited, and all-or-nothing."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ducha.bulletins.import_services import UNSTATED_UNIT, import_bulletin
from ducha.bulletins.importer import ImportRefused, build_plan, infer_period, item_about
from ducha.bulletins.reader import ReadDocument, read_text
from ducha.bulletins.reader.document import ReadCategory
from ducha.core.models import AuditEvent
from ducha.demo.loader import load_demo
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.review.models import DeclaredCount, Highlight, Rating, Recommendation, Round

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = DATA / "seed-xuchang-2017-h1.txt"

pytestmark = pytest.mark.django_db


def seed() -> ReadDocument:
    return read_text(SEED.read_text(encoding="utf-8"))


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Round, WorkItem, Rating, Highlight, AuditEvent))


def test_import_creates_named_items_and_keeps_declared_counts() -> None:
    load_demo()
    doc = seed()
    round = import_bulletin(doc, build_plan(doc, code="2017-H1B"), actor=None)
    ratings = Rating.objects.filter(round=round)
    by_status = {c: ratings.filter(status__code=c).count() for c in ("completed", "serious")}
    assert by_status == {"completed": 5, "serious": 1}
    declared = {
        d.label: (d.status.code if d.status else None, d.count)
        for d in DeclaredCount.objects.filter(round=round)
    }
    assert declared == {
        "已完成": ("completed", 47),
        "有序推进": ("on_track", 79),
        "存在突出问题": ("serious", 1),
        "需要加大力度": ("needs_effort", 4),
    }
    assert round.declared_total.total == 131
    assert (round.period_start, round.period_end) == (
        datetime.date(2017, 1, 1),
        datetime.date(2017, 6, 30),
    )
    item = WorkItem.objects.get(ratings__round=round, title="大气环境治理")
    assert item.lead_unit.short_name == UNSTATED_UNIT


def test_import_links_highlights_to_registry_units_and_leaders() -> None:
    load_demo()
    units_before = Unit.objects.count()
    doc = seed()
    round = import_bulletin(doc, build_plan(doc, code="2017-H1B"), actor=None)
    first = Highlight.objects.get(round=round, position=1)
    assert [u.short_name for u in first.units.order_by("highlightunit__position")] == [
        "市发改委", "市工信委", "市住建局", "市财政局", "市统计局",
    ]  # fmt: skip
    assert [str(leader) for leader in first.leaders.all()] == ["石迎军常务副市长"]
    assert Highlight.objects.filter(round=round).count() == 15
    assert Recommendation.objects.filter(round=round).count() == 5
    # Only the placeholder for unnamed lead units and 市市商务局's literal name are new.
    assert Unit.objects.count() - units_before <= 3


def test_recommendations_are_linked_to_the_items_they_are_about() -> None:
    doc = seed()
    round = import_bulletin(doc, build_plan(doc, code="2017-H1B"), actor=None)
    linked = {
        r.subject: [item.title for item in r.items.all()]
        for r in Recommendation.objects.filter(round=round).prefetch_related("items")
    }
    assert linked == {
        "大气环境治理工作": ["大气环境治理"],
        "脱贫攻坚工作": ["脱贫攻坚"],
        "土地确权登记颁证工作": ["土地确权登记颁证"],
        "进展缓慢的部分中小学项目": ["部分中小学建设"],
        "市区集中供热工作": ["市区集中供热"],
    }
    # The seed's highlights are achievements, not the items it names: none is linked.
    assert not Highlight.items.through.objects.filter(highlight__round=round).exists()


@pytest.mark.parametrize(
    ("subject", "titles", "expected"),
    [
        ("关于大气环境治理工作", ["大气环境治理", "脱贫攻坚"], "大气环境治理"),
        ("许昌舰正式完成入列", ["许昌舰入列", "脱贫攻坚"], None),
        ("重点项目建设", ["重点项目", "重点项目前期"], None),  # two fit: none is chosen
        ("工作", ["工作"], None),
    ],
)
def test_the_item_a_subject_is_about(subject: str, titles: list[str], expected: str) -> None:
    assert item_about(subject, titles) == expected


def test_every_row_of_an_import_is_audited() -> None:
    doc = seed()
    round = import_bulletin(doc, build_plan(doc, code="2017-H1B"), actor=None)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    expected = {"round.created", "workitem.created", "rating.created", "highlight.created"}
    expected |= {"recommendation.created", "declaredcount.created", "round.imported"}
    assert expected <= actions
    assert (
        AuditEvent.objects.filter(action="rating.created").count()
        == Rating.objects.filter(round=round).count()
    )


def test_an_import_that_fails_half_way_writes_nothing() -> None:
    doc = seed()
    plan = build_plan(doc, code="2017-H1B")
    # The second highlight's title is too long for the database: the last step fails.
    too_long = dataclasses.replace(doc.highlights[1], title="很长" * 200)
    broken = dataclasses.replace(doc, highlights=(doc.highlights[0], too_long))
    before = counts()
    with pytest.raises(ValidationError):
        import_bulletin(broken, plan, actor=None)
    assert counts() == before


def test_dry_run_writes_nothing_and_shows_the_plan(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    before = counts()
    call_command("import_bulletin", str(SEED), round="2017-H1B", dry_run=True)
    out = capsysbinary.readouterr().out.decode()
    assert "试运行" in out and "已完成（completed）：通报写47项，点名5项" in out
    assert "  serious：大气环境治理" in out
    assert "督查建议“大气环境治理工作”关联事项“大气环境治理”" in out
    assert counts() == before


def test_command_imports(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    call_command("import_bulletin", str(SEED), round="2017-H1B")
    assert Round.objects.filter(code="2017-H1B").exists()
    with pytest.raises(CommandError, match="已经存在"):
        call_command("import_bulletin", str(SEED), round="2017-H1B")


def test_contradictory_counts_are_refused() -> None:
    doc = read_text("2020年1-6月份情况\n共10项,6项已完成,3项有序推进。\n")
    with pytest.raises(ImportRefused, match="矛盾"):
        build_plan(doc, code="X1")


def test_unknown_status_examples_are_not_guessed() -> None:
    doc = ReadDocument(
        title="2020年1-6月份情况",
        period="1-6月份",
        categories=(ReadCategory("未动工", None, 3, None, ("甲", "乙")),),
    )
    plan = build_plan(doc, code="X1")
    assert plan.items == [] and plan.skipped == ["甲", "乙"]
    assert plan.counts[0].status_code is None and plan.counts[0].count == 3


@pytest.mark.parametrize(
    ("period", "title", "expected"),
    [
        ("1-6月份", "2017年…", ((2017, 1, 1), (2017, 6, 30))),
        ("前三季度", "2021年…", ((2021, 1, 1), (2021, 9, 30))),
        ("一季度", "2021年…", ((2021, 1, 1), (2021, 3, 31))),
        ("上半年", "2025年…", ((2025, 1, 1), (2025, 6, 30))),
        ("2016年12月-2017年2月", "", ((2016, 12, 1), (2017, 2, 28))),
    ],
)
def test_period_is_inferred(period: str, title: str, expected: tuple) -> None:
    start, end = infer_period(ReadDocument(title=title, period=period))
    assert (start, end) == (datetime.date(*expected[0]), datetime.date(*expected[1]))


def test_a_bulletin_without_period_asks_for_one() -> None:
    with pytest.raises(ImportRefused, match="督查期间"):
        infer_period(ReadDocument(title="2024年民生实事完成情况"))
    with pytest.raises(CommandError, match="格式"):
        call_command("import_bulletin", str(SEED), round="Z", period="bad")
