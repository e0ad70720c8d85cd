"""The labelled corpus: real bulletins and short written ones, and how well the reader reads
them. `make bench-reader` prints the figures; tests/bulletins/test_reader_corpus.py holds
the reader to them.

A label is what the text says (tests/data/bulletins/labels.toml, synthetic.toml). Reader
notes (a phrase it cannot map, a number it cannot assign) are not defects of the text: they
are scored apart from the findings.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ducha.bulletins.reader import ReadDocument, read_text
from ducha.bulletins.reader.inputs import extract_text

DATA = Path(__file__).resolve().parents[1] / "data"
BULLETINS = DATA / "bulletins"
NOTE_CODES = frozenset(
    {
        "unknown-status",
        "unassigned-count",
        "too-many-counts",
        "too-many-findings",
        "too-many-lines",
        "too-many-headings",
    }
)


@dataclass(frozen=True)
class Case:
    name: str
    group: str  # "real", "own" (written bulletins) or "synthetic" (short paragraphs)
    shapes: tuple[str, ...]
    text: str
    label: dict[str, Any]


def _bulletin_text(file: str) -> str:
    path = DATA / file if file.startswith("seed") else BULLETINS / file
    return extract_text(path.read_bytes(), path.name)


def cases() -> list[Case]:
    with (BULLETINS / "labels.toml").open("rb") as handle:
        real = tomllib.load(handle)["bulletin"]
    with (BULLETINS / "synthetic.toml").open("rb") as handle:
        written = tomllib.load(handle)["case"]
    out = [
        Case(
            entry["file"],
            "own" if entry["file"].startswith("extra/") else "real",
            tuple(entry.get("shapes", ())),
            _bulletin_text(entry["file"]),
            entry,
        )
        for entry in real
    ]
    out += [
        Case(entry["id"], "synthetic", (entry["shape"],), entry["text"], entry) for entry in written
    ]
    return out


@dataclass
class Score:
    """Counts of right answers over what the labels state."""

    cases: int = 0
    totals: list[int] = field(default_factory=lambda: [0, 0])  # right, stated
    buckets: list[int] = field(default_factory=lambda: [0, 0])  # right, stated with a count
    bulletins_buckets: list[int] = field(default_factory=lambda: [0, 0])  # all right, with any
    examples: list[int] = field(default_factory=lambda: [0, 0])
    notes: list[int] = field(default_factory=lambda: [0, 0])
    years: list[int] = field(default_factory=lambda: [0, 0])
    findings: list[int] = field(default_factory=lambda: [0, 0])  # real defects, all findings
    defects: list[int] = field(default_factory=lambda: [0, 0])  # found, labelled
    clean: list[int] = field(default_factory=lambda: [0, 0])  # false alarms, clean bulletins
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.cases += other.cases
        for name in _PAIRS:
            mine, theirs = getattr(self, name), getattr(other, name)
            mine[0] += theirs[0]
            mine[1] += theirs[1]
        self.misses += other.misses


_PAIRS = (
    "totals", "buckets", "bulletins_buckets", "examples", "notes", "years", "findings",
    "defects", "clean",
)  # fmt: skip


def _spans(text: str, excerpt: str) -> tuple[int, int]:
    at = text.find(excerpt)
    if at < 0:
        raise ValueError(f"labelled excerpt not in the text: {excerpt}")
    return at, at + len(excerpt)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _categories(doc: ReadDocument) -> dict[str, Any]:
    return {c.canonical_status: c for c in doc.categories if c.canonical_status}


def _score_buckets(case: Case, doc: ReadDocument, score: Score) -> None:
    labelled = case.label.get("bucket", [])
    read = _categories(doc)
    all_right = True
    for bucket in labelled:
        category = read.get(bucket["status"])
        if "count" in bucket:
            score.buckets[1] += 1
            within = bool(bucket.get("within", False))
            right = (
                category is not None
                and category.count == bucket["count"]
                and bool(getattr(category, "within", False)) == within
            )
            score.buckets[0] += right
            if not right:
                all_right = False
                got = None if category is None else category.count
                score.misses.append(f"{case.name}: {bucket['status']} {bucket['count']} ≠ {got}")
        if "examples" in bucket:
            score.examples[1] += 1
            got_examples = () if category is None else tuple(category.examples)
            right = got_examples == tuple(bucket["examples"])
            score.examples[0] += right
            if not right:
                score.misses.append(f"{case.name}: examples of {bucket['status']} {got_examples}")
    counted = {b["status"] for b in labelled if "count" in b}
    for status, category in read.items():
        if category.count is not None and status not in counted:
            all_right = False
            score.misses.append(f"{case.name}: unlabelled {status} {category.count}")
    if labelled or read:
        score.bulletins_buckets[1] += 1
        score.bulletins_buckets[0] += all_right


def _score_findings(case: Case, doc: ReadDocument, score: Score) -> None:
    text = case.text
    defects = case.label.get("defect", [])
    spans = [(d["code"], _spans(text, d["excerpt"])) for d in defects]
    findings = [f for f in doc.findings if f.code not in NOTE_CODES]
    found = [False] * len(spans)
    false_alarms = 0
    for finding in findings:
        span = (finding.offset, finding.offset + max(len(finding.excerpt), 1))
        hits = [
            i
            for i, (code, defect) in enumerate(spans)
            if _overlaps(span, defect) or (code == finding.code == "truncated")
        ]
        for i in hits:
            found[i] = True
        if not hits:
            false_alarms += 1
            score.misses.append(f"{case.name}: false {finding.code} “{finding.excerpt}”")
    score.findings[0] += len(findings) - false_alarms
    score.findings[1] += len(findings)
    score.defects[0] += sum(found)
    score.defects[1] += len(spans)
    for i, hit in enumerate(found):
        if not hit:
            score.misses.append(
                f"{case.name}: missed {defects[i]['code']} “{defects[i]['excerpt']}”"
            )
    if not spans:
        score.clean[0] += false_alarms
        score.clean[1] += 1


def _score_notes(case: Case, doc: ReadDocument, score: Score) -> None:
    said = [f.excerpt + f.message for f in doc.findings if f.code in NOTE_CODES]
    said += [c.status for c in doc.categories if not c.canonical_status]
    for phrase in case.label.get("notes", []):
        score.notes[1] += 1
        right = any(phrase in text for text in said)
        score.notes[0] += right
        if not right:
            score.misses.append(f"{case.name}: no note for “{phrase}”")


def score_case(case: Case) -> Score:
    doc = read_text(case.text)
    score = Score(cases=1)
    label = case.label
    if "total" in label:
        score.totals[1] += 1
        score.totals[0] += doc.total == label["total"]
        if doc.total != label["total"]:
            score.misses.append(f"{case.name}: total {label['total']} ≠ {doc.total}")
    score.years[1] += 1
    year = doc.year
    score.years[0] += year == label.get("year")
    if year != label.get("year"):
        score.misses.append(f"{case.name}: year {label.get('year')} ≠ {year}")
    _score_buckets(case, doc, score)
    _score_findings(case, doc, score)
    _score_notes(case, doc, score)
    return score


def score(selected: Iterable[Case]) -> Score:
    total = Score()
    for case in selected:
        total.add(score_case(case))
    return total


def by_shape(all_cases: list[Case]) -> dict[str, list[Case]]:
    shapes: dict[str, list[Case]] = defaultdict(list)
    for case in all_cases:
        for shape in case.shapes:
            shapes[shape].append(case)
    return dict(sorted(shapes.items()))


def _ratio(pair: list[int]) -> str:
    right, of = pair
    return f"{right}/{of}" + (f" ({100 * right / of:.0f}%)" if of else "")


def report_lines(title: str, result: Score) -> list[str]:
    clean = result.clean
    false_rate = f"{clean[0]}/{clean[1]}" if clean[1] else "–"
    return [
        f"{title}: {result.cases} cases",
        f"  totals right {_ratio(result.totals)}; status counts right {_ratio(result.buckets)}"
        f" (bulletins with every count right {_ratio(result.bulletins_buckets)})",
        f"  named examples right {_ratio(result.examples)}; unmapped phrases noted "
        f"{_ratio(result.notes)}; year right {_ratio(result.years)}",
        f"  findings that are real defects {_ratio(result.findings)}; real defects found "
        f"{_ratio(result.defects)}; false alarms on clean bulletins {false_rate}",
    ]
