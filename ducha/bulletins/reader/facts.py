"""Facts of a bulletin besides its counts (counts.py): highlights, recommendations, leaders
and units, and the lists they are written as.
"""

from __future__ import annotations

import bisect
import re

from ducha.bulletins.document import HighlightEntry, LeaderRef, RecommendationEntry
from ducha.bulletins.reader.document import ReadCategory
from ducha.bulletins.reader.page import Line
from ducha.bulletins.reader.structure import Node, Tree, chinese_to_int
from ducha.bulletins.reader.vocabulary import Vocabulary

CJK = "\u4e00-\u9fff"
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


# What an item's name is not: a cross-reference (详见附件1), a share or a sum (占任务总数的
# 1.6%, 共3项), or a bare number.
_NOT_A_NAME = re.compile(
    r"^(?:详见|具体见|参见|见)|^附件|附件\d*$|^(?:占|共|合计|总计|其中|其余|约|计)"
    r"|^[\d.%()、,~\-]+$|[。;]"
)


_HAS_CJK = re.compile(rf"[{CJK}]")


def item_name(text: str) -> bool:
    """Whether a piece of an example list names an item."""
    return (
        len(text) <= 100 and _HAS_CJK.search(text) is not None and _NOT_A_NAME.search(text) is None
    )


def example_list(raw: str) -> tuple[tuple[str, ...], bool]:
    """Examples of a list ending in 等; True when they are separated by commas, not 、."""
    raw = raw.strip().rstrip("。")
    for stop in (",其他", ",其余", ",其它"):
        if stop in raw:
            raw = raw[: raw.index(stop)]
    raw = raw.removesuffix("等")
    commas = len(split_list(raw, ",")) > 1
    parts = split_list(raw, "、," if commas else "、")
    names = (p.removesuffix("等").strip() for p in parts)
    return tuple(name for name in names if item_name(name)), commas


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
