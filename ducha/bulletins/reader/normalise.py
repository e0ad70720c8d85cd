"""Normalisation: full-width forms to half-width, as if one character at a time, and
Traditional characters to Simplified, offsets kept.

Every normalised character maps back to the character of the input it came from, so a
finding can point at the text the office wrote, whatever its punctuation or script.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import opencc

# Spaces that web pages and Word files use for indentation and alignment.
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t", "\u3000", "\u2028"}
_DASHES = {"\u2014": "—", "\u2013": "-", "\u2012": "-", "\uff0d": "-", "\u2212": "-"}


# One-to-one replacements that cover almost every bulletin: full-width ASCII forms, the
# ideographic space, other spaces, dashes. Zero-width characters become spaces so that
# offsets stay one to one. \r becomes \n (a blank line, which the reader skips).
_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TABLE |= {ord(ch): 0x20 for ch in _SPACES}
_TABLE |= {ord(ch): ord(out) for ch, out in _DASHES.items()}
_TABLE[0x0D] = 0x0A
_FAST = {chr(k): chr(v) for k, v in _TABLE.items()}
_NEEDS_TABLE = re.compile("[" + "".join(re.escape(ch) for ch in _FAST) + "]")


# Characters NFKC would change that bulletins use as they are: the ellipsis stays one
# character (NFKC makes it three dots), so offsets and excerpts stay one to one.
_KEEP = {"…", "‥"}


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    if ch in _KEEP:
        return ch
    return unicodedata.normalize("NFKC", ch.translate(_TABLE))


@dataclass(frozen=True)
class Normalised:
    """Normalised text, and where each of its characters was in the original text."""

    text: str
    source_length: int
    # Where a character became several (⑴ → (1)), in order: (index in `text`, index in the
    # original, how many characters it became). Between these, offsets move together.
    expansions: tuple[tuple[int, int, int], ...] = ()

    def source_offset(self, index: int) -> int:
        if not self.text:
            return 0
        if index >= len(self.text):
            return self.source_length
        index = max(index, 0)
        at = bisect.bisect_right(self.expansions, index, key=lambda e: e[0]) - 1
        if at < 0:
            return index
        start, source, length = self.expansions[at]
        return source if index < start + length else source + 1 + index - start - length


# Characters that only Traditional text has (a Simplified text never writes 這, 個, 項…): one
# of them is enough to convert the text, and none leaves Simplified text as it is.
_TRADITIONAL = re.compile(
    "[這個們來說對時會發後經過還開關問題將點區縣應實現項進與為無當從國體與動務產業"
    "計劃據總統設資重啟達標準備統籌網頁編輯類農業維護態環創優質級專區數歲]"
)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters as Simplified (縣→县, 項→项), one for one, so offsets hold.

    OpenCC converts by phrase; a phrase whose Simplified form has another length (rare) is
    left in its line as written rather than shifting every offset after it."""
    if _TRADITIONAL.search(text) is None:
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    lines = [_converter().convert(line) for line in text.split("\n")]
    return "\n".join(
        new if len(new) == len(old) else old
        for new, old in zip(lines, text.split("\n"), strict=True)
    )


def normalise(source: str) -> Normalised:
    """Each character normalised on its own (NFKC, … kept), with its offset in `source`, and
    the text in Simplified characters.

    Done in passes over the whole text rather than character by character: the common forms
    first, then only the characters that still need NFKC."""
    norm = _width(source)
    simplified = to_simplified(norm.text)
    return norm if simplified is norm.text else replace(norm, text=simplified)


def _width(source: str) -> Normalised:
    # Replacing only what needs it is faster than translating every character.
    fast = _NEEDS_TABLE.sub(lambda m: _FAST[m.group()], source)
    if unicodedata.is_normalized("NFKC", fast):
        return Normalised(fast, len(source))
    # Other compatibility characters (①, ﹐, ㈠…): when each becomes one character the
    # offsets stay one to one; expanding ones are noted where they are.
    changed = {ch: _char(ch) for ch in set(fast) if _char(ch) != ch}
    text = fast.translate({ord(ch): out for ch, out in changed.items()})
    growing = "".join(re.escape(ch) for ch, out in changed.items() if len(out) > 1)
    if not growing:
        return Normalised(text, len(source))
    expansions = []
    grown = 0
    for m in re.finditer(f"[{growing}]", fast):
        length = len(changed[m.group()])
        expansions.append((m.start() + grown, m.start(), length))
        grown += length - 1
    return Normalised(text, len(source), tuple(expansions))
