"""Checks for the defects of hand-written bulletins. Each check is one function over a line,
run only on the lines its patterns match in one pass over the joined body (`LineCheck`), and
each pattern looks at a bounded stretch of text from where it starts, so a long line costs
one pass.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ducha.bulletins.reader.document import Finding, Severity
from ducha.bulletins.reader.facts import CJK, UNIT_NAME, Depth, unit_tokens
from ducha.bulletins.reader.page import Joined, Line, is_table_row, multiline
from ducha.bulletins.reader.structure import MAX_HEADINGS, Node, Tree
from ducha.bulletins.reader.vocabulary import Vocabulary

# name, day → None when known; else a message saying why not (e.g. the name that replaced it).
UnitCheck = Callable[[str, datetime.date], str | None]

# A number is found by its first digit, then what stands before it is tested: a pattern
# that starts with the test would be tried at every character of the text, not skipped to
# the next digit (three times slower on a megabyte).
_DAY_WITHOUT_MONTH = re.compile(r"(\d(?<![\d月年.\-/:]\d)\d{1,3})日(?!\d)")
_DATE_DIGITS = re.compile(
    r"(?<![\d.\-/A-Za-z_])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d])"
)
_YEAR_MONTH = re.compile(r"(?<![\d.\-/A-Za-z_])((?:19|20)\d{2})(1[0-2]|0?[1-9])月")
_NUMBER_PAREN = re.compile(r"有(\d{1,6})\(")
_DOUBLE = re.compile(rf"([{CJK}])\1")
# Characters that never legitimately repeat: 和和, 的的; 市市/县县/省省 only where a name
# starts (许昌市市区 and 某县县长 are correct).
_NEVER_DOUBLED = set("和的在是与及对把被并由向将")
_ADMIN = set("市县省")
# 市市场监管局, 县县域经济, 市市长: the second character starts a word of its own.
_ADMIN_WORD_STARTS = set("场民政区直委长级容属辖域城内外")
# The lines where `duplicated` can find something: a doubled character it may flag (it then
# looks at what stands around). A plain character class, so the search skips ahead in C.
_DOUBLED = re.compile(rf"([{''.join(sorted(_NEVER_DOUBLED | _ADMIN))}])\1")
# The lines where `dates` can find a day without its month: more than 31, or 3-4 digits.
_DAY_PAST_31 = re.compile(r"\d(?<![\d月年.\-/:]\d)(?:(?<=3)[2-9]|(?<=[4-9])\d|\d{2,3})日(?!\d)")
# Two clauses run together without a mark between them:
# - a clause opener glued to the clause before (…全面铺开截至8月底已拆除…, …部署与此同时…);
# - a time or occasion opening a new clause after an object (…稳控管理在元旦、春节…);
# - 唯一 + a kind of city running into the next subject (…唯一观摩省辖市许继…).
# A connective opens a clause of its own (…部署与此同时…); 截至 opens one after a clause that
# ends in a verb of progress (…全面铺开截至8月底…), but not after a subject (该项目截至目前
# 已完成…), so there it is taken only after such a verb.
_CONNECTIVES = ("与此同时", "此外")
_CLAUSE_VERBS = "铺开|展开|推进|开展|启动|实施|落实|部署|进行|推动|到位|完成|结束"
# Not after these: 在…的同时, 并…, 将于… stand inside one clause.
_BOUND = "的在并而但和也既又且与及将已正要把从对向于为是有"
_RUN_ON = re.compile(
    "|".join(
        rf"{word}(?<=[{CJK}]{{6}}{word})(?<![{_BOUND}]{word})(?=[^。,;:!?\n]{{4}})"
        for word in _CONNECTIVES
    )
    + rf"|(?:{_CLAUSE_VERBS})(?:截至|截止到|截止)(?=\d|目前|今年|年底|上半年|[一二三四]季度)"
    + r"|(?:管理|工作|建设)在(?=元旦|春节|节日|节假日|重大节日|期间)"
    + rf"|唯一[{CJK}]{{0,6}}?(?:省辖市|地级市|城市)(?=[{CJK}])(?![的之和])"
)
# A long stretch without any mark: no sentence of a bulletin runs this far without a comma.
_UNBROKEN = re.compile(rf"(?<![{CJK}A-Za-z0-9.%])[{CJK}A-Za-z0-9.%]{{72}}")
_MEASURE_SLIP = re.compile(r"\d(?<![\d.]\d)\d{0,5}各")
_OPENERS = "(《〔“"
_CLOSERS = {")": "(", "》": "《", "〕": "〔", "”": "“"}
_BRACKET = re.compile("[(《〔“)》〕”]")
# A decimal amount with a bare 元 on a line that counts in 亿元 or 万元 (93.3元 for 93.3亿元).
_BARE_YUAN = re.compile(r"\d(?<![\d.]\d)\d*\.\d+元(?![/每])")
_BIG_YUAN = re.compile(r"[亿万]元")
# 从计划进度看。: an opening phrase closed with a full stop instead of a comma.
_OPENING_STOP = re.compile(r"(?:^|(?<=[。;:,]))从[^。,;:\n]{1,12}(?:看|来看)。")
# The lines it can be on, found from the literal 从 (its anchor would be tried everywhere).
_OPENING_STOP_LINES = re.compile(r"从[^。,;:\n]{1,12}(?:看|来看)。")
# 牵3/头: characters from a page number or a layout mark inside a word.
_STRAY = re.compile(rf"\d(?<=[{CJK}]\d)\d{{0,2}}/(?=[{CJK}])")
_TITLE_SHAPE = re.compile(
    r"^[^。,;!?]{4,80}(?:通报|情况|报告|通知|汇报|公告|意见|方案|纪要)(?:\([^()]{0,30}\)|〔[^〕]{0,30}〕)?$"
)
# An example list: 分别是/即/如… then items up to 等 at the end of a clause. It is found from
# its 等 backwards, within a bounded window: a pattern that started at every 即 or 如 and
# ran forward to a 等 would go over the same text again for each of them.
_LIST_END = re.compile(r"等(?=[。;]|$)")
_INTRODUCERS = ("分别是", "分别为", "即", "主要是", "包括", "如")
_INTRODUCER = re.compile("|".join(_INTRODUCERS))
_LIST_WINDOW = 300
_END = tuple("。!?;:…”」』")
_ATTACHMENT = re.compile(r"^附件|\.(?:docx?|xlsx?|pdf|wps|zip)$")
_SIGNATURE = re.compile(rf"(?<=。)\s+[{CJK}]{{2,12}}$")


# No real paragraph has more defects of one kind than this, and no real bulletin more than
# MAX_PER_CHECK for one check: the caps keep a hostile input (a megabyte on one line, or
# the same defect on every one of 300,000 lines) from producing as many findings.
MAX_PER_LINE = 50
MAX_PER_CHECK = 200
# Lines one check reads at most; the whole of a 1 MB bulletin collection is well within it.
MAX_LINES_PER_CHECK = 20_000


def capped(matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    return itertools.islice(matches, MAX_PER_LINE)


def _f(
    code: str, severity: str, line: Line, start: int, end: int, message: str, hint: str
) -> Finding:
    return Finding(code, severity, line.text[start:end], line.offset + start, message, hint)


def _day_split(digits: str) -> tuple[int, int] | None:
    for cut in range(1, len(digits)):
        month, day = int(digits[:cut]), int(digits[cut:])
        if 1 <= month <= 12 and 1 <= day <= 31 and not digits[cut:].startswith("0"):
            return month, day
    return None


def dates(line: Line) -> list[Finding]:
    out: list[Finding] = []
    for m in capped(_DAY_WITHOUT_MONTH.finditer(line.text)):
        digits = m.group(1)
        split = _day_split(digits)
        if int(digits) > 31 and split:
            month, day = split
            out.append(
                _f("date-missing-month", Severity.ERROR, line, m.start(), m.end(),
                   f"“{digits}日”不是有效日期，疑似漏写“月”。", f"改为“{month}月{day}日”。")
            )  # fmt: skip
    for m in capped(_DATE_DIGITS.finditer(line.text)):
        year, mm, dd = m.groups()
        out.append(
            _f("date-malformed", Severity.ERROR, line, m.start(), m.end(),
               f"日期“{m.group(0)}”写成了一串数字。", f"改为“{year}年{int(mm)}月{int(dd)}日”。")
        )  # fmt: skip
    for m in capped(_YEAR_MONTH.finditer(line.text)):
        year, mm = m.groups()
        out.append(
            _f("date-malformed", Severity.ERROR, line, m.start(), m.end(),
               f"“{m.group(0)}”漏写了“年”。", f"改为“{year}年{int(mm)}月”。")
        )  # fmt: skip
    return out


@functools.lru_cache(maxsize=8)
def _bare_number(alternation: str) -> re.Pattern[str]:
    return re.compile(rf"(\d(?<![\d.\-/:%年月日第]\d)\d{{0,5}})(?=(?:{alternation}))")


def measure_words(line: Line, vocabulary: Vocabulary) -> list[Finding]:
    out: list[Finding] = []
    for m in capped(_bare_number(vocabulary.alternation).finditer(line.text)):
        out.append(
            _f("missing-measure-word", Severity.WARNING, line, m.start(), m.end() + 3,
               f"数字“{m.group(1)}”后缺少量词。", f"改为“{m.group(1)}项”。")
        )  # fmt: skip
    for m in capped(_NUMBER_PAREN.finditer(line.text)):
        out.append(
            _f("missing-measure-word", Severity.WARNING, line, m.start(), m.end(),
               f"“有{m.group(1)}”后缺少量词。", f"改为“有{m.group(1)}项(”或“有{m.group(1)}个(”。")
        )  # fmt: skip
    return out


def duplicated(line: Line) -> list[Finding]:
    out = []
    text = line.text
    for m in capped(_DOUBLE.finditer(text)):
        ch = m.group(1)
        before = text[m.start() - 1] if m.start() else ""
        at_name_start = not before or not ("\u4e00" <= before <= "\u9fff") or before in "由和与及"
        after = text[m.end() : m.end() + 1]
        if after and text[m.end() + 1 : m.end() + 2] == after:
            continue  # AABB reduplication is a word: 的的确确, 和和美美, 踏踏实实
        admin = ch in _ADMIN and at_name_start and after not in _ADMIN_WORD_STARTS
        if ch in _NEVER_DOUBLED or admin:
            out.append(
                _f("duplicated-char", Severity.WARNING, line, m.start(), m.end() + 3,
                   f"“{ch}{ch}”重复了一个字。", f"删去一个“{ch}”。")
            )  # fmt: skip
    return out


def punctuation(
    line: Line, *, last: bool, title: str, heading_only: bool, in_head: bool = False
) -> list[Finding]:
    """A paragraph ends with its mark. Titles (the bulletin's own, and title-shaped lines
    above its first sentence, as saved pages repeat them) and table rows are not sentences."""
    text = _SIGNATURE.sub("", line.text)
    if text == title or _ATTACHMENT.search(text) or text.endswith(_END):
        return []
    if is_table_row(text) or (in_head and not last and _TITLE_SHAPE.match(text)):
        return []
    start = max(0, len(text) - 12)
    if last:
        # A bulletin never ends on a heading or mid-sentence: the copy stops early.
        return [
            _f("truncated", Severity.WARNING, line, start, len(text),
               "正文在句中结束，可能是不完整的副本。", "核对原件，补全正文。")
        ]  # fmt: skip
    if heading_only or len(text) <= 12:
        return []
    return [
        _f("missing-punctuation", Severity.WARNING, line, start, len(text),
           "段落末尾缺少句号。", "在段末加“。”。")
    ]  # fmt: skip


def run_ons(line: Line) -> list[Finding]:
    found = [
        _f("missing-punctuation", Severity.WARNING, line, max(0, m.start() - 4), m.end() + 4,
           "两个分句之间缺少标点。", "在分句之间加“，”。")
        for m in capped(_RUN_ON.finditer(line.text))
    ]  # fmt: skip
    if found:
        return found
    depth: Depth | None = None
    for m in capped(_UNBROKEN.finditer(line.text)):
        depth = depth or Depth(line.text)
        if depth.at(m.start()) == 0:
            found.append(
                _f("missing-punctuation", Severity.WARNING, line, m.start(), m.end(),
                   "这一句很长却没有任何标点，疑似漏了标点。", "按语意在分句之间加“，”。")
            )  # fmt: skip
            break  # one a paragraph is enough to go and read it
    return found


# The lines where a number may be slipped (28各, 93.3元, 牵3/头): one pass finds them all.
_NUMBER_SLIP = re.compile(rf"\d[\d.]*(?:各|元|/(?=[{CJK}]))")


def number_slips(line: Line) -> list[Finding]:
    return measure_slips(line) + amounts(line) + strays(line)


def measure_slips(line: Line) -> list[Finding]:
    """28各总投资: 各 written for 个 after a number."""
    return [
        _f("wrong-measure-word", Severity.WARNING, line, m.start(), m.end(),
           f"“{m.group(0)}”中的“各”应为量词“个”。", f"改为“{m.group(0)[:-1]}个”。")
        for m in capped(_MEASURE_SLIP.finditer(line.text))
    ]  # fmt: skip


def brackets(line: Line) -> list[Finding]:
    """An opening bracket, book-title mark or quote its paragraph never closes."""
    stack: list[re.Match[str]] = []
    out: list[Finding] = []
    for m in itertools.islice(_BRACKET.finditer(line.text), 2000):
        mark = m.group()
        if mark in _OPENERS:
            stack.append(m)
            continue
        opener = _CLOSERS[mark]
        while stack and stack[-1].group() != opener and len(out) < MAX_PER_LINE:
            unclosed = stack.pop()
            out.append(_unclosed(line, unclosed, m.start()))
        if stack:
            stack.pop()
    out += [_unclosed(line, m, len(line.text)) for m in stack[:MAX_PER_LINE]]
    return out


# An opening mark with no closing one in the rest of its line (within a bounded stretch, so
# a long line costs one pass): the lines worth checking mark by mark.
_UNCLOSED = re.compile(
    r"\((?![^\n]{0,300}?\))|《(?![^\n]{0,300}?》)|〔(?![^\n]{0,300}?〕)|“(?![^\n]{0,300}?”)"
)


def unclosed(body: Joined) -> list[Finding]:
    return _run(brackets, body.indices(_UNCLOSED), body.lines)


def _unclosed(line: Line, opener: re.Match[str], until: int) -> Finding:
    mark = opener.group()
    closer = next(c for c, o in _CLOSERS.items() if o == mark)
    end = max(min(until, opener.start() + 30), opener.end())
    message = f"“{mark}”没有对应的“{closer}”。"
    hint = f"补上“{closer}”，或删去多余的“{mark}”。"
    return _f("bracket-unclosed", Severity.WARNING, line, opener.start(), end, message, hint)


def amounts(line: Line) -> list[Finding]:
    """93.3元 among amounts in 亿元: the 亿 (or 万) was dropped."""
    if len(_BIG_YUAN.findall(line.text[:20_000])) < 2:
        return []
    return [
        _f("amount-unit", Severity.WARNING, line, m.start(), m.end(),
           f"“{m.group(0)}”与同段其他金额的单位（亿元、万元）不一致，疑似漏写“亿”或“万”。",
           "核对金额单位。")
        for m in capped(_BARE_YUAN.finditer(line.text))
    ]  # fmt: skip


def opening_stops(line: Line) -> list[Finding]:
    return [
        _f("wrong-punctuation", Severity.WARNING, line, m.start(), m.end(),
           f"“{m.group(0)[:-1]}”是句首的引语，后面应用逗号而不是句号。",
           f"改为“{m.group(0)[:-1]},”。")
        for m in capped(_OPENING_STOP.finditer(line.text))
    ]  # fmt: skip


def strays(line: Line) -> list[Finding]:
    return [
        _f("stray-characters", Severity.WARNING, line, max(0, m.start() - 1), m.end() + 1,
           f"词语中间夹着“{m.group(0)}”，疑似页码或排版残留。", f"删去“{m.group(0)}”。")
        for m in capped(_STRAY.finditer(line.text))
    ]  # fmt: skip


# A paragraph that stops without its mark and goes on in the next one: —18日,… after 11月14日.
_BROKEN = re.compile(r"^[^\n]{1,40}[^\s。!?;:…”)\]】\n]\n(?=[—\-~,、;:])", re.MULTILINE)


def broken_paragraphs(body: Joined) -> list[Finding]:
    out = []
    for at, _m in itertools.islice(body.matches(_BROKEN), MAX_PER_CHECK):
        line = body.lines[at]
        out.append(
            _f("broken-paragraph", Severity.WARNING, line, 0, len(line.text),
               "段落在句中断开，下一段接着这一句。", "把两段合为一段。")
        )  # fmt: skip
    return out


def list_start(text: str, end: int) -> int | None:
    """Where the example list that ends at `end` (just after its 等) starts: after the first
    分别是/即/如… of its clause (and its colon), the clause holding no 。;、 or other colon."""
    window = max(end - _LIST_WINDOW, 0)
    start = max(max(text.rfind(mark, window, end) for mark in "。;、") + 1, window)
    colon = text.rfind(":", start, end)
    if colon >= 0:
        if text[start:colon].endswith(_INTRODUCERS):
            return colon + 1
        start = colon + 1
    introducer = _INTRODUCER.search(text, start, end)
    return introducer.end() if introducer else None


def separators(line: Line) -> list[Finding]:
    out = []
    for m in capped(_LIST_END.finditer(line.text)):
        start = list_start(line.text, m.end())
        if start is not None and "," in line.text[start : m.end()]:
            out.append(
                _f("separator", Severity.WARNING, line, start, m.end(),
                   "列举的事项之间用了逗号，应使用顿号。", "把事项之间的“，”改为“、”。")
            )  # fmt: skip
    return out


def numbering(tree: Tree) -> list[Finding]:
    """Markers of one rank under one parent share one style and count up one by one."""
    out: list[Finding] = []

    def siblings(nodes: list[Node]) -> None:
        by_rank: dict[int, list[Node]] = {}
        for node in nodes:
            by_rank.setdefault(node.rank, []).append(node)
        for group in by_rank.values():
            styles = Counter(node.marker[-1] for node in group)
            common = styles.most_common(1)[0][0]
            previous = 0
            for node in group:
                line = node.line
                width = len(node.marker) + 4
                if node.marker[-1] != common and len(group) > 2:
                    out.append(
                        _f("numbering-inconsistent", Severity.WARNING, line, 0, width,
                           f"编号“{node.marker}”与同级的“{group[0].marker[:-1]}{common}”格式不一致。",
                           f"改为“{node.number}{common}”。")
                    )  # fmt: skip
                elif previous and node.number != previous + 1:
                    out.append(
                        _f("numbering-inconsistent", Severity.WARNING, line, 0, width,
                           f"编号“{node.marker}”不接续上一个编号{previous}。",
                           f"改为{previous + 1}，或补上缺少的部分。")
                    )  # fmt: skip
                previous = node.number
        for node in nodes:
            siblings(node.children)

    siblings(tree.roots)
    if len(out) > MAX_PER_CHECK:
        return [*out[:MAX_PER_CHECK], _too_many(out[MAX_PER_CHECK])]
    return out


def units(line: Line, check: UnitCheck, day: datetime.date) -> list[Finding]:
    out = []
    for name, start in unit_tokens(line.text):
        lookup = re.sub(r"^([市县区])\1", r"\1", name)
        problem = check(lookup, day)
        if problem:
            out.append(
                _f("unknown-unit", Severity.WARNING, line, start, start + len(name), problem,
                   "核对单位名称，或在单位名录中补充该名称或别名。")
            )  # fmt: skip
    return out


# Lines that may lack their final mark: longer than a heading, not ending in one.
_UNENDED = re.compile(rf"^[^\n]{{13,}}(?<![{re.escape(''.join(_END))}])$", re.MULTILINE)


@dataclass(frozen=True)
class LineCheck:
    """A check of one line, with patterns one of which matches every line it finds something on
    (a property test holds each check to this)."""

    check: Callable[[Line], list[Finding]]
    patterns: tuple[re.Pattern[str], ...]

    def candidates(self, body: Joined) -> Iterator[int]:
        return body.indices(*(multiline(pattern) for pattern in self.patterns))


def line_checks(
    tree: Tree,
    body: Joined,
    vocabulary: Vocabulary,
    *,
    title: str,
    unit_check: UnitCheck | None = None,
    day: datetime.date | None = None,
) -> list[LineCheck]:
    heading_only = {node.line.offset for node in tree.headings if not node.run_in}
    last = body.lines[-1] if body.lines else None
    # The head: the lines above the first that ends a sentence.
    head_end = next((line.offset for line in body.lines if line.text.endswith(_END)), 0)

    def ending(line: Line) -> list[Finding]:
        only = line.offset in heading_only
        return punctuation(
            line, last=line is last, title=title, heading_only=only, in_head=line.offset < head_end
        )

    checks = [
        LineCheck(dates, (_DAY_PAST_31, _DATE_DIGITS, _YEAR_MONTH)),
        LineCheck(
            functools.partial(measure_words, vocabulary=vocabulary),
            (_bare_number(vocabulary.alternation), _NUMBER_PAREN),
        ),
        LineCheck(duplicated, (_DOUBLED,)),
        LineCheck(run_ons, (_RUN_ON, _UNBROKEN)),
        LineCheck(number_slips, (_NUMBER_SLIP,)),
        LineCheck(opening_stops, (_OPENING_STOP_LINES,)),
        LineCheck(separators, (_LIST_END,)),
        LineCheck(ending, (_UNENDED,)),
    ]
    if unit_check is not None and day is not None:
        # A name is looked up once per reading, however often the text repeats it.
        check = functools.partial(units, check=functools.cache(unit_check), day=day)
        checks.append(LineCheck(check, (UNIT_NAME,)))
    return checks


def lint(
    tree: Tree,
    body: Joined,
    vocabulary: Vocabulary,
    *,
    title: str,
    unit_check: UnitCheck | None = None,
    day: datetime.date | None = None,
) -> list[Finding]:
    """Every check, each on the lines where its own patterns match (one pass over the body)."""
    checks = line_checks(tree, body, vocabulary, title=title, unit_check=unit_check, day=day)
    findings = numbering(tree) + _overflow(tree) + broken_paragraphs(body) + unclosed(body)
    lines = body.lines
    last = len(lines) - 1
    for check in checks:
        # The last line is checked outside the cap: a cut-off copy is always said.
        candidates = (at for at in check.candidates(body) if at != last)
        findings += _run(check.check, candidates, lines)
    if lines:
        findings += [found for check in checks for found in check.check(lines[last])]
    return findings


def _run(
    check: Callable[[Line], list[Finding]], candidates: Iterator[int], lines: list[Line]
) -> list[Finding]:
    """A check's findings, up to MAX_PER_CHECK; past that one finding says the rest is unread."""
    found: list[Finding] = []
    for seen, at in enumerate(candidates):
        if seen == MAX_LINES_PER_CHECK:
            found.append(
                _f("too-many-lines", Severity.WARNING, lines[at], 0, 12,
                   f"这项检查已逐行查过{MAX_LINES_PER_CHECK}段，此后的正文未再检查。",
                   "核对是否把多份文件合在了一起；分开后逐份检查。")
            )  # fmt: skip
            break
        found += check(lines[at])
        if len(found) > MAX_PER_CHECK:
            return [*found[:MAX_PER_CHECK], _too_many(found[MAX_PER_CHECK])]
    return found


def _too_many(first_unlisted: Finding) -> Finding:
    return replace(
        first_unlisted,
        code="too-many-findings",
        severity=Severity.WARNING,
        message=f"同类问题已列出{MAX_PER_CHECK}处，从这里起未再逐一列出。",
        suggestion="先改正已列出的问题，再重新检查。",
    )


def _overflow(tree: Tree) -> list[Finding]:
    if tree.overflow is None:
        return []
    return [
        _f("too-many-headings", Severity.WARNING, tree.overflow, 0, 12,
           f"编号标题超过{MAX_HEADINGS}个，从这里起的编号行按正文读取。",
           "核对是否把多份文件合在了一起；分开后逐份读取。")
    ]  # fmt: skip
