"""Reading a bulletin: every step in order. Text in, document and findings out, no exceptions."""

from __future__ import annotations

import contextlib
import datetime
import gc
import re
from collections.abc import Iterator

from ducha.bulletins.document import LeaderRef
from ducha.bulletins.reader import facts as fact_steps
from ducha.bulletins.reader.counts import CountReader
from ducha.bulletins.reader.document import Finding, ReadDocument
from ducha.bulletins.reader.inputs import extract_text
from ducha.bulletins.reader.lint import UnitCheck, lint
from ducha.bulletins.reader.normalise import Normalised, normalise
from ducha.bulletins.reader.page import Joined, Line, Page, read_page
from ducha.bulletins.reader.structure import Tree, build_tree, heading_of
from ducha.bulletins.reader.vocabulary import Vocabulary, build_vocabulary
from ducha.lib.periods import last_month

_TITLE_WORDS = re.compile(r"(通报|情况|报告|通知|汇报|公告)(\(.{0,30}\))?$")
_ISSUER = re.compile(
    r"(?:^|(?<=[,。;:]))(?:近期|近日|日前|目前|会后,)?"
    r"(?P<issuer>[\u4e00-\u9fff]{1,12}?(?:督查室|督查办|督办室|督查局|民生办))"
    r"(?=对|会同|牵头|根据|组成|近期|于)"
)
_PERIOD = re.compile(
    r"\d{4}年\d{1,2}月-\d{4}年\d{1,2}月"
    r"|(?<!\d)(?:\d{4}年)?(?:\d{1,2}(?:-|至|—|~)\d{1,2}月份?|第?[一二三四]季度|前三季度|上半年|下半年"
    r"|\d{1,2}月份)"
    r"|(?:截至|截止|至)\d{1,2}月(?:底|末)"
)
_OPENING = re.compile(
    # Bounded parts: a long line fails in constant time instead of backtracking over it.
    r"^(?P<issuer>[^对,。]{1,30}?)对(?P<subject>[^。,]{0,80}?)(?P<total>\d+)项工作落实情况进行了专项督查"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
# Where the text gives the year of its period: its title, its period, its first paragraphs.
_OPENING_LINES = 5


_SIGNATURE_LINE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|[\u4e00-\u9fff()]{2,20}(?:室|办|局|委|政府|办公室|中心))$"
)
_SENTENCE_MARKS = re.compile("[。,;:!?]")
# The 版记 under an official document: 抄送: … and the printing organ with its date.
_COLOPHON_LINE = re.compile(r"^(?:抄送|主送|抄报|分送|发送)\s*:|印发$")


def find_title(page: Page) -> tuple[str, Line | None]:
    first = page.lines[0] if page.lines else None
    plain = first is not None and len(first.text) <= 100 and heading_of(first) is None
    if first is not None and plain and not _SENTENCE_MARKS.search(first.text):
        return first.text, first
    for line in page.lines[:8]:
        text = line.text
        if heading_of(line) is not None:
            continue
        if (
            6 <= len(text) <= 100
            and "。" not in text
            and "," not in text
            and _TITLE_WORDS.search(text)
        ):
            return text, line
    header = page.meta.get("header_title", "")
    return re.sub(r"〔[^〕]*〕$", "", header), None


def find_issuer(lines: list[Line], page: Page) -> str:
    for line in lines[:6]:
        m = _OPENING.match(line.text) or _ISSUER.search(line.text[:300])
        if m:
            return m.group("issuer")
    return page.meta.get("publisher") or page.meta.get("source", "")


def find_period(title: str, lines: list[Line]) -> tuple[str, str]:
    """The period and, when the opening is ours, the scope between period and total."""
    for line in lines[:3]:
        m = _OPENING.match(line.text)
        if m:
            subject = m.group("subject")
            period = _PERIOD.match(subject)
            if period:
                return period.group(0), subject[period.end() :]
            return "", subject
    for text in [title] + [line.text[:300] for line in lines[:3]]:
        m = _PERIOD.search(text)
        if m:
            return m.group(0), ""
    return "", ""


def _signature_date(text: str) -> datetime.date | None:
    m = re.match(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", text)
    if not m:
        return None
    try:
        return datetime.date(*map(int, m.groups()))
    except ValueError:
        return None


def find_year(texts: list[str], period: str, signed: datetime.date | None) -> int | None:
    """The year the text gives its period: from its title or first paragraphs (2020年县政府
    确定…), else from the date under its signature (a period ending after the month it was
    signed in is of the year before). Never from a portal's date: a 2016 bulletin is often
    published in 2017."""
    for text in texts:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    if signed is None:
        return None
    ends = last_month(period) if period else None
    return signed.year - 1 if ends is not None and ends > signed.month else signed.year


def bulletin_day(published: str | None, year: int | None) -> datetime.date | None:
    """The day the bulletin speaks for: its publication, else the end of its year."""
    if published:
        try:
            return datetime.date.fromisoformat(published[:10])
        except ValueError:
            pass
    return datetime.date(year, 12, 31) if year else None


def _leaders(highlights: tuple[fact_steps.HighlightEntry, ...]) -> tuple[LeaderRef, ...]:
    seen: dict[tuple[str, str], LeaderRef] = {}
    for highlight in highlights:
        for leader in highlight.leaders:
            seen.setdefault((leader.name, leader.title), leader)
    return tuple(seen.values())


def _units(body: Joined, highlights: tuple[fact_steps.HighlightEntry, ...]) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for highlight in highlights:
        names.update(dict.fromkeys(highlight.units))
    names.update(dict.fromkeys(name for name, _ in fact_steps.unit_tokens(body.text)))
    return tuple(names)


def _to_source(finding: Finding, norm: Normalised, source: str) -> Finding:
    start = norm.source_offset(finding.offset)
    end_index = finding.offset + max(len(finding.excerpt), 1) - 1
    end = norm.source_offset(end_index) + 1
    excerpt = source[start:end] if finding.excerpt else ""
    return Finding(
        finding.code, finding.severity, excerpt, start, finding.message, finding.suggestion
    )


def _ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    unique = {(f.code, f.offset, f.excerpt): f for f in findings}
    return tuple(sorted(unique.values(), key=lambda f: (f.offset, f.code)))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading makes hundreds of thousands of small objects (lines, matches, nodes) and no
    reference cycles: the cyclic collector would only scan them again and again (a third
    of the time on a text of short lines). Plain reference counting frees them as before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_text(
    source: str,
    vocabulary: Vocabulary | None = None,
    *,
    unit_check: UnitCheck | None = None,
) -> ReadDocument:
    """The bulletin in `source` as far as it can be read, with its findings."""
    with _collector_paused():
        return _read(source, vocabulary or build_vocabulary(), unit_check)


def _read(source: str, vocabulary: Vocabulary, unit_check: UnitCheck | None) -> ReadDocument:
    norm = normalise(source)
    page = read_page(norm.text)
    title, title_line = find_title(page)
    body = [line for line in page.lines if line is not title_line]
    signed: datetime.date | None = None
    while body and (_SIGNATURE_LINE.match(body[-1].text) or _COLOPHON_LINE.search(body[-1].text)):
        # The issuer and date under the text, and the 版记, are not part of the last section.
        signed = _signature_date(body.pop().text) or signed
    joined = Joined(body)
    tree: Tree = build_tree(joined)
    counts = CountReader(vocabulary).read(joined, tree)
    highlights = fact_steps.highlights(tree)
    # A title the page gave, not the text (a stored copy's header), names no period.
    period, scope = find_period(title if title_line is not None else "", tree.preamble)
    opening = [line.text[:300] for line in tree.preamble[:_OPENING_LINES]]
    year = find_year([title] * (title_line is not None) + [period, *opening], period, signed)
    published = page.meta.get("published") or (signed.isoformat() if signed else None)
    findings = counts.findings + lint(
        tree,
        joined,
        vocabulary,
        title=title,
        unit_check=unit_check,
        day=bulletin_day(published, year),
    )
    return ReadDocument(
        title=title,
        issuer=find_issuer(tree.preamble, page),
        published_at=published,
        period=period,
        scope=scope,
        year=year,
        total=counts.total,
        total_reason=counts.total_reason,
        total_candidates=counts.candidates,
        categories=tuple(
            fact_steps.add_unstated(counts.categories, fact_steps.intro_labels(tree), vocabulary)
        ),
        groups=tuple(counts.groups),
        sections=tuple(node.freeze() for node in tree.roots),
        highlights=highlights,
        recommendations=fact_steps.recommendations(tree),
        units=_units(joined, highlights),
        leaders=_leaders(highlights),
        source=page.meta.get("source", "") or page.meta.get("header_source", ""),
        findings=_ordered([_to_source(f, norm, source) for f in findings]),
    )


def read_bytes(
    data: bytes,
    filename: str = "",
    vocabulary: Vocabulary | None = None,
    *,
    unit_check: UnitCheck | None = None,
) -> ReadDocument:
    """Read an uploaded file; ReaderInputError (with a Chinese message) if it is not text."""
    return read_text(extract_text(data, filename), vocabulary, unit_check=unit_check)
