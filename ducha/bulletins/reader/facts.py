"""Facts of a bulletin: total, counts per status with percentages and examples, highlights,
recommendations, leaders and units. Stated facts only: a count not written stays None.
"""

from __future__ import annotations

import bisect
import decimal
import itertools
import re
from dataclasses import dataclass, field, replace

from ducha.bulletins.document import HighlightEntry, LeaderRef, RecommendationEntry
from ducha.bulletins.reader.document import Finding, ReadCategory, Severity
from ducha.bulletins.reader.page import Joined, Line, multiline
from ducha.bulletins.reader.structure import Node, Tree, chinese_to_int
from ducha.bulletins.reader.vocabulary import Vocabulary

CJK = "\u4e00-\u9fff"
_MEASURE = "项|个|件"
_PERCENT = r"(?P<pct>\d{1,3}(?:\.\d{1,2})?)%"
_TOTAL = re.compile(
    rf"(?:共|总计|合计|明确|确定|细化为|兴办|涉及|列入本次督查通报的)[^\d,。;:()]{{0,8}}?"
    rf"(?<![\d.])(?P<n1>\d{{1,6}})(?:{_MEASURE})(?![\d])"
    rf"|(?P<n2>\d(?<![\d.\-]\d)\d{{0,5}})(?:{_MEASURE})"
    rf"(?:[{CJK}]{{0,8}}?中(?![心国央])|(?:重点|主要|具体)?(?:事项|目标任务|任务|工作(?!日)|内容|民生实事|惠民实事))"
)
_ALL_DONE = re.compile(r"^[^。;]{0,12}?(?:已|均已|均)?全部完成")
_AFTER_PERCENT = re.compile(
    rf"^(?:\([^()]{{0,80}}\))?[,、]?\s*(?:占比|占总任务的|占总数的|占全部的|占)[^\d,。;]{{0,6}}?{_PERCENT}"
)
_EXAMPLES = re.compile(
    r"^(?:\((?P<paren>[^()]{1,200})\))?(?:,?\s*(?:占比|占总任务的|占)[^\d,。;]{0,6}?\d{1,3}(?:\.\d+)?%)?"
    r"(?:的?(?:目标任务|任务|项目|事项|工作)?中)?"
    r"[。,;]?\s*(?:分别是|分别为|即|如|主要是|主要有|包括|为)\s*:?\s*(?P<list>[^。;]{0,500})"
)
_LISTED = re.compile(r"(?:分别为|分别是|如下):$")
# A paragraph states a handful of counts, and a bulletin a few dozen; a hostile input is not
# read past these many (and the reader says where it stopped): each count is read with the
# list of examples after it, so a megabyte of counts would otherwise cost seconds.
MAX_COUNTS_PER_LINE = 200
MAX_COUNTS = 2000
MAX_COUNT_LINES = 10_000
_DIGIT = re.compile(r"\d")
_COUNT = re.compile(rf"\d(?:{_MEASURE})")
_RATE = re.compile(rf"完成率{_PERCENT}")
_LEADER = re.compile(
    rf"^(?P<name>[{CJK}]{{2,4}}?)(?P<title>常务副市长|副市长|市长|常务副县长|副县长|县长|常务副区长"
    r"|副区长|区长|副秘书长|秘书长|副书记|书记|副主任|主任)$"
)
_RESPONSIBILITY = re.compile(
    r"^由(?P<leaders>[^,。由]{2,80}?)牵头(?:,(?P<units>[^。]{1,200}?)负责)?。"
    r"|^由(?P<only_units>[^,。]{1,200}?)负责。"
)
_POINT = re.compile(r"(?:^|(?<=[。;:,!]))([一二三四五六七八九十]{1,3})是")
# Multiline: the same names whether it reads one line or the joined body.
UNIT_NAME = re.compile(
    rf"(?:^|(?<=[,、;:(由和与及]))(?P<unit>(?:市|县|区)[{CJK}]{{1,8}}?(?:局|委|办|厅|中心|公司))"
    r"(?=[,、;:。)等负和与及牵]|$)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Bucket:
    phrase: str
    code: str | None
    count: int | None
    offset: int  # normalised offset of the statement
    end: int
    percent: float | None = None
    examples: tuple[str, ...] = ()


@dataclass
class Group:
    total: int
    offset: int
    buckets: list[Bucket] = field(default_factory=list)
    rate: tuple[float, int] | None = None  # stated 完成率 and its offset


@dataclass
class Facts:
    total: int | None = None
    categories: list[ReadCategory] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


_BRACKETS = re.compile("[(《“)》”]")


class Depth:
    """Bracket depth at any position (so a count in brackets is not taken as a total).

    Only the brackets are visited, and a position is looked up by bisection.
    """

    def __init__(self, text: str) -> None:
        self.positions: list[int] = []
        self.depths: list[int] = []
        depth = 0
        for m in _BRACKETS.finditer(text):
            if m.group() in "(《“":
                depth += 1
                self.positions.append(m.start())
            elif depth:
                depth -= 1
                self.positions.append(m.start() + 1)
            else:
                continue
            self.depths.append(depth)

    def at(self, position: int) -> int:
        i = bisect.bisect_right(self.positions, position) - 1
        return self.depths[i] if i >= 0 else 0


class Spans:
    """Non-overlapping spans already taken on a line, in order, checked by bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def take(self, start: int, end: int) -> bool:
        """Take [start, end) unless it overlaps a taken span; True when taken."""
        i = bisect.bisect_left(self.starts, start)
        if i < len(self.starts) and self.starts[i] < end:
            return False
        if i > 0 and self.ends[i - 1] > start:
            return False
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return True


def split_list(text: str, separators: str = "、") -> list[str]:
    """Split at separators outside brackets and quotes."""
    if not any(opener in text for opener in "(《“["):
        # Nothing to stay outside of: split in C (a hostile line has thousands of lists).
        pieces = re.split(f"[{re.escape(separators)}]", text)
        return [piece.strip() for piece in pieces if piece.strip()]
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "(《“[":
            depth += 1
        elif ch in ")》”]" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def example_list(raw: str) -> tuple[tuple[str, ...], bool]:
    """Examples of a list ending in 等; True when they are separated by commas, not 、."""
    raw = raw.strip().rstrip("。")
    for stop in (",其他", ",其余", ",其它"):
        if stop in raw:
            raw = raw[: raw.index(stop)]
    raw = raw.removesuffix("等")
    commas = len(split_list(raw, ",")) > 1
    parts = split_list(raw, "、," if commas else "、")
    return tuple(p.removesuffix("等").strip() for p in parts if p.strip()), commas


class FactReader:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        phrase = rf"(?<![未不没])(?P<p>{vocabulary.alternation})"
        self.after_count = re.compile(
            rf"(?P<n>\d(?<![\d.\-]\d)\d{{0,5}})(?P<m>{_MEASURE})?(?:均|都)?{phrase}"
            rf"(?=[,。;、:(]|$|等|的(?:目标任务|项目|事项|任务|工作)?(?:分别|[,。:;]))"
        )
        # Starts with the phrases themselves (no lookbehind), so the engine can skip to
        # their first characters; 未完成 is excluded after the match.
        self.before_count = re.compile(
            rf"(?P<p>{vocabulary.alternation})(?:的有|的|有|子项目|项目)?(?:\([^()]{{0,80}}\))?"
            rf"(?P<n>\d{{1,6}})(?P<m>{_MEASURE})(?![\d])"
        )
        self.unknown = re.compile(
            rf"(?:^|(?<=[,;。、:]))(?P<p>[{CJK}]{{2,10}}?)(?:的有|有)?(?P<n>\d{{1,6}})"
            rf"(?P<m>{_MEASURE})[,、]?占"
        )
        self.lead_in = re.compile(rf"^{phrase}(?:项目|事项)?:")
        self.unknown_after = re.compile(
            rf"(?:^|(?<=[,;。、:]))(?P<n>\d{{1,6}})(?P<m>{_MEASURE})(?P<p>[{CJK}]{{2,8}})[,、]?占"
        )
        self.etc = re.compile(
            rf"等(?:项目|工作|事项)?(?:均|已|进度|正)??(?:相对)?{phrase}(?=[,。;]|$|的|要求)"
        )
        # The lines worth reading: those where a statement's own pattern matches.
        self.triggers = tuple(
            multiline(pattern)
            for pattern in (
                self.after_count,
                self.before_count,
                self.unknown,
                self.unknown_after,
                _TOTAL,
                self.etc,
                self.lead_in,
                _RATE,
            )
        )

    # -- buckets -------------------------------------------------------------------
    def buckets(self, line: Line) -> list[Bucket]:
        text = line.text
        found: list[Bucket] = []
        if not _DIGIT.search(text):
            return found  # every way of stating a count has a number in it
        taken = Spans()
        patterns: tuple[re.Pattern[str], ...] = (self.after_count,)
        if _COUNT.search(text):  # the other forms all write a number with its measure word
            patterns += (self.before_count, self.unknown, self.unknown_after)
        for pattern in patterns:
            for m in itertools.islice(pattern.finditer(text), MAX_COUNTS_PER_LINE):
                negated = m.start("p") > 0 and text[m.start("p") - 1] in "未不没"
                if pattern is self.before_count and negated:
                    continue
                if taken.take(m.start(), m.end()):
                    found.append(self._bucket(line, m.group("p"), int(m.group("n")), m))
        return sorted(found, key=lambda b: b.offset)

    def _bucket(self, line: Line, phrase: str, count: int, m: re.Match[str]) -> Bucket:
        # Everything after a count is looked for within a bounded window: linear overall.
        rest = line.text[m.end() : m.end() + 600]
        percent = None
        pm = _AFTER_PERCENT.match(rest)
        if pm:
            percent = float(pm.group("pct"))
        examples: tuple[str, ...] = ()
        em = _EXAMPLES.match(rest)
        if em and em.group("list"):
            examples, _ = example_list(em.group("list"))
        elif em is None and rest.startswith("("):
            paren = re.match(r"^\(([^()]{1,200})\)", rest)
            if paren and "、" in paren.group(1):
                examples = tuple(split_list(paren.group(1)))
        return Bucket(
            phrase=phrase,
            code=self.vocabulary.code(phrase),
            count=count,
            offset=line.offset + m.start(),
            end=line.offset + m.end(),
            percent=percent,
            examples=examples,
        )

    def point_buckets(self, line: Line) -> list[Bucket]:
        """滞后项目:一是A(第三项)…;二是B…: a status whose items are listed as points."""
        m = self.lead_in.match(line.text)
        if not m:
            return []
        names = []
        for point in points_of(line.text[m.end() :]):
            named = re.match(r"^(.{1,60}?\(第[^()]{1,6}项\))", point)
            names.append(named.group(1) if named else split_list(point, ",;。")[0])
        if len(names) < 2:
            return []
        phrase = m.group("p")
        return [
            Bucket(
                phrase,
                self.vocabulary.code(phrase),
                None,
                line.offset,
                line.offset + m.end(),
                examples=tuple(names),
            )
        ]

    def etc_buckets(self, line: Line) -> list[Bucket]:
        """A、B、C等项目进度相对缓慢: a status with examples and no count."""
        out = []
        text = line.text
        for m in itertools.islice(self.etc.finditer(text), MAX_COUNTS_PER_LINE):
            window = max(0, m.start() - 400)
            start = max(max(text.rfind(stop, window, m.start()) for stop in "。;:") + 1, window)
            clauses = split_list(text[start : m.start()], ",")
            chosen = [clauses[-1]] if clauses else []
            for clause in reversed(clauses[:-1]):
                if not chosen[0].startswith(("以及", "及")) or "、" not in clause:
                    break
                chosen.insert(0, clause)
            raw = "、".join(c.removeprefix("以及").removeprefix("其中") for c in chosen)
            examples, _ = example_list(raw)
            if examples:
                out.append(
                    Bucket(
                        m.group("p"),
                        self.vocabulary.code(m.group("p")),
                        None,
                        line.offset + start,
                        line.offset + m.end(),
                        examples=examples,
                    )
                )
        return out


def totals(line: Line) -> list[tuple[int, int, int]]:
    """(value, start, end) of each total stated outside brackets."""
    if not _COUNT.search(line.text):
        return []
    depth = Depth(line.text)
    out = []
    for m in itertools.islice(_TOTAL.finditer(line.text), MAX_COUNTS_PER_LINE):
        if depth.at(m.start()):
            continue
        value = m.group("n1") or m.group("n2")
        out.append((int(value), line.offset + m.start(), line.offset + m.end()))
    return out


def _finding(
    code: str, severity: str, offset: int, excerpt: str, message: str, hint: str
) -> Finding:
    return Finding(code, severity, excerpt, offset, message, hint)


def rounded(value: float, decimals: int) -> float:
    """Round half up, as Chinese statistics do (18/32 = 56.25% is written 56.3%)."""
    quantum = decimal.Decimal(1).scaleb(-decimals)
    return float(decimal.Decimal(repr(value)).quantize(quantum, rounding=decimal.ROUND_HALF_UP))


def _percent_finding(bucket: Bucket, total: int, text_at: str) -> Finding | None:
    if bucket.percent is None or bucket.count is None or not total:
        return None
    stated = bucket.percent
    decimals = len(str(stated).split(".")[1]) if stated != int(stated) else 0
    decimals = max(decimals, len(text_at.split("%")[0].split(".")[1]) if "." in text_at else 0)
    computed = bucket.count * 100 / total
    if rounded(computed, decimals) == stated:
        return None
    severity = Severity.ERROR if abs(computed - stated) >= 1 else Severity.WARNING
    return _finding(
        "percent-mismatch",
        severity,
        bucket.offset,
        text_at,
        f"{bucket.phrase}{bucket.count}项占{total}项的{rounded(computed, max(decimals, 1))}%，"
        f"通报写的是{stated:g}%。",
        f"改为{rounded(computed, max(decimals, 1))}%，或核对数量。",
    )


class CountReader:
    """Totals and buckets across the body; the first total with buckets is the bulletin's."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.reader = FactReader(vocabulary)
        self.facts = Facts()
        self.headings: dict[int, Node] = {}  # by the offset of their line

    def read(self, body: Joined, tree: Tree) -> Facts:
        lines = body.lines
        self.headings = {node.line.offset: node for node in tree.headings}
        groups: list[Group] = []
        loose: list[Bucket] = []
        etc: list[Bucket] = []
        first_total: int | None = None
        stated = 0
        for seen, at in enumerate(body.indices(*self.reader.triggers)):
            line = lines[at]
            if stated >= MAX_COUNTS or seen == MAX_COUNT_LINES:
                self.facts.findings.append(_too_many_counts(line))
                break
            events: list[tuple[int, str, object]] = [
                (start, "total", (value, end)) for value, start, end in totals(line)
            ]
            events += [(b.offset, "bucket", b) for b in self._with_listed(lines, at)]
            events += [
                (line.offset + m.start(), "rate", (float(m.group("pct")), line.offset + m.start()))
                for m in itertools.islice(_RATE.finditer(line.text), MAX_COUNTS_PER_LINE)
            ]
            named = self.reader.etc_buckets(line) + self.reader.point_buckets(line)
            etc += named
            stated += len(events) + len(named)
            current: Group | None = None
            for offset, kind, value in sorted(events, key=lambda e: e[0]):
                if kind == "total":
                    assert isinstance(value, tuple)
                    first_total = value[0] if first_total is None else first_total
                    current = Group(total=value[0], offset=offset)
                    groups.append(current)
                    self._all_done(line, value[1], current)
                elif kind == "bucket":
                    assert isinstance(value, Bucket)
                    (current.buckets if current else loose).append(value)
                elif current is not None:
                    assert isinstance(value, tuple)
                    current.rate = value
        for group in groups:
            self._check_group(group, lines)
        chosen = next((g for g in groups if g.buckets), None)
        facts = self.facts
        facts.total = chosen.total if chosen else first_total
        categories: dict[str, ReadCategory] = {}
        for bucket in chosen.buckets if chosen else loose:
            key = bucket.code or bucket.phrase
            if key not in categories:
                categories[key] = self._category(bucket)
        for bucket in loose if chosen else ():
            self._merge_restatement(categories, bucket, lines)
        for bucket in etc:
            key = bucket.code or bucket.phrase
            if key in categories and not categories[key].examples:
                categories[key] = replace(categories[key], examples=bucket.examples)
            elif key not in categories:
                categories[key] = self._category(bucket)
        facts.categories = list(categories.values())
        for bucket in chosen.buckets if chosen else loose:
            if bucket.code is None:
                facts.findings.append(self._unknown(bucket, lines))
        return facts

    def _with_listed(self, lines: list[Line], at: int) -> list[Bucket]:
        """17项未达序时的目标任务分别为: followed by numbered paragraphs naming them."""
        buckets = self.reader.buckets(lines[at])
        if len(buckets) != 1 or buckets[0].examples or not _LISTED.search(lines[at].text):
            return buckets
        names = []
        # As many as the count says: on a text where every line is such a statement and a
        # heading, reading on to the end of the run from each line would be quadratic.
        for line in lines[at + 1 : at + 1 + min(buckets[0].count or 0, MAX_COUNTS_PER_LINE)]:
            node = self.headings.get(line.offset)
            if node is None or node.rank < 3 or not node.heading:
                break
            names.append(node.heading)
        return [replace(buckets[0], examples=tuple(names))]

    def _all_done(self, line: Line, end: int, group: Group) -> None:
        """共25项内容,已全部完成: every item of the total is done."""
        m = _ALL_DONE.match(line.text[end - line.offset : end - line.offset + 40])
        if m and not re.search(r"\d", m.group(0)):
            group.buckets.append(
                Bucket("全部完成", "completed", group.total, end, end + len(m.group(0)))
            )

    def _category(self, bucket: Bucket) -> ReadCategory:
        return ReadCategory(
            status=bucket.phrase,
            canonical_status=bucket.code,
            count=bucket.count,
            percent=bucket.percent,
            examples=bucket.examples,
        )

    def _merge_restatement(
        self, categories: dict[str, ReadCategory], bucket: Bucket, lines: list[Line]
    ) -> None:
        key = bucket.code or bucket.phrase
        category = categories.get(key)
        if category is None:
            categories[key] = self._category(bucket)
            return
        stated, again = category.count, bucket.count
        if stated is not None and again is not None and stated != again:
            self.facts.findings.append(
                _finding(
                    "count-mismatch",
                    Severity.ERROR,
                    bucket.offset,
                    _slice(lines, bucket.offset, bucket.end),
                    f"“{bucket.phrase}”前面写的是{stated}项，这里写的是{again}项。",
                    "核对两处数量，改为一致。",
                )
            )
        if bucket.examples and not category.examples:
            categories[key] = replace(category, examples=bucket.examples)

    def _check_group(self, group: Group, lines: list[Line]) -> None:
        counted = [b for b in group.buckets if b.count is not None]
        parts = sum(b.count or 0 for b in counted)
        if counted and (parts > group.total or (len(counted) >= 2 and parts != group.total)):
            end = max(b.end for b in counted)
            self.facts.findings.append(
                _finding(
                    "count-mismatch",
                    Severity.ERROR,
                    group.offset,
                    _slice(lines, group.offset, end),
                    f"各项之和为{parts}，与总数{group.total}不符。",
                    "核对各状态的数量与总数。",
                )
            )
        for bucket in counted:
            excerpt = _slice(lines, bucket.offset, bucket.end + 16)
            finding = _percent_finding(bucket, group.total, _percent_text(excerpt))
            if finding:
                self.facts.findings.append(replace(finding, excerpt=excerpt.split("%")[0] + "%"))
        done = sum(b.count or 0 for b in counted if b.code == "completed")
        if group.rate and group.total and any(b.code == "completed" for b in counted):
            stated, offset = group.rate
            computed = done * 100 / group.total
            decimals = len(f"{stated:g}".partition(".")[2])
            if rounded(computed, decimals) != stated:
                self.facts.findings.append(
                    _finding(
                        "percent-mismatch",
                        Severity.ERROR if abs(computed - stated) >= 1 else Severity.WARNING,
                        offset,
                        _slice(lines, offset, offset + 3 + len(f"{stated:g}") + 1),
                        f"完成{done}项、共{group.total}项，完成率应为{rounded(computed, 1)}%，"
                        f"通报写的是{stated:g}%。",
                        f"改为{rounded(computed, 1)}%。",
                    )
                )

    def _unknown(self, bucket: Bucket, lines: list[Line]) -> Finding:
        return _finding(
            "unknown-status",
            Severity.WARNING,
            bucket.offset,
            _slice(lines, bucket.offset, bucket.end),
            f"状态用语“{bucket.phrase}”不在同义词表中，无法对应到本系统的状态。",
            "在同义词表中为它指定状态，或在导入时手工归类。",
        )


def _too_many_counts(line: Line) -> Finding:
    return _finding(
        "too-many-counts",
        Severity.WARNING,
        line.offset,
        line.text[:12],
        f"写明的数量超过{MAX_COUNTS}处，或写有数量的段落超过{MAX_COUNT_LINES}段，"
        "从这里起的数量未再读取和核对。",
        "核对是否把多份文件合在了一起；分开后逐份读取。",
    )


def _percent_text(excerpt: str) -> str:
    m = re.search(r"\d{1,3}(?:\.\d+)?%", excerpt)
    return m.group(0) if m else ""


def _slice(lines: list[Line], start: int, end: int) -> str:
    """The text between two offsets of one line (lines are in offset order: bisect)."""
    at = bisect.bisect_right(lines, start, key=lambda line: line.offset) - 1
    if at < 0:
        return ""
    line = lines[at]
    return line.text[max(start - line.offset, 0) : end - line.offset]


# -- highlights and recommendations ---------------------------------------------------


def leaders_of(text: str) -> tuple[LeaderRef, ...]:
    out = []
    for part in split_list(text):
        m = _LEADER.match(part)
        if m:
            out.append(LeaderRef(m.group("name"), m.group("title")))
    return tuple(out)


def units_of(text: str) -> tuple[tuple[str, ...], bool]:
    partial = text.endswith("等单位")
    text = text.removesuffix("等单位").removesuffix("等")
    return tuple(split_list(text)), partial


def highlight_of(node: Node) -> HighlightEntry:
    text = "\n".join(node.text)
    m = _RESPONSIBILITY.match(text)
    leaders: tuple[LeaderRef, ...] = ()
    units: tuple[str, ...] = ()
    partial = False
    if m:
        if m.group("leaders"):
            leaders = leaders_of(m.group("leaders"))
        unit_text = m.group("units") or m.group("only_units")
        if unit_text:
            units, partial = units_of(unit_text)
        if m.group("leaders") and not leaders:
            m = None  # not a responsibility sentence after all
    if m:
        text = text[m.end() :]
    return HighlightEntry(
        number=node.number,
        title=node.heading,
        leaders=leaders,
        units=units,
        units_partial=partial,
        text=text,
    )


def points_of(text: str) -> tuple[str, ...]:
    """一是…二是…: the points in order; a text without them is one point."""
    marks = []
    expected = 1
    for m in _POINT.finditer(text):
        if chinese_to_int(m.group(1)) == expected:
            marks.append(m)
            expected += 1
    if not marks or marks[0].start() != 0:
        return (text,) if text else ()
    bounds = [m.start() for m in marks] + [len(text)]
    return tuple(
        text[m.end() : bounds[i + 1]] for i, m in enumerate(marks) if text[m.end() : bounds[i + 1]]
    )


def recommendation_of(node: Node) -> RecommendationEntry:
    subject = node.heading.removeprefix("关于")
    return RecommendationEntry(
        number=node.number, subject=subject, points=points_of("".join(node.text))
    )


_HIGHLIGHTS = re.compile("亮点|进展较好|成效明显|好的做法")
_INTRO = re.compile(r"^在\d+项(?P<labels>[^,。:]{2,60}?)的工作中有\d+大亮点")


def intro_labels(tree: Tree) -> list[str]:
    """在126项已完成和有序推进的工作中有15大亮点: the statuses the highlights come from."""
    for root in tree.roots:
        if _HIGHLIGHTS.search(root.heading) and root.text:
            m = _INTRO.match(root.text[0])
            if m:
                return split_list(m.group("labels"), "、和")
    return []


def add_unstated(
    categories: list[ReadCategory], labels: list[str], vocabulary: Vocabulary
) -> list[ReadCategory]:
    """Statuses the highlights' intro names but the overview omits had no items: count 0."""
    if not labels or any(vocabulary.code(label) is None for label in labels):
        return categories
    out = list(categories)
    for i, label in enumerate(labels):
        if any(c.status == label for c in out):
            continue
        later = [j for j, c in enumerate(out) if c.status in labels[i + 1 :]]
        at = later[0] if later else len(out)
        out.insert(at, ReadCategory(label, vocabulary.code(label), 0))
    return out


_RECOMMENDATIONS = re.compile("建议|要求|措施|下一步")


def highlights(tree: Tree) -> tuple[HighlightEntry, ...]:
    out: list[HighlightEntry] = []
    for root in tree.roots:
        if _HIGHLIGHTS.search(root.heading):
            out += [highlight_of(child) for child in root.children if child.heading]
    return tuple(out)


def recommendations(tree: Tree) -> tuple[RecommendationEntry, ...]:
    out: list[RecommendationEntry] = []
    for root in tree.roots:
        if not _RECOMMENDATIONS.search(root.heading):
            continue
        if root.children and all(not child.text for child in root.children):
            points = tuple(child.rest for child in root.children if child.rest)
            out.append(RecommendationEntry(root.number, root.heading, points))
        elif root.children:
            out += [recommendation_of(child) for child in root.children if child.heading]
        elif root.text:
            out.append(RecommendationEntry(1, root.heading, points_of("".join(root.text))))
    if not out:
        out += _lead_in_recommendations(tree.preamble)
    return tuple(out)


def _lead_in_recommendations(lines: list[Line]) -> list[RecommendationEntry]:
    """下一步工作要求: followed by paragraphs 一是… 二是… outside any numbered section."""
    for i, line in enumerate(lines[:-1]):
        if not (line.text.endswith(":") and _RECOMMENDATIONS.search(line.text)):
            continue
        # The lead-in is the one whose next paragraph opens with 一是; the body is joined for
        # that one only (joining it for every lead-in would be quadratic on a hostile text).
        opening = _POINT.match(lines[i + 1].text)
        if opening is None or chinese_to_int(opening.group(1)) != 1:
            continue
        body = "".join(
            following.text
            for following in lines[i + 1 :]
            if _POINT.match(following.text) or following is lines[i + 1]
        )
        return [RecommendationEntry(1, line.text.rstrip(":"), points_of(body))]
    return []


def unit_tokens(text: str) -> list[tuple[str, int]]:
    """Unit names written as 市X局/委/办… at a list boundary: conservative, to avoid noise."""
    return [(m.group("unit"), m.start()) for m in UNIT_NAME.finditer(text)]
