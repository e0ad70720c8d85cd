"""The numbered tree of a bulletin: 一、 (一) 1、/1. (1), headings that run into their text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ducha.bulletins.reader.document import Section
from ducha.bulletins.reader.page import Line

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUMERAL = "[一二三四五六七八九十]{1,3}"
# (rank, pattern): a lower rank is a higher level.
_MARKERS = (
    (1, re.compile(rf"^({_NUMERAL})、\s*")),
    (2, re.compile(rf"^\(({_NUMERAL})\)\s*")),
    (3, re.compile(r"^(\d{1,2})(、|\.(?!\d))\s*")),
    (4, re.compile(r"^\((\d{1,2})\)\s*")),
)
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


@dataclass
class Node:
    rank: int
    number: int
    marker: str
    heading: str
    offset: int
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
    stops = [at for at in (rest.find("。"), rest.find(":"), rest.find(",")) if at > 0]
    if stops and min(stops) <= _HEADING_MAX:
        at = min(stops)
        return rest[:at].strip(), rest[at + 1 :].strip()
    if len(rest) <= _HEADING_MAX and "," not in rest:
        return rest.strip(), ""
    return "", rest.strip()


def heading_of(line: Line) -> Node | None:
    for rank, pattern in _MARKERS:
        match = pattern.match(line.text)
        if match:
            heading, text = split_heading(line.text[match.end() :])
            node = Node(
                rank=rank,
                number=chinese_to_int(match.group(1)),
                marker=match.group(0).strip(),
                heading=heading,
                offset=line.offset,
                rest=line.text[match.end() :],
            )
            if text:
                node.text.append(text)
                node.run_in = True
            return node
    return None


@dataclass
class Tree:
    preamble: list[Line]
    roots: list[Node]
    # Every heading with the line it came from, in reading order (for the numbering check).
    headings: list[tuple[Node, Line]]
    # Every paragraph with its section path (the headings of its ancestors).
    paragraphs: list[tuple[Line, tuple[Node, ...]]]


def build_tree(lines: list[Line]) -> Tree:
    tree = Tree(preamble=[], roots=[], headings=[], paragraphs=[])
    stack: list[Node] = []
    for line in lines:
        node = heading_of(line)
        if node is None:
            if stack:
                stack[-1].text.append(line.text)
            else:
                tree.preamble.append(line)
            tree.paragraphs.append((line, tuple(stack)))
            continue
        while stack and stack[-1].rank >= node.rank:
            stack.pop()
        (stack[-1].children if stack else tree.roots).append(node)
        stack.append(node)
        tree.headings.append((node, line))
        tree.paragraphs.append((line, tuple(stack)))
    return tree
