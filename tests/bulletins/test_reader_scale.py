"""Large and hostile inputs: the reader reads each line's checks only where their patterns
match on the joined body, never misses a line that way, and bounds what a megabyte of
repeated headings, counts or defects can make it produce, saying where it stopped.

Speed itself is measured in bench/read_bulletin.py, not here.
"""

from __future__ import annotations

import datetime
import gc
import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from ducha.bulletins.reader import grammar, read_bytes, read_text
from ducha.bulletins.reader import lint as lint_module
from ducha.bulletins.reader.counts import CountReader
from ducha.bulletins.reader.inputs import docx_text
from ducha.bulletins.reader.installation import read_installation_text
from ducha.bulletins.reader.lint import (
    MAX_LINES_PER_CHECK,
    MAX_PER_CHECK,
    line_checks,
    separators,
)
from ducha.bulletins.reader.normalise import _char as normalised_character
from ducha.bulletins.reader.normalise import normalise
from ducha.bulletins.reader.page import Joined, Line, read_page
from ducha.bulletins.reader.structure import MAX_HEADINGS, build_tree, heading_of
from ducha.bulletins.reader.vocabulary import build_vocabulary
from tests.factories import make_unit

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = [*sorted((DATA / "bulletins").glob("*.txt")), DATA / "seed-xuchang-2017-h1.txt"]
TEXTS = [path.read_text(encoding="utf-8") for path in REAL]
# Pieces of the statements the checks look for, so random texts reach every check often.
PIECES = [
    *"一二三四五六七八九十、。,:;()%0123456789项个件市县区局委办月日年由是等即如\n ",
    "已完成", "有序推进", "推进缓慢", "未达序时", "存在突出问题", "分别是:", "主要是",
    "牵头", "负责", "副市长", "占比", "完成率", "58日", "20171011", "202310月份", "市市",
    "和和", "市发改委", "市工信委", "工作在元旦", "建议:", "一是", "二是", "共", "工作中",
    "这一段没有句号结尾而且相当长", "信息来源:", "版权所有", "(一)", "一、", "1.", "(1)",
    "完成率35.9%", "131项工作中", "47项已完成", "甲、乙等项目进度相对缓慢",
    "进展滞后项目:一是甲;二是乙", "12日", "058日", "32日", "县县长", "由市市", "的的确确",
]  # fmt: skip
VOCABULARY = build_vocabulary()
MEGABYTE = 1_000_000


def every_unit_unknown(name: str, day: datetime.date) -> str | None:
    return f"单位名录中没有“{name}”。"


def body_of(text: str) -> Joined:
    return Joined(read_page(normalise(text).text).lines)


# Short lines of pieces: a statement is often found only at a line's start.
lines = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
texts = st.one_of(st.lists(lines, max_size=15).map("\n".join), st.sampled_from(TEXTS))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_line_a_check_finds_something_on_is_a_candidate(text: str) -> None:
    body = body_of(text)
    tree = build_tree(body)
    checks = line_checks(
        tree,
        body,
        VOCABULARY,
        title="",
        unit_check=every_unit_unknown,
        day=datetime.date(2020, 1, 1),
    )
    last = len(body.lines) - 1  # lint runs every check on the last line anyway
    for check in checks:
        finding = {at for at, line in enumerate(body.lines) if check.check(line)}
        assert finding - {last} <= set(check.candidates(body))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_line_stating_a_count_is_read(text: str) -> None:
    body = body_of(text)
    reader = CountReader(VOCABULARY)
    stating = set()
    for at, line in enumerate(body.lines):
        read = reader.lines.read(line, at)
        if read.groups or read.loose or read.unassigned or reader.named.buckets(line, at):
            stating.add(at)
        if grammar.DONE_RATE.search(line.text) or reader._table([line, line]) is not None:
            stating.add(at)
    assert stating <= set(body.indices(*reader.triggers))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_the_tree_has_every_heading_line(text: str) -> None:
    body = body_of(text)
    expected = [line for line in body.lines if heading_of(line) is not None]
    assert [node.line for node in build_tree(body).headings] == expected


# The separator check as a plain pattern: right, but slow on long text (it runs forward
# from every 即 or 如 to a 等); the check must find exactly what it finds.
PLAIN_SEPARATOR = re.compile(
    r"(?:分别是|分别为|即|主要是|包括|如):?(?P<list>[^。;:、]*,[^。;:、]*等)(?=[。;]|$)"
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"即如,、。;:等甲乙丙", "分别是", "包括"]), max_size=40))
def test_the_separator_check_finds_what_the_plain_pattern_finds(pieces: list[str]) -> None:
    line = Line("".join(pieces), 0)
    expected = [(m.start("list"), m.group("list")) for m in PLAIN_SEPARATOR.finditer(line.text)]
    assert [(f.offset, f.excerpt) for f in separators(line)] == expected


def megabyte(unit: str) -> str:
    return (unit * (MEGABYTE // len(unit) + 1))[:MEGABYTE]


def section_count(sections: tuple) -> int:
    return sum(1 + section_count(section.children) for section in sections)


def test_headings_past_the_limit_are_read_as_text_and_said() -> None:
    text = megabyte("1、\n(一)\n一、\n")
    doc = read_text(text)
    assert section_count(doc.sections) == MAX_HEADINGS
    overflow = [f for f in doc.findings if f.code == "too-many-headings"]
    assert len(overflow) == 1
    assert str(MAX_HEADINGS) in overflow[0].message
    # Nothing is dropped: the lines after the limit are the last section's text.
    last = doc.sections[-1]
    while last.children:
        last = last.children[-1]
    assert last.text.split("\n") == text.splitlines()[MAX_HEADINGS:]


def test_the_same_defect_on_every_line_is_listed_up_to_the_cap() -> None:
    line = "5月28日召开,58日完成。\n"
    text = megabyte(line)
    doc = read_text(text)
    missing_month = [f for f in doc.findings if f.code == "date-missing-month"]
    assert len(missing_month) == MAX_PER_CHECK
    assert [f.excerpt for f in missing_month] == ["58日"] * MAX_PER_CHECK
    (more,) = [f for f in doc.findings if f.code == "too-many-findings"]
    assert more.offset == MAX_PER_CHECK * len(line) + line.index("58日")
    assert f"{MAX_PER_CHECK}处" in more.message
    # The end of the copy is always checked: the last line is cut mid-sentence.
    assert doc.findings[-1].code == "truncated"


def test_a_check_reads_a_bounded_number_of_lines_and_says_where_it_stopped() -> None:
    # Every line ends a clause with 等 (a possible example list) but has no list in it.
    doc = read_text("甲等。\n" * (MAX_LINES_PER_CHECK + 100))
    (stopped,) = [f for f in doc.findings if f.code == "too-many-lines"]
    assert stopped.offset == MAX_LINES_PER_CHECK * len("甲等。\n")
    assert f"{MAX_LINES_PER_CHECK}段" in stopped.message


def test_counts_past_the_limit_are_not_read_and_said() -> None:
    doc = read_text(megabyte("131项工作中,47项已完成,84项有序推进。\n"))
    assert doc.total == 131
    assert [(c.canonical_status, c.count) for c in doc.categories] == [
        ("completed", 47),
        ("on_track", 84),
    ]
    assert [f.code for f in doc.findings if f.code.startswith("too-many")] == ["too-many-counts"]


@pytest.mark.parametrize(
    ("unit", "check"),
    [
        # Each lead-in once joined the rest of the text again (a megabyte took hours); each
        # 分别是: read on to the end of the numbered run after it (minutes); each 等…缓慢
        # looked back over its clause without a bound (seconds).
        ("工作建议:\n", lambda doc: doc.recommendations == ()),
        ("1、3项已完成,分别是:\n", lambda doc: doc.categories[0].examples == ("3项已完成",)),
        ("甲、乙等项目进度相对缓慢,", lambda doc: doc.categories[0].examples == ("甲", "乙")),
    ],
)
def test_repeated_statements_are_read_once_each(unit: str, check: object) -> None:
    doc = read_text(megabyte(unit))
    assert callable(check) and check(doc)


def test_a_lead_in_followed_by_points_is_read() -> None:
    doc = read_text("督查通报\n说明。\n下一步工作建议:\n一是加强领导。\n说明。\n二是落实责任。\n")
    assert [(r.subject, r.points) for r in doc.recommendations] == [
        ("下一步工作建议", ("加强领导。", "落实责任。"))
    ]


@pytest.mark.django_db
def test_a_unit_named_many_times_is_looked_up_once(django_assert_max_num_queries) -> None:
    make_unit("市发改委")
    text = "2020年督查通报\n" + "由市发改委、市不存在局负责。\n" * 150
    with django_assert_max_num_queries(12):
        doc = read_installation_text(text)
    unknown = [f for f in doc.findings if f.code == "unknown-unit"]
    assert {f.excerpt for f in unknown} == {"市不存在局"}
    assert len(unknown) == 150


def test_word_paragraphs_keep_tabs_breaks_and_linked_text() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("督查")
    run = paragraph.add_run("通报")
    run.add_tab()
    run.add_text("第一期")
    run.add_break()
    run.add_text("市政府督查室")
    link = OxmlElement("w:hyperlink")
    linked = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "(附件)"
    linked.append(text)
    link.append(linked)
    paragraph._p.append(link)
    deleted = OxmlElement("w:del")
    gone = OxmlElement("w:r")
    gone_text = OxmlElement("w:delText")
    gone_text.text = "删去的字"
    gone.append(gone_text)
    deleted.append(gone)
    paragraph._p.append(deleted)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "市发改委"
    table.cell(0, 1).text = "已完成"
    out = io.BytesIO()
    document.save(out)
    assert qn("w:hyperlink") in [child.tag for child in paragraph._p]
    assert docx_text(out.getvalue()) == "督查通报\t第一期\n市政府督查室(附件)\n市发改委 已完成"
    assert read_bytes(out.getvalue(), "通报.docx").title == "督查通报 第一期"


def test_the_cyclic_collector_is_paused_while_reading_and_restored() -> None:
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        gc.collect()  # so that the few objects made before the pause start none
        collections.clear()
        read_text("项\n" * 200_000)  # 200,000 lines: many collections if it ran
        assert collections == []
        assert gc.isenabled()
        gc.disable()
        read_text("项\n")
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
        gc.callbacks.remove(count)


def per_character(source: str) -> tuple[str, list[int]]:
    """What normalising means: each character on its own, every output at its input's offset."""
    pieces, origin = [], []
    for at, character in enumerate(source):
        out = normalised_character(character)
        pieces.append(out)
        origin += [at] * len(out)
    return "".join(pieces), origin


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("⑴㈠①½…ﬁ℡甲。,，：（）　\r\t a1\n"), max_size=60))
def test_normalising_in_passes_equals_normalising_each_character(text: str) -> None:
    norm = normalise(text)
    origin = [norm.source_offset(at) for at in range(len(norm.text))]
    assert (norm.text, origin) == per_character(text)


# The number patterns as first written (a test, then the digits); the reader's own start with
# the digit so the search can skip to it. They must find the same.
PLAIN_NUMBERS = {
    lint_module._DAY_WITHOUT_MONTH: r"(?<![\d月年.\-/:])(\d{2,4})日(?!\d)",
    lint_module._DAY_PAST_31: r"(?<![\d月年.\-/:])(?:3[2-9]|[4-9]\d|\d{3,4})日(?!\d)",
    lint_module._bare_number(VOCABULARY.alternation): (
        rf"(?<![\d.\-/:%年月日第])(\d{{1,6}})(?=(?:{VOCABULARY.alternation}))"
    ),
    grammar.QUANTITY: grammar.QUANTITY.pattern.replace(
        r"\d(?<![\d.\-/:第]\d)\d{0,5}", r"(?<![\d.\-/:第])\d{1,6}"
    ),
}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"0123456789日月年.-/:%第项个 甲", "已完成", "有序推进", "32日", "058日"]),
        max_size=30,
    )
)
def test_digit_first_patterns_find_what_the_plain_patterns_find(pieces: list[str]) -> None:
    text = "".join(pieces)
    for pattern, plain in PLAIN_NUMBERS.items():
        assert pattern.pattern != plain
        spans = [m.span() for m in pattern.finditer(text)]
        assert spans == [m.span() for m in re.finditer(plain, text, pattern.flags)]
