"""The reader on real published bulletins: the seed and the other offices' bulletins."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from ducha.bulletins.reader import ReadDocument, read_text
from ducha.bulletins.reader.vocabulary import build_vocabulary
from ducha.demo.loader import load_demo
from ducha.org.queries import unit_problem
from tests.demo.seed_defects import SEED_DEFECTS

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = DATA / "seed-xuchang-2017-h1.txt"


def read(name: str) -> ReadDocument:
    return read_text((DATA / "bulletins" / name).read_text(encoding="utf-8"))


def buckets(doc: ReadDocument) -> dict[str, tuple[str | None, int | None]]:
    return {c.status: (c.canonical_status, c.count) for c in doc.categories}


def test_findings_point_at_the_text_as_published() -> None:
    for path in sorted((DATA / "bulletins").glob("*.txt")):
        name = path.name
        text = path.read_text(encoding="utf-8")
        for finding in read(name).findings:
            assert text[finding.offset : finding.offset + len(finding.excerpt)] == finding.excerpt
            assert finding.message and finding.suggestion


def test_jinzhai_two_phrases_of_one_status_are_added_and_shown() -> None:
    doc = read("04-jinzhai-2025-gzbg-h1.txt")
    on_track = next(c for c in doc.categories if c.canonical_status == "on_track")
    assert (on_track.count, on_track.phrases) == (172, (("超进度", 10), ("达进度", 162)))
    assert on_track.status == "超进度、达进度"
    assert (doc.total, doc.total_candidates) == (222, (145, 222))
    assert "相加等于" in doc.total_reason


def test_jinzhai_percent_is_checked_against_the_counts() -> None:
    doc = read("04-jinzhai-2025-gzbg-h1.txt")
    finding = next(f for f in doc.findings if f.code == "percent-mismatch")
    assert finding.excerpt == "占总任务的72.9%"
    assert "162" in finding.message and "73.0%" in finding.message
    assert [c.percent for c in doc.categories] == [7.7, None, 10.8, 4.1]


def test_xuancheng_examples_in_brackets_and_after_wei() -> None:
    doc = read("07-xuancheng-2020-q1-gzbg.txt")
    on_track, lagging = doc.categories
    assert on_track.examples == ("实际利用外资", "城镇居民人均可支配收入增幅")
    assert on_track.percent == 20.0 and lagging.percent == 80.0
    assert lagging.examples[:2] == ("地区生产总值", "规上工业增加值")
    assert doc.published_at == "2020-04-28T15:47:00"
    assert doc.period == "2020年1-3月份"


def test_lianyungang_lagging_items_come_from_the_numbered_list() -> None:
    doc = read("21-lianyungang-2021-q3-gzbg.txt")
    assert doc.categories[0].examples[:2] == ("工业技改投资(第6项)", "产业投资(第7项)")
    assert doc.issuer == "市政府督查室"
    assert doc.published_at == "2021-11-30"


def test_chengxiang_lagging_points_name_items() -> None:
    doc = read("13-chengxiang-2022-jan-aug-shishi.txt")
    lagging = doc.categories[1]
    assert lagging.count is None  # the bulletin lists them but states no number
    assert lagging.examples[0] == "实施近视防控教室照明改造工程(第三项)"
    assert len(lagging.examples) == 5


def test_jinzhai_requirements_are_read_as_points() -> None:
    doc = read("04-jinzhai-2025-gzbg-h1.txt")
    (recommendation,) = doc.recommendations
    assert recommendation.subject == "下一步工作要求"
    assert [p[:8] for p in recommendation.points] == ["锚定时限狠抓落实", "查找原因精准施策"]


def test_page_chrome_is_dropped_and_metadata_kept() -> None:
    doc = read("20-guanyun-2019-q3-gzbg.txt")
    assert doc.published_at == "2019-10-16T10:41:00"
    assert doc.source == "灌云县"
    text = "\n".join(s.text for s in doc.sections) + "".join(s.heading for s in doc.sections)
    assert "打印" not in text and "版权所有" not in text


def test_luan_lead_units_are_named() -> None:
    doc = read("15-luan-2017-jan-jul-minshenggongcheng.txt")
    assert doc.units == ("市交通局", "市水利局", "市民政局", "市司法局", "市住建委")
    assert [child.heading for child in doc.sections[1].children][:2] == [
        "农村道路畅通工程",
        "农村饮水安全巩固提升工程",
    ]


# -- the seed -------------------------------------------------------------------------


def seed_doc() -> ReadDocument:
    return read_text(SEED.read_text(encoding="utf-8"))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def test_every_seed_defect_is_found_and_nothing_else() -> None:
    text = SEED.read_text(encoding="utf-8")
    defects = [(text.index(p), text.index(p) + len(p)) for p, _ in SEED_DEFECTS]
    findings = seed_doc().findings
    spans = [(f.offset, f.offset + len(f.excerpt)) for f in findings]
    for (published, _), defect in zip(SEED_DEFECTS, defects, strict=True):
        assert any(overlaps(defect, span) for span in spans), published
    for finding, span in zip(findings, spans, strict=True):
        assert any(overlaps(defect, span) for defect in defects), finding


def test_seed_facts() -> None:
    doc = seed_doc()
    assert (doc.title, doc.issuer, doc.period, doc.scope) == (
        "市政府1-6月份重大工作事项落实情况",
        "市政府督查室",
        "1-6月份",
        "市长议事会确定的",
    )
    assert doc.published_at == "2017-07-03T17:50:00"
    assert doc.total == 131
    assert buckets(doc) == {
        "已完成": ("completed", 47),
        "有序推进": ("on_track", 79),
        "存在突出问题": ("serious", 1),
        "需要加大力度": ("needs_effort", 4),
    }
    assert doc.categories[3].examples == (
        "脱贫攻坚",
        "土地确权登记颁证",
        "部分中小学建设",
        "市区集中供热",
    )
    assert len(doc.highlights) == 15
    first = doc.highlights[0]
    assert first.leaders[0].name == "石迎军" and first.leaders[0].title == "常务副市长"
    assert first.units == ("市发改委", "市工信委", "市住建局", "市财政局", "市统计局")
    assert first.text.startswith("1—5月")
    assert [len(r.points) for r in doc.recommendations] == [3, 3, 3, 2, 4]
    assert doc.recommendations[0].subject == "大气环境治理工作"


@pytest.mark.django_db
def test_seed_units_are_all_in_the_demo_registry() -> None:
    load_demo()
    doc = read_text(SEED.read_text(encoding="utf-8"), build_vocabulary(), unit_check=unit_problem)
    assert not [f for f in doc.findings if f.code == "unknown-unit"]


@pytest.mark.django_db
def test_a_renamed_unit_names_its_successor() -> None:
    load_demo()
    assert unit_problem("市工信委", datetime.date(2017, 7, 3)) is None
    problem = unit_problem("市工信委", datetime.date(2020, 6, 30))
    assert problem is not None and "市工业和信息化局" in problem
    text = "2020年1-6月份重大工作事项落实情况\n由市工信委、市商务局负责。\n"
    doc = read_text(text, build_vocabulary(), unit_check=unit_problem)
    (finding,) = [f for f in doc.findings if f.code == "unknown-unit"]
    assert finding.excerpt == "市工信委"
