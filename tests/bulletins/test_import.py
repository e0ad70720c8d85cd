"""Importing a published bulletin as a round: what is created, audited, and all-or-nothing."""

from __future__ import annotations

import dataclasses
import datetime
import re
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
from ducha.ledger.models import WorkItem, WorkItemAlias
from ducha.org.models import Unit
from ducha.review.models import DeclaredCount, Highlight, Rating, Recommendation, Round
from tests.factories import make_item

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = DATA / "seed-xuchang-2017-h1.txt"
# The seed gives no year in its text (only the portal's date says 2017): the office says it.
H1 = (datetime.date(2017, 1, 1), datetime.date(2017, 6, 30))

pytestmark = pytest.mark.django_db


def seed() -> ReadDocument:
    return read_text(SEED.read_text(encoding="utf-8"))


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Round, WorkItem, Rating, Highlight, AuditEvent))


def test_import_creates_named_items_and_keeps_declared_counts() -> None:
    doc = seed()
    round = import_bulletin(doc, build_plan(doc, code="2017-H1B", period=H1), actor=None)
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
    assert (round.period_start, round.period_end) == H1
    item = WorkItem.objects.get(ratings__round=round, title="大气环境治理")
    assert item.lead_unit.short_name == UNSTATED_UNIT


def test_import_links_highlights_to_registry_units_and_leaders() -> None:
    load_demo()
    units_before = Unit.objects.count()
    doc = seed()
    round = import_bulletin(doc, build_plan(doc, code="2017-H1B", period=H1), actor=None)
    first = Highlight.objects.get(round=round, position=1)
    assert [u.short_name for u in first.units.order_by("highlightunit__position")] == [
        "市发改委", "市工信委", "市住建局", "市财政局", "市统计局",
    ]  # fmt: skip
    assert [str(leader) for leader in first.leaders.all()] == ["石迎军常务副市长"]
    assert Highlight.objects.filter(round=round).count() == 15
    assert Recommendation.objects.filter(round=round).count() == 5
    # No placeholder lead unit (every named item is the demo ledger's own); only names the
    # highlights write that the registry lacks, such as 市市商务局, are new.
    assert not Unit.objects.filter(short_name=UNSTATED_UNIT).exists()
    assert Unit.objects.count() - units_before <= 3


def test_recommendations_are_linked_to_the_items_they_are_about() -> None:
    doc = seed()
    round = import_bulletin(doc, build_plan(doc, code="2017-H1B", period=H1), actor=None)
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
    round = import_bulletin(doc, build_plan(doc, code="2017-H1B", period=H1), actor=None)
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
    plan = build_plan(doc, code="2017-H1B", period=H1)
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
    call_command(
        "import_bulletin", str(SEED), round="2017-H1B", period="2017-01-01:2017-06-30", dry_run=True
    )
    out = capsysbinary.readouterr().out.decode()
    assert "试运行" in out and "已完成（completed）：通报写47项，点名5项" in out
    assert "  serious：大气环境治理 → 新建" in out
    assert "督查建议“大气环境治理工作”关联事项“大气环境治理”" in out
    assert counts() == before


def test_command_imports(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    call_command("import_bulletin", str(SEED), round="2017-H1B", period="2017-01-01:2017-06-30")
    assert Round.objects.filter(code="2017-H1B").exists()
    with pytest.raises(CommandError, match="已经存在"):
        call_command("import_bulletin", str(SEED), round="2017-H1B", period="2017-01-01:2017-06-30")


def test_command_asks_for_the_period_and_suggests_one_from_the_portal_date() -> None:
    with pytest.raises(CommandError, match="没有写明年份") as raised:
        call_command("import_bulletin", str(SEED), round="2017-H1B")
    # The portal's date (2017-07-03) suggests 1-6月 of 2017; the office checks it.
    assert "--period 2017-01-01:2017-06-30" in str(raised.value)
    assert not Round.objects.exists()


def test_contradictory_counts_are_refused() -> None:
    doc = read_text("2020年1-6月份情况\n共10项,6项已完成,3项有序推进。\n")
    assert doc.year == 2020
    with pytest.raises(ImportRefused, match="矛盾"):
        build_plan(doc, code="X1")


def test_unknown_status_examples_are_not_guessed() -> None:
    doc = ReadDocument(
        title="2020年1-6月份情况",
        period="1-6月份",
        year=2020,
        categories=(ReadCategory("未动工", None, 3, None, ("甲", "乙")),),
    )
    plan = build_plan(doc, code="X1")
    assert plan.items == [] and plan.skipped == [("甲", "状态不明"), ("乙", "状态不明")]
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
    year = int(next(iter(re.findall(r"\d{4}", period + title)), "0")) or None
    start, end = infer_period(ReadDocument(title=title, period=period, year=year))
    assert (start, end) == (datetime.date(*expected[0]), datetime.date(*expected[1]))


def test_a_bulletin_without_period_asks_for_one() -> None:
    with pytest.raises(ImportRefused, match="督查期间"):
        infer_period(ReadDocument(title="2024年民生实事完成情况", year=2024))
    with pytest.raises(CommandError, match="格式"):
        call_command("import_bulletin", str(SEED), round="Z", period="bad")


# -- joining the ledger ----------------------------------------------------------------------


def test_importing_the_seed_into_its_own_ledger_rates_the_items_it_has() -> None:
    """The demo ledger holds the items the seed names: none is created again."""
    load_demo()
    items_before = WorkItem.objects.count()
    doc = seed()
    plan = build_plan(doc, code="2017-H1B", period=H1)
    assert plan.created == [] and len(plan.matched) == 11
    assert {item.match.kind for item in plan.items if item.match} == {"title"}
    # The seed runs four of its items together without a mark: named, not created.
    ((name, why),) = plan.skipped
    assert name.startswith("秸秆禁烧和防汛准备加快") and "连写" in why and "加快郑许融合发展" in why
    round = import_bulletin(doc, plan, actor=None)
    assert WorkItem.objects.count() == items_before
    air = WorkItem.objects.get(title="大气环境治理", ratings__round=round)
    assert air.ratings.get(round=round).status.code == "serious"
    assert not Unit.objects.filter(short_name=UNSTATED_UNIT).exists()


BULLETIN = (
    "2021年县重点工作三季度推进情况通报\n"
    "全县重点工作共6项,已完成2项,进展滞后1项,分别是:{}。其余3项正常推进。\n"
)


def test_a_similar_title_is_asked_about_and_an_answer_is_kept_as_an_alias() -> None:
    ledger_item = make_item("推进城区集中供热管网改造工程")
    doc = read_text(BULLETIN.format("城区集中供热管网改造"))
    plan = build_plan(doc, code="Q3")
    (planned,) = plan.items
    assert planned.match is not None and planned.match.kind == "similar"
    assert planned.match.item_id == ledger_item.pk and planned.unanswered
    with pytest.raises(ImportRefused, match="相近"):
        import_bulletin(doc, plan, actor=None)
    assert not Round.objects.exists()

    answered = build_plan(doc, code="Q3", answers={"城区集中供热管网改造": True})
    round = import_bulletin(doc, answered, actor=None)
    assert ledger_item.ratings.get(round=round).status.code == "needs_effort"
    assert ledger_item.aliases.get().name == "城区集中供热管网改造"
    assert AuditEvent.objects.filter(action="workitemalias.created").exists()
    # Next time the name is the item's own alias: no question.
    again = build_plan(doc, code="Q4")
    assert again.items[0].match.kind == "alias" and not again.items[0].unanswered


def test_a_similar_title_answered_as_new_creates_an_item() -> None:
    make_item("推进城区集中供热管网改造工程")
    doc = read_text(BULLETIN.format("城区集中供热管网改造"))
    plan = build_plan(doc, code="Q3", answers={"城区集中供热管网改造": False})
    assert [item.title for item in plan.created] == ["城区集中供热管网改造"]
    round = import_bulletin(doc, plan, actor=None)
    assert WorkItem.objects.get(title="城区集中供热管网改造").ratings.get(round=round)


def test_unrelated_titles_are_not_offered() -> None:
    make_item("水环境综合治理")
    doc = read_text(BULLETIN.format("大气污染防治"))
    assert build_plan(doc, code="Q3").items[0].match is None


def test_two_names_of_one_ledger_item_rate_it_once() -> None:
    item = make_item("老旧小区改造")
    WorkItemAlias.objects.create(item=item, name="城镇老旧小区改造")
    doc = read_text(BULLETIN.format("老旧小区改造、城镇老旧小区改造"))
    plan = build_plan(doc, code="Q3")
    assert [p.title for p in plan.items] == ["老旧小区改造"]
    assert plan.skipped == [("城镇老旧小区改造", "与“老旧小区改造”是台账中的同一事项")]


def test_cross_references_and_number_fragments_never_become_items() -> None:
    doc = ReadDocument(
        title="2020年1-6月份情况",
        period="1-6月份",
        year=2020,
        categories=(
            ReadCategory(
                "滞后", "needs_effort", 3, None, ("详见附件1", "占任务总数的1.6%", "甲工程")
            ),
        ),
    )
    plan = build_plan(doc, code="X1")
    assert [item.title for item in plan.items] == ["甲工程"]
    assert [why for _, why in plan.skipped] == ["不是事项名称", "不是事项名称"]


def test_the_reader_names_no_item_from_a_cross_reference() -> None:
    doc = read_text(BULLETIN.format("城南水厂扩建、详见附件2"))
    lagging = next(c for c in doc.categories if c.canonical_status == "needs_effort")
    assert lagging.examples == ("城南水厂扩建",)


def test_the_period_comes_from_the_text_not_from_the_portal() -> None:
    """Published on the portal in January 2017, about 2016: the text's year wins."""
    page = (
        "当前位置:首页 > 督查通报\n发布时间:2017-01-10 09:00\n"
        "关于2016年全年重点工作完成情况的通报\n"
        "县政府督查室对2016年县政府确定的40项重点工作进行了督查。已完成36项,未完成4项。\n"
    )
    doc = read_text(page)
    assert doc.year == 2016 and doc.published_at.startswith("2017")
    plan = build_plan(doc, code="2016")
    assert (plan.period_start, plan.period_end) == (
        datetime.date(2016, 1, 1),
        datetime.date(2016, 12, 31),
    )


def test_a_signed_date_gives_the_year_of_a_period_it_follows() -> None:
    doc = read_text(
        "重点工作四季度推进情况通报\n全县重点工作共6项,已完成6项。\n县政府督查室\n2019年1月8日\n"
    )
    assert doc.year == 2018  # 四季度, signed in January: the quarter before
