"""The grammar of count statements, in one place: quantities, status phrases with what
modifies them, percentages, totals and what a clause is. Each pattern is named and written
with re.VERBOSE; what a phrase means is decided in `meaning`.

A statement is read clause by clause (see counts.py): a quantity (47项, 十五件, 18个项目) and
a status phrase (已完成, 均按照时间节点稳步推进, 未能有效推进) anywhere in one clause are
bound to each other by proximity.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import cn2an

from ducha.bulletins.reader.vocabulary import Vocabulary

CJK = "\u4e00-\u9fff"
CN_DIGITS = "零一二两三四五六七八九十百千"
CN_DIGITS_CLASS = f"[{CN_DIGITS}]"
# What is counted in items: 项 and 件 (matters), 个 (projects, targets), 条 (measures).
MEASURE = "项件个条"

# A quantity of items. It starts with the digit (or numeral), so a search skips ahead in C;
# what stands before it is tested after. 个 followed by 百分点, 月… counts something else.
QUANTITY = re.compile(
    rf"""
    (?P<n> \d(?<![\d.\-/:第]\d)\d{{0,5}}              # digits, not the tail of a number or 第3
         | [{CN_DIGITS}](?<![{CN_DIGITS}第每初]{CN_DIGITS_CLASS})[{CN_DIGITS}]{{0,4}} )
    (?P<m> [{MEASURE}] | 各 )                         # 28各: a slip for 个, still a count
    (?! 百分点 | 月 | 工作日 | 小时 | 季度 | 批次 | 亿 | 万 | 多月 | 星期 | 方面 )
    """,
    re.VERBOSE,
)

# Nouns counted with 个 that are not items: units, places, people, time.
NOT_ITEMS_AFTER = re.compile(
    r"(?:县区|县\(市、区\)|市\(县、区\)|乡镇|乡\(镇\)|镇|街道|社区|村|部门|单位|企业|人|户|家"
    r"|省辖市|地市|市州|城市|区县|片区|督查组|工作组|组|方面|环节|百分点|领域|渠道|方式)"
)
NOT_ITEMS_BEFORE = re.compile(
    r"(?:单位|部门|乡镇|街道|社区|企业|县区|督查组|示范点|平台|基地)(?:为|达|有|共)?$"
)

PERCENT = re.compile(r"(?P<pct>\d{1,3}(?:\.\d{1,2})?)%")
# 占比20%, 占总任务的7.7%, 占开工在建项目数的67.6%: a share introduced by 占.
SHARE = re.compile(
    rf"""
    占 (?:比 | 总任务的 | 总数的 | 全部的 | [{CJK}]{{0,10}}?的 )?
    (?:为)? \s* (?P<pct>\d{{1,3}}(?:\.\d{{1,2}})?)%
    """,
    re.VERBOSE,
)
# 完成率95%, 办结率为82%: the share of the total that is done.
DONE_RATE = re.compile(r"(?:完成|办结|销号)率(?:为|达|达到)?(?P<pct>\d{1,3}(?:\.\d{1,2})?)%")
# An amount of money or a physical quantity; a share after it is of the amount.
AMOUNT = re.compile(r"\d(?:[\d.]*)(?:亿|万|千)?(?:元|美元|平方米|公里|千米|亩|吨|千瓦|万人)")

# Words that make a quantity the size of a group: 共579项, 总计62个, 明确145项, 兴办12件.
TOTAL_BEFORE = re.compile(
    r"(?:共|总计|合计|共计|累计|全部|总数|总量|明确|确定|细化为|分解为|涉及|列入本次督查通报的"
    r"|纳入本次督查的|兴办|承诺办理|实施|部署|议定|交办)[^\d,。;:()]{0,10}$"
)
# 131项工作中, 303个区重点项目中, 70项量化指标中: the quantity heads the clause's group.
GROUP_AFTER = re.compile(rf"[{CJK}《》“”()\d、]{{0,16}}?中(?![心国央小学型])")

# 35项重点事项, 172个在建重点项目, 25个具体项目: a count that names what it counts.
NAMED_GROUP = re.compile(
    rf"[{CJK}]{{0,6}}?(?:重点|主要|具体|年度)?(?:事项|目标任务|任务|工作(?!日)|内容|实事|项目|指标)"
    r"(?=[,。;:、(中]|$|整体|总体|共|完成|均|全部|推进|进展)"
)
# Words that open a list of the items a status has (亮黄灯的事项主要是:甲、乙等).
LIST_WORDS = re.compile("主要是|分别是|分别为|主要有|具体是|包括")
# Where an example list starts: 分别是 甲、乙…; in a bracket after a count it is a list too.
INTRODUCER = re.compile(r"(?:分别是|分别为|主要是|主要有|具体是|包括|即|为|如)\s*:?")
# 其余39项, 其他项目: the rest of a group.
REST = re.compile(r"^(?:其余|其他|其它|剩余|另有|另)")
# Clauses end at these; sentences at 。!? (a ; joins the parallel parts of one sentence).
CLAUSE_END = "。;!?,:"

# What the items are called: 已办结督办事项41项, 已完成子项目7个.
ITEM_NOUN = "(?:事项|项目|任务|工作|指标|内容|实事)"
# Modifiers of a status phrase. Adverbs change nothing (均已完成 = 已完成); a negation, an
# expectation or a hedge changes its meaning (see `meaning`).
ADVERBS = [
    "均已",
    "全部已",
    "已全部",
    "均已经",
    "都已",
    "已经",
    "均",
    "都",
    "全部",
    "全都",
    "已",
    "正在",
    "正",
    "仍然",
    "仍",
    "尚",
    "目前",
    "现已",
    "在",
    "也",
    "还",
    "已基本",
    "总体",
    "整体",
    "一直",
]
MANNERS = [
    "加紧",
    "抓紧",
    "提前",
    "超额",
    "按期",
    "按时",
    "如期",
    "全面",
    "顺利",
    "有序",
    "稳步",
    "逐步",
    "积极",
    "加快",
    "正常",
    "扎实",
    "超",
    "按",
]
NEGATIONS = ["未能", "尚未", "仍未", "还未", "没有", "未", "不能", "不", "没", "无法", "难以"]
EXPECTATIONS = ["能够", "能", "可以", "可", "有望", "预计", "将"]
HEDGES = ["基本上", "基本", "大体"]
# A completion of a milestone is being on schedule, not being done: 完成了节点任务.
MILESTONE = re.compile(r"节点|阶段|序时|月度|季度|时序")


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# The modifiers stand within this many characters before the core phrase.
_MODIFIERS = 16
_MODIFIER_FIRSTS = frozenset(w[0] for w in [*ADVERBS, *NEGATIONS, *EXPECTATIONS, *HEDGES, *MANNERS])
MAX_CORES = 2000


@dataclass(frozen=True)
class StatusGrammar:
    """The status phrase of a vocabulary, with the words that modify it.

    Found from its core phrase: a search for the phrases skips ahead in C, and only where one
    is found is the whole pattern, modifiers included, tried (a pattern that opens with
    optional modifiers would be tried at every character of a megabyte)."""

    vocabulary: Vocabulary

    @cached_property
    def cores(self) -> re.Pattern[str]:
        return re.compile(self.vocabulary.alternation)

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The status phrases of text[start:end]; at most MAX_CORES core phrases are looked
        at (no real paragraph has a hundred), so a hostile line costs one bounded pass."""
        end = len(text) if end is None else min(end, len(text))
        done = start
        for core in itertools.islice(self.cores.finditer(text, start, end), MAX_CORES):
            if core.start() < done:
                continue
            # A phrase starts at its core or at a modifier's first character before it.
            starts = [
                at
                for at in range(max(done, core.start() - _MODIFIERS), core.start())
                if text[at] in _MODIFIER_FIRSTS
            ]
            for at in [*starts, core.start()]:
                m = self.pattern.match(text, at)
                if m is not None and m.start("core") == core.start() and m.end() <= end:
                    yield m
                    done = m.end()
                    break

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, start, end), None)

    @cached_property
    def source(self) -> str:
        """The phrase without what may follow it (for patterns that add their own)."""
        return rf"""
            (?P<status>                # the modifiers are lazy: 已完成 is read whole, not 已+完成
              (?P<adverb> (?:{_alternation(ADVERBS)}){{1,3}} )??
              (?P<negation> {_alternation(NEGATIONS)} )??         # 未能按期完成
              (?P<expectation> {_alternation(EXPECTATIONS)} )??   # 预计能够按期完成
              (?P<hedge> {_alternation(HEDGES)} )??               # 基本按期完成
              (?P<manner> (?:(?:{_alternation(MANNERS)})(?:或|和|、)?){{1,3}} )??
              (?P<core> {self.vocabulary.alternation} )
              (?P<object> 了? (?:全年|年度|阶段性?|节点|序时|月度|季度|时序|计划|预期)?
                          (?:目标)? (?:任务)? (?:进度)? (?:要求)? )
            )"""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        # What may follow: a clause's end, 等, 的, 中, 有, or the count (已完成550项).
        return re.compile(
            self.source
            + rf"""
            (?= [,。;、:()!?\s] | $ | 等 | 的 | 中 | 有 | 了 | 和 | 及 | 与 | 或
              | (?:{self.vocabulary.alternation})
              | \d{{1,6}}[{MEASURE}各] | [{CN_DIGITS}]{{1,5}}[{MEASURE}]
              | [{CJK}]{{0,6}}?{ITEM_NOUN} (?:共有|共|有|为)?
                (?:\d|[{CN_DIGITS}]{{1,5}}[{MEASURE}]) )
            """,
            re.VERBOSE,
        )


@dataclass(frozen=True)
class Meaning:
    code: str | None  # None: the four statuses do not decide it
    why: str = ""  # why not, for the note


def meaning(match: re.Match[str], vocabulary: Vocabulary) -> Meaning:
    """What a status phrase means, from its core phrase and what modifies it.

    - a negation of being on schedule is lagging (未能有效推进 → needs_effort);
    - a negation of anything else says what is not so, not what is (未完成, 难以完成);
    - an expected completion is being on schedule (预计能够完成 → on_track);
    - a completion of a milestone is being on schedule (完成了节点任务 → on_track);
    - a hedged completion is not a completion (基本完成), a hedged schedule still is.
    """
    code = vocabulary.code(match.group("core"))
    if code is None:
        return Meaning(None, "不在同义词表中")
    completed, on_track = vocabulary.completed_code, vocabulary.on_track_code
    lagging = vocabulary.lagging_code
    if match.group("negation"):
        if code == on_track and lagging:
            return Meaning(lagging)
        return Meaning(None, f"“{match.group('negation')}”否定了“{match.group('core')}”")
    if code == completed:
        if match.group("hedge"):
            return Meaning(None, f"“{match.group('hedge')}完成”不等于已完成")
        if match.group("expectation") or MILESTONE.search(match.group("object")):
            return Meaning(on_track or code)
    return Meaning(code)


def number_value(text: str) -> int | None:
    """47 → 47, 十五 → 15, 两 → 2; None when the numeral is not one (百二)."""
    if text.isdigit():
        return int(text)
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if value == int(value) else None


def counts_items(text: str, start: int, end: int) -> bool:
    """The quantity at text[start:end] counts items, not units, places or people."""
    if NOT_ITEMS_AFTER.match(text, end):
        return False
    return NOT_ITEMS_BEFORE.search(text[max(0, start - 8) : start]) is None
