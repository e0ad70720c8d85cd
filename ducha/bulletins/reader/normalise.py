"""Normalisation: full-width forms to half-width, one character at a time, offsets kept.

Per-character NFKC keeps a map from every normalised character back to the input, so a
finding can point at the text the office wrote, whatever its punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

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
    """Normalised text and, for each of its characters, the offset in the original text."""

    text: str
    origin: Sequence[int]
    source_length: int

    def source_offset(self, index: int) -> int:
        if not self.origin:
            return 0
        if index >= len(self.origin):
            return self.source_length
        return self.origin[max(index, 0)]


def normalise(source: str) -> Normalised:
    """Fast path: one translate, then check nothing else needs NFKC; else char by char."""
    # Replacing only what needs it is faster than translating every character.
    fast = _NEEDS_TABLE.sub(lambda m: _FAST[m.group()], source)
    if unicodedata.is_normalized("NFKC", fast):
        return Normalised(fast, range(len(fast)), len(source))
    # Other compatibility characters (①, ﹐, ㈠…): when each becomes one character the
    # offsets stay one to one; only expanding ones need the character-by-character pass.
    changed = {ch: _char(ch) for ch in set(fast) if _char(ch) != ch}
    if not changed:  # only sequences NFKC would compose; characters are kept as written
        return Normalised(fast, range(len(fast)), len(source))
    if all(len(out) == 1 for out in changed.values()):
        other = re.compile("[" + "".join(re.escape(ch) for ch in changed) + "]")
        text = other.sub(lambda m: changed[m.group()], fast)
        return Normalised(text, range(len(text)), len(source))
    return _normalise_slowly(source)


def _normalise_slowly(source: str) -> Normalised:
    pieces: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(source):
        out = ch if ch < "\x80" and ch not in "\r\t" else _char(ch)
        pieces.append(out)
        origin.extend([i] * len(out))
    return Normalised("".join(pieces), origin, len(source))
