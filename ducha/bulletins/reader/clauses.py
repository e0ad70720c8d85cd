"""One line's count statements, read clause by clause (the second step of counts.py).

A quantity (47项, 十五件, 18个项目) and a status phrase (已完成, 均按照时间节点稳步推进,
未能有效推进) in one clause are bound by proximity into a bucket. A quantity bound to none
is the size of a group (共62个, 70项量化指标中, 建设工程23个), a part of one (其中建设工程
23个、…), a count whose phrase the statuses do not decide (其它类9个), or unassigned — never
dropped. Shares (占比20%) go to the count just before them; rates (完成率95%) to the group.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace

from ducha.bulletins.reader import grammar
from ducha.bulletins.reader.facts import Depth, example_list, item_name, split_list
from ducha.bulletins.reader.page import Line
from ducha.bulletins.reader.vocabulary import Vocabulary

# A paragraph states a handful of counts, and a bulletin a few dozen; a hostile input is not
# read past these many (and the reader says where it stopped).
MAX_COUNTS_PER_LINE = 200
# Text after a count looked at for its examples: linear overall.
_WINDOW = 600
_EXAMPLES_AFTER = re.compile(
    r"^(?:\((?P<paren>[^()]{1,200})\))?(?:,?\s*占[^\d,。;]{0,12}?\d{1,3}(?:\.\d+)?%)?"
    r"(?:的?(?:目标任务|任务|项目|事项|工作)?中?)?"
    r"[。,;]?\s*(?:分别是|分别为|即|如|主要是|主要有|包括|为)\s*:?\s*(?P<list>[^。;]{0,500})"
)
_ALL = re.compile(r"均|全部|全都|都|一律")
_HEADER = re.compile(rf"^(?P<name>[{grammar.CJK}]{{2,16}}?)中$")
_QUOTED = re.compile(r"^“(?P<name>[^“”]{2,60})”(?:项目|工程|事项|工作)?$")
_NAME = re.compile(rf"[{grammar.CJK}]{{2,12}}$")
_ADVERB_PREFIX = re.compile(r"^(?:均|都|全部|全都|也|还|目前|总体|整体|一直|在|已经)")
_CN = f"[{grammar.CN_DIGITS}]"
_COUNTED = re.compile(rf"\d|{_CN}[{grammar.MEASURE}]")


@dataclass
class Bucket:
    """A count (or a list of items) the text gives one status phrase."""

    phrase: str
    code: str | None
    count: int | None
    offset: int  # normalised offset of the statement
    end: int
    line: int = 0
    sentence: int = 0  # normalised offset where its sentence starts
    percent: float | None = None
    share: tuple[int, int] | None = None  # where the percentage is written
    examples: tuple[str, ...] = ()
    within: bool = False  # a part of the other counts restated (6 of them completed early)
    why: str = ""  # why the status is not known
    all_of_group: bool = False  # 均已完成: the whole group
    tight: bool = False  # 47项已完成: count and phrase side by side, as a restatement is
    clause: int = 0  # normalised offset where its clause starts (for the note's excerpt)


@dataclass
class Group:
    """Items counted together: 共579项, 70项量化指标中, 建设工程23个, 产业项目中."""

    size: int | None
    name: str
    offset: int
    end: int
    line: int
    sentence: int
    keyword: bool  # stated as a total: 共, 总计, 明确…, or …中
    named: bool = False  # names what it counts: 35项重点事项, 172个在建重点项目
    buckets: list[Bucket] = field(default_factory=list)
    parts: list[tuple[str, int]] = field(default_factory=list)  # 其中A 23个、B 14个
    rate: tuple[float, int, int] | None = None  # 完成率: value, start, end
    sub: list[Group] = field(default_factory=list)  # rolled up from its parts
    parts_closed: bool = False  # a count of its own came after its 其中 list

    def all_buckets(self) -> list[Bucket]:
        return self.buckets + [b for group in self.sub for b in group.buckets]

    def counted(self) -> list[Bucket]:
        return [b for b in self.all_buckets() if b.count is not None and not b.within]

    def parts_fit(self) -> bool:
        if not self.size or not self.parts:
            return False
        return _partitions(self.parts, self.size)


@dataclass
class Unassigned:
    count: int
    offset: int
    end: int
    clause: str
    sentence: int
    group: Group | None


@dataclass
class LineResult:
    groups: list[Group] = field(default_factory=list)
    loose: list[Bucket] = field(default_factory=list)  # in no group
    named: list[Bucket] = field(default_factory=list)  # lists without a count
    unassigned: list[Unassigned] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # counts of no status, for shares
    stated: int = 0


@dataclass(frozen=True)
class Token:
    kind: str  # quantity, status, share, rate, amount
    start: int
    end: int
    value: float = 0.0
    match: re.Match[str] | None = None


class Clauses:
    """Where the sentences and clauses of a line end, outside brackets."""

    def __init__(self, text: str, depth: Depth, limit: int | None = None) -> None:
        """`limit`: nothing past it is read (a megabyte-long line is read as far as its
        first counts and their lists), so a clause ends there."""
        self.text = text
        limit = len(text) if limit is None else min(limit, len(text))
        self.ends = [
            m.start()
            for m in re.finditer(f"[{re.escape(grammar.CLAUSE_END)}]", text[:limit])
            if depth.at(m.start()) == 0
        ]
        if limit < len(text):
            self.ends.append(limit)
        self.sentence_ends = [at for at in self.ends if text[at] in "。!?"]

    def clause(self, position: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.ends, position)
        start = self.ends[i - 1] + 1 if i else 0
        return start, self.ends[i] if i < len(self.ends) else len(self.text)

    def sentence(self, position: int) -> int:
        i = bisect.bisect_left(self.sentence_ends, position)
        return self.sentence_ends[i - 1] + 1 if i else 0


@dataclass
class _State:
    """What one line's reading carries from clause to clause."""

    line: Line
    index: int
    clauses: Clauses
    result: LineResult
    current: Group | None = None
    pending: list[Bucket] = field(default_factory=list)  # before any group of the line
    sentences_with_buckets: set[int] = field(default_factory=set)
    unbound: list[tuple[Token, str, int, Group | None]] = field(default_factory=list)
    last_sentence: int = 0  # where the last sentence with something counted starts


class LineReader:
    """One line's count statements, clause by clause."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.status = grammar.StatusGrammar(vocabulary)

    # -- tokens -----------------------------------------------------------------------
    def tokens(self, text: str, depth: Depth) -> list[Token]:
        found: list[Token] = []
        cap = MAX_COUNTS_PER_LINE
        for m in itertools.islice(self.status.finditer(text), cap):
            if depth.at(m.start()) == 0:
                found.append(Token("status", m.start("status"), m.end("status"), match=m))
        taken: set[int] = set()
        for m in itertools.islice(grammar.QUANTITY.finditer(text), cap):
            value = grammar.number_value(m.group("n"))
            inside = depth.at(m.start()) > 0
            if value is None or inside or not grammar.counts_items(text, m.start(), m.end()):
                continue
            found.append(Token("quantity", m.start(), m.end(), value, m))
            taken.add(m.end("n"))
        found += self._bare(text, [t.start for t in found if t.kind == "status"], taken)
        for kind, pattern in (("share", grammar.SHARE), ("rate", grammar.DONE_RATE)):
            for m in itertools.islice(pattern.finditer(text), cap):
                if depth.at(m.start()) == 0:
                    found.append(Token(kind, m.start(), m.end(), float(m.group("pct")), m))
        for m in itertools.islice(grammar.AMOUNT.finditer(text), cap):
            found.append(Token("amount", m.start(), m.end()))
        return sorted(found, key=lambda t: t.start)

    @staticmethod
    def _bare(text: str, status_starts: list[int], taken: set[int]) -> list[Token]:
        """1存在突出问题, 有3(…)需要加大力度: a number that lost its measure word."""
        out = []
        for start in status_starts:
            if start == 0 or not (text[start - 1].isdigit() or text[start - 1] == ")"):
                continue
            before = text[max(0, start - 210) : start]
            m = re.search(r"(?<![\d.\-/:%第])(\d{1,6})(?:\([^()]{1,200}\))?$", before)
            if m is None:
                continue
            begin = start - len(before) + m.start(1)
            if begin + len(m.group(1)) not in taken:
                out.append(Token("quantity", begin, begin + len(m.group(1)), int(m.group(1))))
        return out

    # -- one line ---------------------------------------------------------------------
    def read(self, line: Line, index: int) -> LineResult:
        text = line.text
        depth = Depth(text)
        found = self.tokens(text, depth)
        clauses = Clauses(text, depth, max((t.end for t in found), default=0) + _WINDOW)
        state = _State(line, index, clauses, LineResult())
        regions = self._example_regions(clauses)
        starts = [start for start, _ in regions]
        # Counted however many are names in a list: what bounds a hostile line's cost.
        state.result.stated += len(found)
        tokens = [
            t
            for t in found
            if t.kind not in ("quantity", "status") or not _inside(t.start, regions, starts)
        ]
        for span, clause_tokens in itertools.groupby(tokens, key=lambda t: clauses.clause(t.start)):
            listed = list(clause_tokens)
            self._clause(state, span, listed)
        self._resolve_unbound(state)
        state.result.loose += state.pending
        result = state.result
        result.sizes = [g.size for g in result.groups if g.size] + [
            u.count for u in result.unassigned
        ]
        return result

    @staticmethod
    def _example_regions(clauses: Clauses) -> list[tuple[int, int]]:
        """Where lists of examples are (为新建安置区5个、…): counts there are names, not
        counts. A clause opening with 分别为/为/即… after a count in its sentence starts one,
        and so does a sentence opening with 分别是 (47项已完成。分别是:…); it runs to the
        end of its sentence."""
        text = clauses.text
        regions: list[tuple[int, int]] = []
        sentence = 0
        counted_in_line = counted_in_sentence = False
        previous = 0
        for start in [0, *(end + 1 for end in clauses.ends)]:
            if start >= len(text):
                break
            # Whether a count stands before this clause: each stretch is searched once.
            counted = _COUNTED.search(text, previous, start) is not None
            previous = start
            if start == 0 or text[start - 1] in "。!?":
                sentence = start
                counted_in_line = counted_in_line or counted_in_sentence or counted
                counted_in_sentence = False
            else:
                counted_in_sentence = counted_in_sentence or counted
            if regions and start < regions[-1][1]:
                continue
            if grammar.INTRODUCER.match(text, start) is None:
                continue
            opens = (
                counted_in_sentence
                if start > sentence
                else (counted_in_line and grammar.LIST_WORDS.match(text, start) is not None)
            )
            if opens:
                i = bisect.bisect_left(clauses.sentence_ends, start)
                ends = clauses.sentence_ends
                regions.append((start, ends[i] if i < len(ends) else len(text)))
        return regions

    def _clause(self, state: _State, span: tuple[int, int], tokens: list[Token]) -> None:
        line, clauses = state.line, state.clauses
        sentence = clauses.sentence(span[0])
        current = state.current
        if current is not None and current.buckets and self._gap(state, sentence):
            # A sentence without counts (从形象进度看。) ends a group that has its counts.
            state.current = None
        state.last_sentence = sentence
        quantities = [t for t in tokens if t.kind == "quantity"]
        statuses = self._uncoordinated([t for t in tokens if t.kind == "status"], line.text)
        bound = self._bind(quantities, statuses, line.text)
        buckets = [self._bucket(state, q, s) for q, s in bound]
        if statuses and not quantities:
            alone = self._status_alone(state, span, statuses[0])
            buckets += [alone] if alone is not None else []
        used = {id(q) for q, _ in bound}
        self._sizes(state, span, [q for q in quantities if id(q) not in used], buckets)
        for bucket in buckets:
            self._place(state, bucket, span)
        for token in tokens:
            if token.kind == "share":
                self._share(state, token, tokens)
            elif token.kind == "rate" and state.current is not None:
                state.current.rate = (token.value, line.offset + token.start,
                                      line.offset + token.end)  # fmt: skip

    @staticmethod
    def _gap(state: _State, sentence: int) -> bool:
        """A sentence with nothing counted stands between this one and the last counted."""
        if sentence == state.last_sentence or sentence == 0:
            return False
        return state.clauses.sentence(sentence - 1) != state.last_sentence

    def _place(self, state: _State, bucket: Bucket, span: tuple[int, int]) -> None:
        """A count goes to the group it follows; one with 均/全部 and its count first is a
        group of its own (12个项目均按照时间节点顺利推进)."""
        state.sentences_with_buckets.add(bucket.sentence)
        if bucket.code is not None:
            for group in state.result.groups:
                group.parts_closed = group.parts_closed or bool(group.parts)
        current = state.current
        text = state.line.text
        clause = text[span[0] : span[1]]
        all_marked = (
            bucket.count is not None
            and _ALL.search(clause) is not None
            and not grammar.REST.match(clause.strip())
            and re.match(rf"^[^\d{grammar.CN_DIGITS}]{{0,12}}[\d{grammar.CN_DIGITS}]", clause)
        )
        if all_marked and current is None:
            group = Group(bucket.count, "", bucket.offset, bucket.end, state.index,
                          bucket.sentence, keyword=False)  # fmt: skip
            bucket.all_of_group = True
            group.buckets.append(bucket)
            state.result.groups.append(group)
            state.current = group
        elif current is not None:
            current.buckets.append(bucket)
        else:
            state.pending.append(bucket)

    def _uncoordinated(self, statuses: list[Token], text: str) -> list[Token]:
        """在126项已完成和有序推进的工作中: statuses joined by 和 name the items of several
        statuses together, a restatement of their counts, not a count of either; the same
        status twice (已完成和提前完成) is that status; two written as one phrase
        (滞后序时推进) are one status."""
        out = list(statuses)
        for first, second in itertools.pairwise(statuses):
            codes = [self._code(first), self._code(second)]
            gap = text[first.end : second.start]
            if gap == "":
                # 滞后序时推进: one phrase; what is behind or wrong says it, not the schedule.
                good = {self.vocabulary.completed_code, self.vocabulary.on_track_code}
                drop = second if codes[1] in good and codes[0] not in good else first
                if drop in out:
                    out.remove(drop)
                continue
            if not re.fullmatch(r"和|及|与|或|、|以及", gap):
                continue
            for token in (first, second) if codes[0] != codes[1] else (first,):
                if token in out:
                    out.remove(token)
        return out

    def _code(self, status: Token) -> str | None:
        assert status.match is not None
        return grammar.meaning(status.match, self.vocabulary).code

    def _bind(
        self, quantities: list[Token], statuses: list[Token], text: str
    ) -> list[tuple[Token, Token]]:
        """Quantities and status phrases of one clause, paired nearest first."""
        if not quantities or not statuses:
            return []
        if len(statuses) == 1:
            status = statuses[0]
            if _coordinated(quantities, text):
                return [(q, status) for q in quantities]
            return [(min(quantities, key=lambda q: _distance(q, status)), status)]
        pairs: list[tuple[Token, Token]] = []
        waiting: Token | None = None
        for token in sorted(quantities + statuses, key=lambda t: t.start):
            if waiting is not None and waiting.kind != token.kind:
                pairs.append((waiting, token) if waiting.kind == "quantity" else (token, waiting))
                waiting = None
            else:
                waiting = token
        return pairs

    def _bucket(self, state: _State, quantity: Token, status: Token) -> Bucket:
        assert status.match is not None
        line = state.line
        meaning = grammar.meaning(status.match, self.vocabulary)
        start, end = min(quantity.start, status.start), max(quantity.end, status.end)
        between = line.text[min(quantity.end, status.end) : max(quantity.start, status.start)]
        return Bucket(
            phrase=status_phrase(status.match),
            code=meaning.code,
            count=int(quantity.value),
            offset=line.offset + start,
            end=line.offset + end,
            line=state.index,
            sentence=line.offset + state.clauses.sentence(start),
            examples=_examples_after(line.text, end)
            or _examples_before(line.text, start)
            or _bracketed(between),
            why=meaning.why,
            tight=len(between) <= 1,
            clause=line.offset + state.clauses.clause(start)[0],
        )

    def _status_alone(self, state: _State, span: tuple[int, int], status: Token) -> Bucket | None:
        """A status without a number: all of the group (已全部完成), the rest of it (其他项目
        正按序时推进), or one named item (“提高…标准”项目已完成全年任务)."""
        assert status.match is not None
        line = state.line
        before = line.text[span[0] : status.start].strip()
        meaning = grammar.meaning(status.match, self.vocabulary)
        bucket = Bucket(
            status_phrase(status.match),
            meaning.code,
            None,
            line.offset + status.start,
            line.offset + status.end,
            state.index,
            line.offset + state.clauses.sentence(span[0]),
            why=meaning.why,
        )
        quoted = _QUOTED.match(before)
        current = state.current
        if grammar.REST.match(before):
            return bucket
        if quoted:
            return replace(bucket, examples=(quoted.group("name"),))
        listing = grammar.LIST_WORDS.search(line.text, status.end, status.end + 12)
        listed = _examples_after(line.text, status.end) if listing else ()
        if listed:  # 亮黄灯的事项主要是:甲、乙等
            return replace(bucket, examples=listed)
        all_marked = _ALL.search(status.match.group("status")) is not None
        if all_marked and current is not None and current.size and len(before) <= 12:
            return replace(bucket, count=current.size, all_of_group=True)
        return None

    def _share(self, state: _State, token: Token, tokens: list[Token]) -> None:
        """占比20%: the share of the count just before it, unless an amount or another count
        stands between (占年度投资计划的99% is a share of money)."""
        current = state.current
        candidates = (current.buckets if current is not None else []) + state.pending
        line = state.line
        before = [
            b for b in candidates if b.end - line.offset <= token.start and b.line == state.index
        ]
        if not before:
            return
        bucket = max(before, key=lambda b: b.end)
        gap_start = bucket.end - line.offset
        if any(t.kind in ("amount", "quantity") and gap_start <= t.start < token.start
               for t in tokens):  # fmt: skip
            return
        if bucket.percent is None:
            bucket.percent = token.value
            bucket.share = (line.offset + token.start, line.offset + token.end)

    def _sizes(
        self, state: _State, span: tuple[int, int], unbound: list[Token], buckets: list[Bucket]
    ) -> None:
        """Quantities bound to no status: sizes of groups, parts of one, or for later."""
        line, text = state.line, state.line.text
        clause = text[span[0] : span[1]].strip()
        header = _HEADER.match(clause)
        if header and not unbound and not buckets:
            self._open(state, None, header.group("name"), span[0], span[1], keyword=True)
            return
        for quantity in unbound:
            prefix = text[span[0] : quantity.start]
            value = int(quantity.value)
            after_names = prefix.endswith("等")  # 甲、乙等15个项目: a count of the names
            keyword = grammar.TOTAL_BEFORE.search(prefix) is not None
            heads = grammar.GROUP_AFTER.match(text, quantity.end) is not None
            owner = self._parts_owner(state, quantity)
            if owner is not None and not after_names:
                owner.parts.append((_name_before(prefix) or _name_after(text, quantity.end), value))
                if heads:  # 35个争取开工项目中,…: a part whose own counts follow
                    self._open(state, value, _name_after(text, quantity.end), quantity.start,
                               quantity.end, keyword=False)  # fmt: skip
                continue
            sentence = line.offset + state.clauses.sentence(quantity.start)
            opens = not after_names and (
                self._breakdown(state, span, quantity)
                or (not buckets and self._opens_segment(state, quantity, prefix))
            )
            if keyword or heads or opens:
                name = _name_after(text, quantity.end) or _name_before(prefix)
                group = self._open(state, value, name, quantity.start, quantity.end,
                                   keyword=keyword or heads)  # fmt: skip
                group.named = grammar.NAMED_GROUP.match(text, quantity.end) is not None
                if keyword:
                    self._adopt(state, group)
                continue
            state.unbound.append((quantity, clause, sentence, state.current))

    @staticmethod
    def _breakdown(state: _State, span: tuple[int, int], quantity: Token) -> bool:
        """15项重点民生工程25个具体项目: a second size in the clause of the first, finer."""
        current = state.current
        if current is None or current.buckets or current.line != state.index:
            return False
        start = current.offset - state.line.offset
        copula = re.search(r"(?:为|有|是|达)$", state.line.text[: quantity.start])
        return span[0] <= start < quantity.start and copula is None

    def _opens_segment(self, state: _State, quantity: Token, prefix: str) -> bool:
        """建设工程23个,达到…18个: the first count of its part of a sentence (up to ; or 。),
        not stated as something there is (有20个处于前期工作), is the size of what follows
        when a status follows it there, or when it names what it counts (35项重点事项)."""
        text = state.line.text
        window = max(0, quantity.start - 300)
        segment = max(max(text.rfind(mark, window, quantity.start) for mark in "。;!?") + 1, window)
        if grammar.QUANTITY.search(text, segment, quantity.start) is not None:
            return False
        if re.search(r"(?:有|为|达|是|共有)$", prefix) is not None:
            return False
        limit = quantity.end + 200
        ends = [at for at in (text.find(m, quantity.end, limit) for m in "。;!?") if at >= 0]
        status = self.status.search(text, quantity.end, min([*ends, limit]))
        named = grammar.NAMED_GROUP.match(text, quantity.end) is not None
        return status is not None or named

    @staticmethod
    def _parts_owner(state: _State, quantity: Token) -> Group | None:
        """The group whose 其中… list this count is in: 共62个,其中建设工程23个、产业项目14个."""
        text = state.line.text
        for group in reversed(state.result.groups):
            if group.size is None or group.buckets or group.parts_closed:
                continue
            gap = text[group.end - state.line.offset : quantity.start]
            at = gap.rfind("其中")
            if at >= 0 and not re.search("[。!?]", gap[at:]):
                return group
        return None

    def _open(
        self, state: _State, size: int | None, name: str, start: int, end: int, *, keyword: bool
    ) -> Group:
        line = state.line
        group = Group(
            size=size,
            name=name,
            offset=line.offset + start,
            end=line.offset + end,
            line=state.index,
            sentence=line.offset + state.clauses.sentence(start),
            keyword=keyword,
        )
        state.result.groups.append(group)
        state.current = group
        return group

    @staticmethod
    def _adopt(state: _State, group: Group) -> None:
        """合计32项 after the counts of its sentence: the total takes them."""
        mine = [b for b in state.pending if b.sentence == group.sentence]
        if mine:
            group.buckets += mine
            state.pending = [b for b in state.pending if b.sentence != group.sentence]

    def _resolve_unbound(self, state: _State) -> None:
        """A quantity bound to nothing, in a sentence with counts, states a count whose phrase
        the statuses do not decide (其它类9个); elsewhere it is unassigned."""
        line = state.line
        for quantity, clause, sentence, group in state.unbound:
            phrase = _unknown_phrase(line.text, quantity, clause)
            shared = re.match(
                r"[^,。;]{0,14}[,、]?\s*占", line.text[quantity.end : quantity.end + 20]
            )
            if phrase and (sentence in state.sentences_with_buckets or shared):
                after = line.text.startswith(phrase, quantity.end)
                end = quantity.end + (len(phrase) if after else 0)
                bucket = Bucket(
                    phrase, None, int(quantity.value), line.offset + quantity.start,
                    line.offset + end, state.index, sentence,
                    why="不在同义词表中", tight=True,
                    clause=line.offset + state.clauses.clause(quantity.start)[0],
                )  # fmt: skip
                (group.buckets if group is not None else state.pending).append(bucket)
                self._share_after(state, bucket)
            else:
                state.result.unassigned.append(
                    Unassigned(
                        int(quantity.value),
                        line.offset + quantity.start,
                        line.offset + quantity.end,
                        clause,
                        sentence,
                        group,
                    )
                )

    @staticmethod
    def _share_after(state: _State, bucket: Bucket) -> None:
        text = state.line.text
        at = bucket.end - state.line.offset
        m = re.match(
            r"^[^,。;]{0,14}?[,、]?\s*" + grammar.SHARE.pattern, text[at : at + 60], re.VERBOSE
        )
        if m:
            bucket.percent = float(m.group("pct"))
            bucket.share = (bucket.end + m.start("pct"), bucket.end + m.end())


def _inside(position: int, regions: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, position) - 1
    return i >= 0 and position < regions[i][1]


def _coordinated(quantities: list[Token], text: str) -> bool:
    """2个综合指标和重点工作中的15个具体事项: several counts joined by 和/及/、."""
    if len(quantities) < 2:
        return False
    return all(
        len(text[a.end : b.start]) <= 20 and re.search(r"和|及|与|、", text[a.end : b.start])
        for a, b in itertools.pairwise(quantities)
    )


def _distance(a: Token, b: Token) -> int:
    return b.start - a.end if a.start < b.start else a.start - b.end


def status_phrase(match: re.Match[str]) -> str:
    """The status as written, without the adverbs before it (均, 已经…) or its object."""
    text = match.string[match.start("status") : match.end("core")]
    while (stripped := _ADVERB_PREFIX.sub("", text)) != text and stripped:
        text = stripped
    return text


def _unknown_phrase(text: str, quantity: Token, clause: str) -> str:
    """其它类9个 → 其它类; 有一定进度的6项 → 有一定进度; 15个项目已开工建设 → 项目已开工建设."""
    start = text.rfind(clause[:4], 0, quantity.start + 1) if clause else -1
    before = text[max(start, 0) : quantity.start]
    before = re.sub(r"^(?:其中|另有|其余|其他)", "", before.split("中")[-1])
    existential = re.search(r"(?<!的)有$", before) is not None  # 有20个处于前期工作
    before = re.sub(r"(?:的有|的|有|为|共|达)$", "", before)
    if not existential and 2 <= len(before) <= 14 and re.fullmatch(rf"[{grammar.CJK}]+", before):
        return before
    after = re.match(rf"[{grammar.CJK}]{{2,14}}", text[quantity.end : quantity.end + 14])
    return after.group(0) if after else ""


def _name_before(prefix: str) -> str:
    m = _NAME.search(re.sub(r"(?:共|有|为|是|总计|合计)$", "", prefix.strip()))
    return m.group(0) if m else ""


def _name_after(text: str, end: int) -> str:
    m = re.match(rf"[{grammar.CJK}]{{2,12}}?(?=中|[,。;、:(]|$)", text[end : end + 13])
    return m.group(0) if m else ""


def _examples_after(text: str, end: int) -> tuple[str, ...]:
    rest = text[end : end + _WINDOW]
    em = _EXAMPLES_AFTER.match(rest)
    if em and em.group("list"):
        return tuple(_strip_quotes(example_list(em.group("list"))[0]))
    paren = em.group("paren") if em else None
    if em is None and rest.startswith("("):
        m = re.match(r"^\(([^()]{1,200})\)", rest)
        paren = m.group(1) if m else None
    if paren and "、" in paren:
        return tuple(name for name in split_list(paren) if item_name(name))
    return ()


def _strip_quotes(names: tuple[str, ...]) -> list[str]:
    """“农村居民人均可支配收入增长”(…,下同) → 农村居民人均可支配收入增长; 详见附件1 is no name."""
    out = []
    for name in names:
        if "“" not in name and not name.startswith(("详见", "具体见", "见")):
            out.append(name)  # the common case, already checked as a name
            continue
        name = re.sub(r"”\([^()]*\)$", "”", name).strip()
        if re.match(r"^(?:详见|具体见|见)附件", name):
            continue
        if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
            name = name[1:-1]
        if item_name(name):
            out.append(name)
    return out


def _bracketed(between: str) -> tuple[str, ...]:
    """有3(甲、乙、丙)需要加大力度: the items in a bracket between count and status."""
    m = re.fullmatch(r"\(([^()]{1,200})\)", between.strip())
    if m is None or "、" not in m.group(1):
        return ()
    return tuple(name for name in split_list(m.group(1)) if item_name(name))


def _examples_before(text: str, start: int) -> tuple[str, ...]:
    """甲、乙、丙等6项指标已提前完成: the examples named before the count."""
    window = text[max(0, start - 300) : start]
    cut = max(window.rfind(mark) for mark in "。;:,") + 1
    clause = re.sub(r"^(?:其中|其余|另有)", "", window[cut:])
    if "、" not in clause or not clause.endswith("等"):
        return ()
    return example_list(clause)[0]


def _partitions(parts: list[tuple[str, int]], size: int) -> bool:
    """The parts, in order, are one or more runs that each add up to the size (a total
    split by stage, then again by trade)."""
    run = 0
    for _, value in parts:
        run += value
        if run == size:
            run = 0
        elif run > size:
            return False
    return run == 0
