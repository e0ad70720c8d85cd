"""The reader against the labelled corpus (tests/data/bulletins/labels.toml and
synthetic.toml): what each text says, labelled by hand. `make bench-reader` prints the
figures; here each case is held to its labels, except the gaps named in KNOWN_GAPS.
"""

from __future__ import annotations

import re

import pytest

from tests.bulletins.corpus import BULLETINS, Case, cases, score, score_case

CASES = cases()
# What the reader does not read right, and why:
# - the seed runs four examples together with no mark between them (秸秆禁烧和防汛准备加快郑许
#   融合发展加快…): telling them apart needs word segmentation;
# - 28 gives its year only in its last paragraph (2012年我县市级重点项目…), not with its
#   period, so the import asks for it.
# - X8 runs two clauses together around 目前, which also stands inside clauses without a mark
#   (项目目前已完工): the run-on check does not take it as an opener.
KNOWN_GAPS = {
    "seed-xuchang-2017-h1.txt": ["examples of on_track"],
    "28-jianghua-2012-jan-oct-key-projects-trad.txt": ["year 2012 ≠ None"],
    "X8": ["missed missing-punctuation"],
}


def test_every_bulletin_in_the_folder_is_labelled() -> None:
    labelled = {case.name for case in CASES if case.group == "real"}
    assert {p.name for p in BULLETINS.glob("*.txt")} <= labelled


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_reader_reads_what_the_text_says(case: Case) -> None:
    misses = score_case(case).misses
    expected = KNOWN_GAPS.get(case.name, [])
    unexpected = [m for m in misses if not any(gap in m for gap in expected)]
    assert unexpected == []


def test_there_are_at_least_thirty_written_paragraphs_covering_every_shape() -> None:
    written = [case for case in CASES if case.group == "synthetic"]
    assert len(written) >= 30
    shapes = {shape for case in written for shape in case.shapes}
    assert {
        "words-between", "several-phrases", "hedges", "totals", "traditional", "arithmetic",
        "page-furniture", "run-on", "defects",
    } <= shapes  # fmt: skip


def test_no_written_paragraph_copies_a_sentence_of_a_real_bulletin() -> None:
    real = "".join(p.read_text(encoding="utf-8") for p in BULLETINS.glob("*.txt"))
    real += (BULLETINS.parent / "seed-xuchang-2017-h1.txt").read_text(encoding="utf-8")
    for case in CASES:
        if case.group != "synthetic":
            continue
        body = case.text.split("\n", 1)[-1]
        clauses = [c for c in re.split(r"[,。;:\n|]", body) if len(c) >= 10]
        assert [c for c in clauses if c in real] == [], case.name


def test_the_figures_over_the_corpus() -> None:
    result = score(CASES)
    assert result.totals[0] == result.totals[1]
    assert result.buckets[0] == result.buckets[1]
    assert result.findings[0] == result.findings[1]  # every finding is a real defect
    assert result.defects[0] == result.defects[1] - 1  # every real defect but X8's is found
    assert result.clean[0] == 0  # no false alarm on a clean bulletin
