"""The demo's bulletin says what the published seed bulletin says, minus its defects."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.layout import BlockKind, blocks
from ducha.bulletins.renderers import TxtRenderer
from ducha.demo.loader import PLACEHOLDER_MARK, load_demo
from ducha.ledger.models import WorkItem
from ducha.review.models import Rating, Round
from tests.demo.seed_defects import SEED_DEFECTS

# The published page as it was scraped, kept verbatim beside the tests.
SEED = Path(__file__).resolve().parents[1] / "data" / "seed-xuchang-2017-h1.txt"
HEADING = re.compile(r"^[一二三四五六七八九十]+、(整体情况|工作亮点|督查建议)$")
SECTION_KEYS = {"整体情况": "overview", "工作亮点": "highlights", "督查建议": "recommendations"}


def normalise(text: str) -> str:
    """Full-width punctuation to half-width, and no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def corrected_seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    for published, corrected in SEED_DEFECTS:
        assert text.count(published) == 1, published
        text = text.replace(published, corrected)
    return text


def seed_sections(text: str) -> dict[str, list[str]]:
    """The seed page's paragraphs by section, without the portal's chrome."""
    lines = [normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    title_at = next(i for i, line in enumerate(lines) if line.endswith("落实情况"))
    end = next(i for i, line in enumerate(lines) if line.startswith("手机扫一扫"))
    sections: dict[str, list[str]] = {"title": [lines[title_at]], "opening": []}
    current = "opening"
    for line in lines[title_at + 1 : end]:
        if line.startswith("【信息来源"):
            continue
        match = HEADING.match(line)
        if match:
            current = SECTION_KEYS[match.group(1)]
            sections[current] = [line]
        else:
            sections[current].append(line)
    return sections


def document_sections(round: Round) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    for block in blocks(compose_bulletin(round)):
        if block.kind == BlockKind.SIGNATURE:
            continue
        key = "title" if block.kind == BlockKind.TITLE else block.section
        sections.setdefault(key, []).append(normalise(block.text))
    return sections


@pytest.fixture
def demo_round(db: None) -> Round:
    load_demo()
    return Round.objects.get(code="2017-H1")


def test_the_seed_defects_are_listed_once_each() -> None:
    text = SEED.read_text(encoding="utf-8")
    for published, _ in SEED_DEFECTS:
        assert text.count(published) == 1, published


@pytest.mark.parametrize(
    "section", ["title", "opening", "overview", "highlights", "recommendations"]
)
def test_demo_bulletin_equals_the_corrected_seed(demo_round: Round, section: str) -> None:
    expected = seed_sections(corrected_seed())[section]
    assert document_sections(demo_round)[section] == expected


def test_demo_bulletin_has_none_of_the_seed_defects(demo_round: Round) -> None:
    text = normalise(TxtRenderer().render(compose_bulletin(demo_round)).decode())
    for published, corrected in SEED_DEFECTS:
        if normalise(corrected).find(normalise(published)) == -1:
            assert normalise(published) not in text, published
    for defect in ("1存在", "126已完成", "58日", "48日", "市市", "14."):
        assert defect not in text


def test_demo_round_has_the_seed_counts(demo_round: Round) -> None:
    counts = {
        code: Rating.objects.filter(round=demo_round, status__code=code).count()
        for code in ("completed", "on_track", "serious", "needs_effort")
    }
    assert counts == {"completed": 47, "on_track": 79, "serious": 1, "needs_effort": 4}
    assert WorkItem.objects.count() == 131


def test_items_the_seed_does_not_name_are_marked_as_placeholders(demo_round: Round) -> None:
    placeholders = WorkItem.objects.filter(title__startswith=PLACEHOLDER_MARK)
    assert placeholders.count() == 131 - 15
    assert all("演示" in item.description for item in placeholders)


def test_loading_the_demo_twice_changes_nothing(demo_round: Round) -> None:
    before = (WorkItem.objects.count(), Rating.objects.count())
    assert load_demo() is False
    assert (WorkItem.objects.count(), Rating.objects.count()) == before
