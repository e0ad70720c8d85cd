"""Round trips: what our txt renderer writes, the reader reads back.

1. For a document the reader produced, rendering it and reading it again gives it again.
2. For a round composed from the database, the reader gets back the counts, examples,
   highlights and recommendations, and finds no defect in our own text.
"""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.document import (
    BulletinDocument,
    Category,
    HighlightEntry,
    LeaderRef,
    RecommendationEntry,
)
from ducha.bulletins.reader import ReadDocument, read_text
from ducha.bulletins.reader.normalise import normalise
from ducha.bulletins.reader.vocabulary import build_vocabulary
from ducha.bulletins.renderers import TxtRenderer
from ducha.lib.cn import period_label
from ducha.review.models import Highlight, Recommendation
from ducha.review.services import add_highlight, add_recommendation, set_rating
from tests.factories import make_item, make_leader, make_round, make_source, make_unit, status

# Characters that carry no structure for the reader (no numerals, markers, measure words,
# status words or list words), so generated text is prose and nothing else.
PROSE = "甲乙丙丁戊己庚辛壬癸山川林木花草云雨风雪春秋冬夏东西南北桥路港湾田园村镇楼塔"
DEFAULTS = (
    ("completed", "已完成", True),
    ("on_track", "有序推进", True),
    ("serious", "存在突出问题", False),
    ("needs_effort", "需要加大力度", False),
)
VOCABULARY = build_vocabulary(DEFAULTS)
TITLES = ("常务副市长", "副市长", "市长")


def words(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(PROSE, min_size=min_size, max_size=max_size)


def sentences() -> st.SearchStrategy[str]:
    return st.lists(words(2, 10), min_size=1, max_size=3).map(lambda parts: "，".join(parts) + "。")


@st.composite
def categories(draw: st.DrawFn) -> tuple[Category, ...]:
    out = []
    for code, label, on_track in DEFAULTS:
        count = draw(st.integers(0, 60))
        examples = draw(st.lists(words(), max_size=min(count, 5), unique=True))
        out.append(Category(code, label, count, tuple(examples), on_track))
    if not any(c.count for c in out):
        first = out[0]
        out[0] = Category(first.code, first.label, 1, first.examples[:1], True)
    return tuple(out)


@st.composite
def highlights(draw: st.DrawFn) -> tuple[HighlightEntry, ...]:
    entries = []
    for number in range(1, draw(st.integers(0, 4)) + 1):
        leaders = draw(
            st.lists(st.builds(LeaderRef, words(2, 3), st.sampled_from(TITLES)), max_size=2)
        )
        units = draw(st.lists(words(2, 6).map(lambda w: w + "局"), max_size=3, unique=True))
        entries.append(
            HighlightEntry(
                number=number,
                title=draw(words(2, 20)),
                leaders=tuple(leaders),
                units=tuple(units),
                units_partial=bool(units) and draw(st.booleans()),
                text=draw(sentences()),
            )
        )
    return tuple(entries)


@st.composite
def recommendations(draw: st.DrawFn) -> tuple[RecommendationEntry, ...]:
    entries = []
    for number in range(1, draw(st.integers(0, 4)) + 1):
        points = draw(st.lists(sentences(), min_size=1, max_size=4))
        entries.append(RecommendationEntry(number, draw(words(2, 15)) + "工作", tuple(points)))
    return tuple(entries)


@st.composite
def documents(draw: st.DrawFn) -> BulletinDocument:
    start = draw(st.dates(datetime.date(2010, 1, 1), datetime.date(2030, 12, 1)))
    end = draw(st.dates(start, start + datetime.timedelta(days=400)))
    return BulletinDocument(
        title=draw(words(4, 30)) + "落实情况",
        issuer=draw(words(2, 6)) + "督查室",
        period=period_label(start, end),
        scope=draw(st.sampled_from(["", "市长议事会确定的", "政府工作报告确定的"])),
        categories=draw(categories()),
        highlights=draw(highlights()),
        recommendations=draw(recommendations()),
    )


def norm(text: str) -> str:
    return normalise(text).text


def normalised(doc: BulletinDocument) -> BulletinDocument:
    """The document as the reader gives text back: punctuation in its half-width form."""
    return dataclasses.replace(
        doc,
        highlights=tuple(
            dataclasses.replace(h, title=norm(h.title), text=norm(h.text)) for h in doc.highlights
        ),
        recommendations=tuple(
            dataclasses.replace(r, subject=norm(r.subject), points=tuple(map(norm, r.points)))
            for r in doc.recommendations
        ),
    )


def read_rendered(doc: BulletinDocument) -> ReadDocument:
    return read_text(TxtRenderer().render(doc).decode("utf-8"), VOCABULARY)


def stated(doc: BulletinDocument) -> list[tuple[str, str, int, tuple[str, ...]]]:
    return [(c.label, c.code, c.count, c.examples) for c in doc.categories if c.count]


def read_back(doc: ReadDocument) -> list[tuple[str, str | None, int | None, tuple[str, ...]]]:
    return [(c.status, c.canonical_status, c.count, c.examples) for c in doc.categories if c.count]


@settings(max_examples=200, deadline=None)
@given(documents())
def test_the_reader_reads_back_what_the_renderer_writes(original: BulletinDocument) -> None:
    first = read_rendered(original)
    expected = normalised(original)
    assert first.findings == ()
    assert (first.title, first.issuer, first.period, first.scope) == (
        original.title,
        original.issuer,
        original.period,
        original.scope,
    )
    assert first.total == original.total
    assert read_back(first) == stated(original)
    assert first.highlights == expected.highlights
    assert first.recommendations == expected.recommendations
    # A document the reader produced survives another render and read unchanged.
    again = read_rendered(first.to_bulletin(VOCABULARY.on_track))
    assert again == first


def storable(doc: BulletinDocument) -> bool:
    """Small enough to store quickly, and no leader named twice (leaders are unique)."""
    names = [leader.name for h in doc.highlights for leader in h.leaders]
    return doc.total <= 80 and len(set(names)) == len(names)


def build_round(doc: BulletinDocument) -> BulletinDocument:
    """The document's facts stored as a round in the database, then composed again."""
    round = make_round(scope=doc.scope)
    source, unit = make_source(), make_unit()
    for category in doc.categories:
        for n in range(category.count):
            example = n + 1 if n < len(category.examples) else None
            title = category.examples[n] if example else f"{category.label}事项{n}"
            item = make_item(title, source=source, lead_unit=unit)
            set_rating(round, item, status=status(category.code), actor=None, example_order=example)
    for position, entry in enumerate(doc.highlights, start=1):
        leaders = [
            make_leader(lead.name, title=lead.title, precedence=i)
            for i, lead in enumerate(entry.leaders, start=1)
        ]
        units = [make_unit(name) for name in entry.units]
        add_highlight(
            Highlight(round=round, position=position, title=entry.title, text=entry.text,
                      units_partial=entry.units_partial),
            actor=None, leaders=leaders, units=units,
        )  # fmt: skip
    for position, entry in enumerate(doc.recommendations, start=1):
        add_recommendation(
            Recommendation(round=round, position=position, subject=entry.subject),
            actor=None,
            points=entry.points,
        )
    return compose_bulletin(round)


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents().filter(storable))
def test_a_round_from_the_database_reads_back(planned: BulletinDocument) -> None:
    with transaction.atomic():
        composed = build_round(planned)
        read = read_rendered(composed)
        composed = normalised(composed)
        assert read.findings == ()
        assert read.total == composed.total
        assert read_back(read) == stated(composed)
        assert read.highlights == composed.highlights
        assert read.recommendations == composed.recommendations
        transaction.set_rollback(True)
