"""The numbered tree of a bulletin: 一、 (一) 1、/1. (1), headings that run into their text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ducha.bulletins.reader.document import Section
from ducha.bulletins.reader.page import Joined, Line

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUMERAL = "[一二三四五六七八九十]{1,3}"
# The four markers; a lower rank is a higher level. The spaces after a marker are taken
# within its line only, so the pattern reads one line or the joined body alike.
_HEADING = re.compile(
    rf"^(?P<marker>(?P<r1>{_NUMERAL})、|\((?P<r2>{_NUMERAL})\)"
    r"|(?P<r3>\d{1,2})(?:、|\.(?!\d))|\((?P<r4>\d{1,2})\))[^\S\n]*",
    re.MULTILINE,
)
_RANKS = ("r1", "r2", "r3", "r4")
# More numbered headings than any bulletin, or a year's bulletins together, has; past this
# the lines are read as text (and the reader says so), which keeps a hostile input cheap.
MAX_HEADINGS = 5000
# A heading longer than this that runs into its text is cut at its first full stop.
_HEADING_MAX = 60


def chinese_to_int(numeral: str) -> int:
    """一 → 1, 十五 → 15, 二十一 → 21."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return _CN_DIGITS.get(numeral[-1:], 0)
    tens, _, ones = numeral.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


@dataclass(slots=True)
class Node:
    rank: int
    number: int
    marker: str
    heading: str
    line: Line
    rest: str = ""  # the line after its marker, as written
    run_in: bool = False  # the heading runs straight into its text on the same line
    text: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            number=self.number,
            marker=self.marker,
            heading=self.heading,
            text="\n".join(self.text),
            children=tuple(child.freeze() for child in self.children),
        )


def split_heading(rest: str) -> tuple[str, str]:
    """A heading and the text it runs into: cut at the first 。 or :, when that is near."""
    if not rest:
        return "", ""
    stops = [at for at in (rest.find("。"), rest.find(":"), rest.find(",")) if at > 0]
    if stops and min(stops) <= _HEADING_MAX:
        at = min(stops)
        return rest[:at].strip(), rest[at + 1 :].strip()
    if len(rest) <= _HEADING_MAX and "," not in rest:
        return rest.strip(), ""
    return "", rest.strip()


def _node(match: re.Match[str], line: Line) -> Node:
    rank, numeral = next(
        (rank, numeral) for rank, numeral in enumerate(match.group(*_RANKS), 1) if numeral
    )
    rest = line.text[match.end() - match.start() :]
    heading, text = split_heading(rest)
    return Node(
        rank=rank,
        number=chinese_to_int(numeral),
        marker=match.group("marker"),
        heading=heading,
        line=line,
        rest=rest,
        run_in=bool(text),
        text=[text] if text else [],
    )


def heading_of(line: Line) -> Node | None:
    match = _HEADING.match(line.text)
    return _node(match, line) if match else None


@dataclass
class Tree:
    preamble: list[Line]
    roots: list[Node]
    headings: list[Node]  # in reading order, for the numbering check
    # The first heading past MAX_HEADINGS, read as text with everything after it.
    overflow: Line | None = None


def build_tree(body: Joined) -> Tree:
    tree = Tree(preamble=[], roots=[], headings=[])
    stack: list[Node] = []
    lines = body.lines
    done = 0  # lines before this one are placed
    for at, match in body.matches(_HEADING):
        if len(tree.headings) == MAX_HEADINGS:
            tree.overflow = lines[at]
            break
        node = _node(match, lines[at])
        if done < at:
            _place_text(tree, stack, lines[done:at])
        done = at + 1
        while stack and stack[-1].rank >= node.rank:
            stack.pop()
        (stack[-1].children if stack else tree.roots).append(node)
        stack.append(node)
        tree.headings.append(node)
    _place_text(tree, stack, lines[done:])
    return tree


def _place_text(tree: Tree, stack: list[Node], lines: Sequence[Line]) -> None:
    """Paragraphs go to the innermost open section, or before the first heading."""
    if stack:
        stack[-1].text.extend(line.text for line in lines)
    else:
        tree.preamble.extend(lines)
