"""Normalisation: full-width forms to half-width, one character at a time, offsets kept.

Per-character NFKC keeps a map from every normalised character back to the input, so a
finding can point at the text the office wrote, whatever its punctuation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Spaces that web pages and Word files use for indentation and alignment.
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t", "\u3000"}
_DASHES = {"\u2014": "—", "\u2013": "-", "\u2012": "-", "\uff0d": "-", "\u2212": "-"}


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    if ch in _SPACES:
        return " " if ch != "\u200b" and ch != "\ufeff" else ""
    if ch in _DASHES:
        return _DASHES[ch]
    if ch == "\r":
        return "\n"
    out = unicodedata.normalize("NFKC", ch)
    return out


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for each of its characters, the offset in the original text."""

    text: str
    origin: tuple[int, ...]
    source_length: int

    def source_offset(self, index: int) -> int:
        if not self.origin:
            return 0
        if index >= len(self.origin):
            return self.source_length
        return self.origin[max(index, 0)]


def normalise(source: str) -> Normalised:
    pieces: list[str] = []
    origin: list[int] = []
    previous = ""
    for i, ch in enumerate(source):
        if ch == "\n" and previous == "\r":
            previous = ch
            continue
        previous = ch
        out = ch if ch < "\x80" and ch != "\r" and ch != "\t" else _char(ch)
        for piece in out:
            pieces.append(piece)
            origin.append(i)
    return Normalised("".join(pieces), tuple(origin), len(source))
