"""Counts of a bulletin: the total, the count of each status, their shares and examples.

Read clause by clause, in named steps (`CountReader.read`):

1. `statement_lines`: the lines where a count, a named list or a table can be;
2. `LineReader.read`: each line's clauses. Quantities and status phrases in one clause are
   bound by proximity into buckets; a quantity bound to none is the size of a group
   (共62个, 70项量化指标中, 建设工程23个), a part of one (其中建设工程23个、…), a count
   whose phrase the statuses do not decide, or unassigned — never dropped;
3. `_attach`: counts on a line of their own go to the group stated just before them;
4. `_roll_up`: sub-groups into the group their sizes make up;
5. `_choose`: the bulletin's total — the group its buckets add up to, else the stated total
   with the most counts, else the stated total — and why;
6. `_categories`: the chosen counts summed per status (each phrase kept), restatements
   checked, lists without a count added;
7. `_check`: counts against their group, every share against its count and total, rates;
8. `_notes`: phrases the statuses do not decide, and quantities bound to nothing.

Stated facts only: a count not written stays None.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace

from ducha.bulletins.reader import grammar
from ducha.bulletins.reader.clauses import (
    MAX_COUNTS_PER_LINE,
    Bucket,
    Group,
    LineReader,
    LineResult,
    status_phrase,
)
from ducha.bulletins.reader.document import Finding, ReadCategory, ReadGroup, Severity
from ducha.bulletins.reader.facts import example_list, item_name, points_of, split_list
from ducha.bulletins.reader.page import Joined, Line, is_table_row, multiline, table_cells
from ducha.bulletins.reader.structure import Node, Tree
from ducha.bulletins.reader.vocabulary import Vocabulary
from ducha.lib.cn import percent_value

# A bulletin states a few dozen counts; a hostile input is not read past these many (and the
# reader says where it stopped).
MAX_COUNTS = 2000
MAX_COUNT_LINES = 5_000
MAX_NOTES = 50
_LISTED = re.compile(r"(?:分别为|分别是|如下):$")
_WINDOW = 600  # how far a list is looked for around its status: linear overall
_TABLE_ROWS = re.compile(r"\|[^|\n]*\|", re.MULTILINE)
_SIZE_CELL = re.compile(r"(?:任务|事项|项目|工作|指标)?(?:总数|数量|个数|项数|数)$|^合计$|^总计$")
_SUM_CELL = re.compile(r"^(?:合\s*计|总\s*计|全(?:市|县|区)(?:合计)?)$")


@dataclass
class Facts:
    total: int | None = None
    total_reason: str = ""
    candidates: tuple[int, ...] = ()
    categories: list[ReadCategory] = field(default_factory=list)
    groups: list[ReadGroup] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _finding(
    code: str, severity: str, offset: int, excerpt: str, message: str, hint: str
) -> Finding:
    return Finding(code, severity, excerpt, offset, message, hint)


# -- lists without a count ---------------------------------------------------------------


class NamedLists:
    """Items named for a status without a count: A、B、C等项目进度相对缓慢 (and the clauses
    beside it in the same sentence: D已通过验收;E、F等项目有序推进), and 滞后项目:一是A…."""

    def __init__(self, vocabulary: Vocabulary, status: grammar.StatusGrammar) -> None:
        self.vocabulary = vocabulary
        source = status.source
        self.etc = re.compile(
            rf"等(?:项目|工作|事项|任务)?(?:前期工作)?(?:进度)?(?:相对)?{source}", re.VERBOSE
        )
        self.lead_in = re.compile(rf"^{source}(?:项目|事项)?:", re.VERBOSE)
        # The lines it can be on: a phrase with a colon after it, found from the phrases
        # themselves (a pattern anchored at every line's start is tried at every character).
        self.lead_in_lines = re.compile(rf"(?:{vocabulary.alternation})[^\n:]{{0,20}}:")
        self.status = status

    def buckets(self, line: Line, index: int) -> list[Bucket]:
        return self._etc(line, index) + self._points(line, index)

    def _etc(self, line: Line, index: int) -> list[Bucket]:
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
            examples = tuple(e for e in example_list(raw)[0] if not re.search(r"\d", e))
            if examples:
                out.append(self._named(m, line, index, start, examples))
        if out:
            out += self._siblings(line, index, out)
        return sorted(out, key=lambda b: b.offset)

    def _siblings(self, line: Line, index: int, found: list[Bucket]) -> list[Bucket]:
        """D已通过验收;E、F等项目已提前完成: one item named before a status, in a sentence
        whose other clauses name lists."""
        text = line.text
        out = []
        for start in sorted({b.sentence - line.offset for b in found})[:MAX_COUNTS_PER_LINE]:
            end = text.find("。", start, start + _WINDOW)
            sentence = text[start : end if end >= 0 else start + _WINDOW]
            for m in re.finditer(r"[^;:]+", sentence):
                clause = m.group(0)
                if "等" in clause or re.search(r"\d", clause):
                    continue
                status = self.status.search(clause)
                if status is None or status.end() != len(clause) or status.start() == 0:
                    continue
                name = clause[: status.start()]
                if 2 <= len(name) <= 30 and "," not in name:
                    at = start + m.start()
                    out.append(self._named(status, line, index, at, (name,), shift=at))
        return out

    def _named(
        self,
        m: re.Match[str],
        line: Line,
        index: int,
        start: int,
        examples: tuple[str, ...],
        shift: int = 0,
    ) -> Bucket:
        meaning = grammar.meaning(m, self.vocabulary)
        window = max(0, start - _WINDOW)
        sentence = max(line.text.rfind("。", window, start) + 1, window)
        return Bucket(status_phrase(m), meaning.code, None, line.offset + start,
                      line.offset + shift + m.end(), index, line.offset + sentence,
                      examples=examples, why=meaning.why)  # fmt: skip

    def _points(self, line: Line, index: int) -> list[Bucket]:
        """滞后项目:一是A(第三项)…;二是B…: a status whose items are listed as points."""
        m = self.lead_in.match(line.text)
        if not m:
            return []
        names = []
        for point in points_of(line.text[m.end() :]):
            named = re.match(r"^(.{1,60}?\(第[^()]{1,6}项\))", point)
            names.append(named.group(1) if named else split_list(point, ",;。")[0])
        names = [name for name in names if item_name(name)]
        if len(names) < 2:
            return []
        return [self._named(m, line, index, 0, tuple(names))]


# -- the bulletin's counts -----------------------------------------------------------------


class CountReader:
    """Totals and buckets across the body, in the steps the module docstring names."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.lines = LineReader(vocabulary)
        self.named = NamedLists(vocabulary, self.lines.status)
        self.facts = Facts()
        self.headings: dict[int, Node] = {}  # by the offset of their line
        # 1存在突出问题, 有3(…)需要加大力度: a number without its measure word.
        firsts = re.escape("".join(sorted({phrase[0] for phrase in vocabulary.phrases})))
        bare = re.compile(rf"\d(?:\(|(?=[{firsts}]))")
        self.triggers = tuple(
            multiline(p)
            for p in (
                grammar.QUANTITY,
                bare,
                self.named.etc,
                self.named.lead_in_lines,
                grammar.DONE_RATE,
                grammar.LIST_WORDS,
            )
        )

    def read(self, body: Joined, tree: Tree) -> Facts:
        self.headings = {node.line.offset: node for node in tree.headings}
        results = self._read_lines(body)
        groups = [g for _, r in results for g in r.groups] + self._tables(body)
        groups.sort(key=lambda g: g.offset)
        loose = self._attach(results)
        self._roll_up(groups)
        chosen = self._choose(groups)
        named = [b for _, r in results for b in r.named]
        self.facts.categories = self._categories(chosen, loose, named, body.lines)
        self.facts.groups = [_read_group(g) for g in groups if g.all_buckets()]
        self._check(groups, chosen, results, body.lines)
        self._notes(groups, loose, results, chosen, body.lines)
        return self.facts

    # 1. and 2.
    def _read_lines(self, body: Joined) -> list[tuple[int, LineResult]]:
        results = []
        stated = 0
        for seen, at in enumerate(body.indices(*self.triggers)):
            line = body.lines[at]
            if stated >= MAX_COUNTS or seen == MAX_COUNT_LINES:
                self.facts.findings.append(_too_many_counts(line))
                break
            result = self.lines.read(line, at)
            result.named = self.named.buckets(line, at)
            self._listed(result, body.lines, at)
            stated += result.stated + len(result.named)
            results.append((at, result))
        return results

    def _listed(self, result: LineResult, lines: list[Line], at: int) -> None:
        """17项未达序时的目标任务分别为: followed by numbered paragraphs naming them."""
        buckets = [b for g in result.groups for b in g.buckets] + result.loose
        if len(buckets) != 1 or buckets[0].examples or not _LISTED.search(lines[at].text):
            return
        bucket = buckets[0]
        names = []
        # As many as the count says: reading on to the end of the run from every such line
        # would be quadratic on a text of such lines.
        for line in lines[at + 1 : at + 1 + min(bucket.count or 0, MAX_COUNTS_PER_LINE)]:
            node = self.headings.get(line.offset)
            if node is None or node.rank < 3 or not node.heading:
                break
            if item_name(node.heading):
                names.append(node.heading)
        bucket.examples = tuple(names)

    def _tables(self, body: Joined) -> list[Group]:
        """A table with a column per status and a 合计 row: its counts as a group."""
        groups = []
        rows = [at for at in body.indices(_TABLE_ROWS) if is_table_row(body.lines[at].text)]
        for _, block in itertools.groupby(enumerate(rows), key=lambda pair: pair[1] - pair[0]):
            lines = [body.lines[at] for _, at in block]
            group = self._table(lines)
            if group is not None:
                groups.append(group)
        return groups[:MAX_COUNTS_PER_LINE]

    def _table(self, rows: list[Line]) -> Group | None:
        header = table_cells(rows[0].text)
        statuses = {}
        size_column = None
        for i, cell in enumerate(header):
            m = self.lines.status.pattern.match(cell + "。")
            if m is not None and m.end() == len(cell):
                statuses[i] = m
            elif size_column is None and _SIZE_CELL.match(cell):
                size_column = i
        total = next((r for r in rows[1:] if _SUM_CELL.match(table_cells(r.text)[0])), None)
        if total is None or not statuses:
            return None
        cells = table_cells(total.text)
        values = {i: int(c) for i, c in enumerate(cells) if c.isdigit() and len(c) <= 6}
        size = values.get(size_column) if size_column is not None else None
        group = Group(size, "合计", total.offset, total.offset + len(total.text),
                      line=-1, sentence=total.offset, keyword=True)  # fmt: skip
        for i, m in statuses.items():
            if i in values:
                meaning = grammar.meaning(m, self.vocabulary)
                group.buckets.append(
                    Bucket(status_phrase(m), meaning.code, values[i], total.offset,
                           total.offset + len(total.text), -1, total.offset, why=meaning.why)
                )  # fmt: skip
        return group

    # 3.
    @staticmethod
    def _attach(results: list[tuple[int, LineResult]]) -> list[Bucket]:
        """Counts in no group of their line go to the group that the paragraph before stated
        and gave no counts (共40项。 / 截至目前,已完成14项…); else they stay loose."""
        loose: list[Bucket] = []
        previous: tuple[int, Group] | None = None
        for at, result in results:
            if result.loose and previous is not None and previous[0] == at - 1:
                group = previous[1]
                if not group.buckets and group.keyword:
                    group.buckets += result.loose
                    result.loose = []
            loose += result.loose
            if result.groups:
                previous = (at, result.groups[-1])
        return loose

    # 4.
    @staticmethod
    def _roll_up(groups: list[Group]) -> None:
        """A group whose parts add up to its size takes the counts of the groups that are
        those parts (by name, else by size), or of the headers naming them (产业项目中)."""
        for i, group in enumerate(groups):
            if not group.parts_fit():
                continue
            wanted = list(group.parts)
            for later in groups[i + 1 :]:
                if later.sub or not later.buckets or later.parts_fit():
                    continue
                match = _part_of(later, wanted)
                if match is not None:
                    wanted.remove(match)
                    group.sub.append(later)

    # 5.
    def _choose(self, groups: list[Group]) -> Group | None:
        facts = self.facts
        facts.candidates = tuple(dict.fromkeys(g.size for g in groups if g.size and g.keyword))
        for group in groups:
            if _fits(group) and (len(group.counted()) >= 2 or _all_of(group)):
                facts.total, facts.total_reason = group.size, "各状态数量相加等于这个总数"
                return group
        with_counts = [g for g in groups if g.counted() and g.size]
        if with_counts:
            best = max(with_counts, key=lambda g: (g.keyword, len(g.counted()), -g.offset))
            facts.total = best.size
            facts.total_reason = "写明数量的各状态所属的总数（各状态数量相加不等于它）"
            return best
        stated = [g for g in groups if g.size and (g.keyword or g.parts_fit() or g.named)]
        if stated:
            facts.total, facts.total_reason = stated[0].size, "通报写明的总数（未写各状态数量）"
            return stated[0]
        return None

    # 6.
    def _categories(
        self, chosen: Group | None, loose: list[Bucket], named: list[Bucket], lines: list[Line]
    ) -> list[ReadCategory]:
        merged: dict[str, list[Bucket]] = {}
        for bucket in chosen.all_buckets() if chosen is not None else []:
            merged.setdefault(_key(bucket), []).append(bucket)
        for bucket in loose:
            key = _key(bucket)
            if key not in merged:
                merged[key] = [bucket]
            elif chosen is not None:
                self._restatement(merged[key], bucket, lines)
            elif any((b.phrase, b.count) == (bucket.phrase, bucket.count) for b in merged[key]):
                self._restatement(merged[key], bucket, lines)  # said again, with no total
            else:
                merged[key].append(bucket)
        for bucket in named:
            merged.setdefault(_key(bucket), []).append(bucket)
        order = sorted(merged.values(), key=lambda bs: min(b.offset for b in bs))
        return [_category(buckets) for buckets in order]

    def _restatement(self, buckets: list[Bucket], again: Bucket, lines: list[Line]) -> None:
        """47项已完成。分别是:… restates a count: the same number, with its examples."""
        stated = sum(b.count or 0 for b in buckets if not b.within)
        counted = any(b.count is not None for b in buckets)
        if again.count is not None and counted and again.count != stated and again.tight:
            self.facts.findings.append(
                _finding("count-mismatch", Severity.ERROR, again.offset,
                         _slice(lines, again.offset, again.end),
                         f"“{again.phrase}”前面写的是{stated}项，这里写的是{again.count}项。",
                         "核对两处数量，改为一致。")
            )  # fmt: skip
        if again.examples and not any(b.examples for b in buckets):
            buckets.append(replace(again, count=None))

    # 7.
    def _check(
        self,
        groups: list[Group],
        chosen: Group | None,
        results: list[tuple[int, LineResult]],
        lines: list[Line],
    ) -> None:
        for group in groups:
            self._check_sum(group, lines)
            self._check_rate(group, lines)
        quantities = {at: r.sizes for at, r in results}
        for group in groups:
            for bucket in group.all_buckets():
                self._check_share(bucket, group, chosen, groups, quantities, lines)
        for _, result in results:
            for bucket in result.loose:
                self._check_share(bucket, None, chosen, groups, quantities, lines)

    def _check_sum(self, group: Group, lines: list[Line]) -> None:
        """Counts stated together with their total, two or more of a known status in one
        sentence, must add up to it (unless a part is restated within)."""
        if group.size is None or _fits(group):
            return
        counted = group.counted()
        own = [b for b in group.buckets if b.count is not None and not b.within and b.code]
        # The counts stated with it: in the first sentence that gives the group counts (its
        # own, or the next: 共决定事项73项。经督查,已落实61项,…).
        first = min((b.sentence for b in own), default=None)
        if any(b.count is None and b.sentence == first for b in group.buckets):
            return  # a status named without its count: the sum cannot be checked
        claims = [b for b in own if b.sentence == first]
        known = sum(b.count or 0 for b in counted if b.code)
        # Two statuses at least: 2个综合指标和…15个具体事项推进未达序时 is one statement.
        if len({b.code for b in claims}) < 2 and known <= group.size:
            return
        parts = sum(b.count or 0 for b in counted)
        end = max(b.end for b in counted)
        self.facts.findings.append(
            _finding("count-mismatch", Severity.ERROR, group.offset,
                     _slice(lines, group.offset, end),
                     f"各项之和为{parts}，与总数{group.size}不符。", "核对各状态的数量与总数。")
        )  # fmt: skip

    def _check_rate(self, group: Group, lines: list[Line]) -> None:
        done = [b for b in group.counted() if b.code == self.vocabulary.completed_code]
        if group.rate is None or not group.size or not done:
            return
        stated, start, end = group.rate
        count = sum(b.count or 0 for b in done)
        places = len(f"{stated:g}".partition(".")[2])
        computed = percent_value(count, group.size, places=places)
        if float(computed) == stated:
            return
        shown = percent_value(count, group.size, places=max(places, 1))
        self.facts.findings.append(
            _finding("percent-mismatch", _severity(count, group.size, stated), start,
                     _slice(lines, start, end),
                     f"完成{count}项、共{group.size}项，完成率应为{shown}%，通报写的是{stated:g}%。",
                     f"改为{shown}%。")
        )  # fmt: skip

    def _check_share(
        self,
        bucket: Bucket,
        group: Group | None,
        chosen: Group | None,
        groups: list[Group],
        quantities: dict[int, list[int]],
        lines: list[Line],
    ) -> None:
        """A share is right when its count over some total it can be of (its group, the
        bulletin's, a group named in its sentence, a count before it in its paragraph)
        rounds to it; otherwise it is checked against its own group."""
        if bucket.percent is None or bucket.count is None or bucket.share is None:
            return
        stated = bucket.percent
        written = _slice(lines, bucket.share[0], bucket.share[1])
        places = len(written.rstrip("%").partition(".")[2])
        bases = {s for s in (group.size if group else None, chosen.size if chosen else None) if s}
        bases |= set(_named_sizes(bucket, lines, groups)) | set(quantities.get(bucket.line, []))
        bases.discard(0)
        if not bases or any(
            float(percent_value(bucket.count, base, places=places)) == stated
            for base in bases
            if base >= bucket.count
        ):
            return
        base = (group.size if group and group.size else None) or (chosen.size if chosen else None)
        if base is None or base < bucket.count:
            return
        shown = percent_value(bucket.count, base, places=max(places, 1))
        self.facts.findings.append(
            _finding("percent-mismatch", _severity(bucket.count, base, stated), bucket.share[0],
                     written,
                     f"{bucket.phrase}{bucket.count}项占{base}项的{shown}%，通报写的是{stated:g}%。",
                     f"改为{shown}%，或核对数量。")
        )  # fmt: skip

    # 8.
    def _notes(
        self,
        groups: list[Group],
        loose: list[Bucket],
        results: list[tuple[int, LineResult]],
        chosen: Group | None,
        lines: list[Line],
    ) -> None:
        unknown = [b for g in groups for b in g.all_buckets() if b.code is None] + [
            b for b in loose if b.code is None
        ]
        seen: set[int] = set()
        notes: list[Finding] = []
        for bucket in sorted(unknown, key=lambda b: b.offset):
            if bucket.offset in seen:
                continue
            seen.add(bucket.offset)
            start = bucket.clause or bucket.offset
            notes.append(
                _finding("unknown-status", Severity.NOTE, start,
                         _slice(lines, start, bucket.end),
                         f"“{bucket.phrase}”{bucket.why}，无法对应到本系统的状态，未计入任何状态。",
                         "在同义词表中为它指定状态，或在导入时手工归类。")
            )  # fmt: skip
        summary = {b.line for g in groups for b in g.all_buckets()} | {b.line for b in loose}
        summary |= {g.line for g in groups if g.keyword or g.named or g.parts_fit()}
        for at, result in results:
            if at not in summary:
                continue
            for item in result.unassigned:
                notes.append(
                    _finding("unassigned-count", Severity.NOTE, item.offset,
                             _slice(lines, item.offset, item.end),
                             f"“{item.clause}”中的{item.count}未对应到任何状态或总数。",
                             "核对这个数量属于哪一类；需要时在同义词表中补充状态用语。")
                )  # fmt: skip
        self.facts.findings += notes[:MAX_NOTES]


def _key(bucket: Bucket) -> str:
    return bucket.code or bucket.phrase


def _category(buckets: list[Bucket]) -> ReadCategory:
    """Buckets of one status: counts added (restated parts left out), phrases kept."""
    main = [b for b in buckets if not b.within]
    counted = [b for b in main if b.count is not None]
    shown = counted or main or buckets
    phrases = tuple(dict.fromkeys(b.phrase for b in shown))
    examples = tuple(dict.fromkeys(e for b in buckets for e in b.examples))
    within = not main
    count = sum(b.count or 0 for b in counted) if counted else None
    if within:
        count = next((b.count for b in buckets if b.count is not None), None)
    percents = [b.percent for b in counted if b.percent is not None]
    return ReadCategory(
        status="、".join(phrases),
        canonical_status=buckets[0].code,
        count=count,
        percent=percents[0] if len(counted) == 1 and percents else None,
        examples=examples,
        phrases=tuple((b.phrase, b.count) for b in shown if b.count is not None),
        within=within,
    )


def _read_group(group: Group) -> ReadGroup:
    by_status: dict[str, list[Bucket]] = {}
    for bucket in group.all_buckets():
        by_status.setdefault(_key(bucket), []).append(bucket)
    return ReadGroup(
        size=group.size,
        name=group.name,
        categories=tuple(_category(bs) for bs in by_status.values()),
    )


def _fits(group: Group) -> bool:
    """Its counts add up to its size; one restated part (6 of the 70 completed early) is
    marked as within the others."""
    if not group.size:
        return False
    counted = group.counted()
    if not counted:
        return False
    total = sum(b.count or 0 for b in counted)
    if total == group.size:
        return True
    for bucket in reversed(counted):
        if total - (bucket.count or 0) == group.size and len(counted) > 2:
            bucket.within = True
            return True
    return False


def _all_of(group: Group) -> bool:
    return any(b.all_of_group for b in group.all_buckets())


def _part_of(group: Group, parts: list[tuple[str, int]]) -> tuple[str, int] | None:
    for name, size in parts:
        if group.name and name and (group.name in name or name in group.name):
            return name, size
    for name, size in parts:
        if group.size == size:
            return name, size
    return None


def _named_sizes(bucket: Bucket, lines: list[Line], groups: list[Group]) -> list[int]:
    """The sizes a share can be of: those of the groups named before its count in its
    sentence, alone or together (建设工程和产业项目有20个… → 23 + 14)."""
    before = _slice(lines, bucket.sentence, bucket.offset)
    named = [g.size for g in groups if g.size and len(g.name) >= 2 and g.name in before]
    return named + ([sum(named)] if len(named) > 1 else [])


def _severity(count: int, total: int, stated: float) -> str:
    return Severity.ERROR if abs(count * 100 / total - stated) >= 1 else Severity.WARNING


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


def _slice(lines: list[Line], start: int, end: int) -> str:
    """The text between two offsets of one line (lines are in offset order: bisect)."""
    at = bisect.bisect_right(lines, start, key=lambda line: line.offset) - 1
    if at < 0:
        return ""
    line = lines[at]
    return line.text[max(start - line.offset, 0) : end - line.offset]
