"""Page chrome and metadata: what a portal prints around a bulletin, recognised line by line.

Breadcrumbs, metadata strips, share and print buttons and the footer are dropped; the
metadata the office cares about (信息来源, 信息时间, 发布机构…) is kept as fields.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ducha.bulletins.reader.vocabulary import phrase_tree


class Line(NamedTuple):
    # A tuple, not a dataclass: a long input has hundreds of thousands of lines.
    text: str  # stripped, normalised
    offset: int  # of text[0] in the normalised text


class Joined:
    """Lines joined by newlines, so that one regex pass in C covers all of them.

    A check that looks for something line by line first asks which lines can have it
    (`indices`); a pattern compiled with re.MULTILINE matches on the joined text wherever
    it matches on a line alone, since no pattern of ours lets a newline stand in for
    anything but a line's end.
    """

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.text = "\n".join(line.text for line in lines)
        self.starts: list[int] = []
        at = 0
        for line in lines:
            self.starts.append(at)
            at += len(line.text) + 1

    def indices(self, *patterns: re.Pattern[str]) -> Iterator[int]:
        """The lines, in order, where any of the patterns matches; each line once.

        Lazy, so that a reader that has seen enough stops the search there."""
        previous = -1
        for index in heapq.merge(*(self._indices(pattern) for pattern in patterns)):
            if index != previous:
                yield index
                previous = index

    def _indices(self, pattern: re.Pattern[str]) -> Iterator[int]:
        text, starts, count = self.text, self.starts, len(self.starts)
        position = 0
        while (match := pattern.search(text, position)) is not None:
            index = bisect.bisect_right(starts, match.start()) - 1
            yield index
            if index + 1 >= count:
                return
            position = starts[index + 1]  # one hit is enough: go on at the next line

    def matches(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
        """(line index, match) for every match on the joined text."""
        for match in pattern.finditer(self.text):
            yield bisect.bisect_right(self.starts, match.start()) - 1, match


def is_table_row(text: str) -> bool:
    """A row of a table as text copied from a page or a Word file: cells between | marks."""
    return text.count("|") >= 2


def table_cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.strip().strip("|").split("|")]


def multiline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern for use on joined lines: ^ and $ at each line's start and end."""
    return re.compile(pattern.pattern, pattern.flags | re.MULTILINE)


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    truncated_note: bool = False


# A collection header (`source:`, `title:`, `note:`) at the very top of a stored copy.
_HEADER = re.compile(r"^(source|title|note):\s?(.*)$")
_DATE = r"(\d{4})(?:-|年|/|\.)(\d{1,2})(?:-|月|/|\.)(\d{1,2})日?(?:\s*(\d{1,2}):(\d{2}))?"
_META_KEYS = {
    "信息来源": "source",
    "来源": "source",
    "发布机构": "publisher",
    "发文单位": "publisher",
    "信息时间": "published",
    "发布时间": "published",
    "发布日期": "published",
    "公开日期": "published",
    "发文日期": "published",
    "时间": "published",
    "日期": "published",
}
_META_PAIR = re.compile(
    r"(信息来源|来源|发布机构|发文单位|信息时间|发布时间|发布日期|公开日期|发文日期|时间|日期)"
    r"\s*:\s*([^\s:【】\[\]]*(?:\s\d{1,2}:\d{2})?)"
)
# Lines that are only portal furniture, recognised by their shape: breadcrumbs (位置: or
# 首页 > … > …), navigation rows (首页 | 政务公开 | …), metadata (索引号: …, also as a
# table of | cells), tools (打印, 字体, 分享到) and bylines (来源:, 编辑:). Each pattern is
# anchored or bounded and has no nested quantifiers, so a long line costs one pass.
_KEYS = (
    r"索引号|组配分类|发布机构|主题分类|名\s*称|文\s*号|发布日期|公开日期|公开目录|有效性|发文单位"
    r"|发文日期|信息分类|内容概述|关\s*键\s*字|关键词|公开形式|发布文号|生成日期|成文日期|信息来源"
    r"|信息时间|发布人|作者|来源|(?:责任)?编辑|审核|校对|点击数|浏览量|浏览次数|阅读次数"
)
_CHROME = re.compile(
    r"^(?:您|你)?(?:现在|当前|目前)?(?:所在)?的?位置\s*:"
    rf"|^[\[【|]?[^\S\n]*(?:{_KEYS})[^\S\n]*:"
    r"|^[^。,;>\n]{1,16}(?:[^\S\n]*(?:>>?|»|›|→)[^\S\n]*[^。,;>\n]{1,20}){2,}[^\S\n]*>?$"
    r"|^(?!\|)(?=[^\d\n]*(?:首页|主页|政务|公开|服务|互动|新闻|概况|动态|专题|办事|网站))"
    r"(?:[^|。,;:\d\n]{1,10}\|){2,}[^|。,;:\d\n]{0,10}$"
    r"|无障碍浏览|长辈版|关怀版|^首页\s*[|>]"
    r"|^【(?:我要纠错|打印|关闭|信息来源|字体|字号)"
    r"|^(?:字体|字号|分享到|分享至|打印本页|关闭窗口|【打印】|\[\s*打印|【\s*字体)"
    r"|^(?:\d{4}-\d{1,2}-\d{1,2}\s+)?来源\s*:"
    r"|^(?:发布)?时间\s*:\s*\d{4}"
)
# Where the article ends and the portal's footer begins.
_FOOTER = re.compile(
    r"^(?:手机扫一扫|扫一扫在手机|扫码|用手机扫|版权所有|Copyright|©|主办单位|主办\s*:|承办\s*:|技术支持"
    r"|网站标识码|备案号|官方微博|微信公众号|相关链接|相关文章|上一篇|下一篇|【我要纠错】)"
)


def _published(value: str) -> str | None:
    match = re.search(_DATE, value)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        date = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    except ValueError:
        return None
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    if hour is not None:
        return f"{date}T{int(hour):02d}:{minute}:00"
    return date


def _read_meta(text: str, meta: dict[str, str]) -> None:
    text = text.replace("|", " ")  # a metadata table: 发布日期: | 2023-05-09 |
    for match in _META_PAIR.finditer(text):
        key = _META_KEYS[match.group(1)]
        value = match.group(2).strip()
        if key == "published":
            published = _published(value)
            # The most precise date wins: 发布时间 with hours over 发布日期 alone.
            if published and len(published) > len(meta.get("published", "")):
                meta["published"] = published
        elif value and key not in meta:
            meta[key] = value
    if "published" not in meta:
        # A date strip on its own: "2022-10-13 来源:市政府办"
        strip = re.match(r"^(\d{4}-\d{1,2}-\d{1,2})\s+来源", text)
        if strip:
            meta["published"] = _published(strip.group(1)) or ""


def _split_lines(text: str) -> list[Line]:
    """The non-blank lines, stripped, each with the offset of its first character.

    Built with map and zip, without a Python loop: an input can have 300,000 lines."""
    raw = text.split("\n")
    stripped = list(map(str.strip, raw))
    starts = itertools.accumulate(map((1).__add__, map(len, raw)), initial=0)
    indents = map(operator.sub, map(len, raw), map(len, map(str.lstrip, raw)))
    offsets = map(operator.add, starts, indents)
    return list(itertools.compress(map(Line._make, zip(stripped, offsets, strict=True)), stripped))


# Every furniture line has one of these: the lines to test are found by one quick pass, the
# words written as a tree of their characters so that the search skips ahead in C.
# (A key written with spaces, 名  称:, stands on a line with others: 发布日期:.)
_MARK_WORDS = [
    *(re.sub(r"\\s\*|\(\?:责任\)\?", "", key) for key in _KEYS.split("|")),
    *["位置", "时间", "无障碍浏览", "长辈版", "关怀版", "首页", "字体", "字号", "分享"],
    *["打印", "关闭"],
    *">|【»›→",
]
_CHROME_MARKS = re.compile(phrase_tree(_MARK_WORDS))
_FOOTER_LINES = multiline(_FOOTER)


def read_page(text: str) -> Page:
    page = Page()
    lines = _split_lines(text)
    at = 0
    while at < len(lines) and (match := _HEADER.match(lines[at].text)):
        key, value = match.groups()
        page.meta[f"header_{key}"] = value.strip()
        page.truncated_note = page.truncated_note or key == "note"
        at += 1
    rest = lines[at:]
    end = len(rest)
    chrome: set[int] = set()
    for index in Joined(rest).indices(_CHROME_MARKS, _FOOTER_LINES):
        line = rest[index]
        if len(line.text) > 300:  # furniture is short; article paragraphs may be long
            continue
        if _FOOTER.match(line.text):
            end = index
            break
        if _CHROME.search(line.text):
            _read_meta(line.text, page.meta)
            chrome.add(index)
    kept = rest[:end]
    page.lines = [line for i, line in enumerate(kept) if i not in chrome] if chrome else kept
    return page
