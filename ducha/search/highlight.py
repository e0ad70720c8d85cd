"""The matched text shown in a result: a window around the first match, each match marked."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WINDOW = 60


def highlight(text: str, query: str, *, window: int = WINDOW) -> SafeString:
    """`text` escaped, cut to about `window` characters around the first match of `query`
    (case-insensitive), with every match in <mark>."""
    text = " ".join(text.split())
    folded, needle = text.lower(), query.lower()
    first = folded.find(needle) if needle else -1
    start = 0
    if first >= 0 and len(text) > window:
        start = max(0, min(first - window // 3, len(text) - window))
    end = start + window
    shown, shown_folded = text[start:end], folded[start:end]
    parts: list[str] = ["…" if start else ""]
    position = 0
    while needle:
        found = shown_folded.find(needle, position)
        if found < 0:
            break
        parts.append(escape(shown[position:found]))
        parts.append(f"<mark>{escape(shown[found : found + len(needle)])}</mark>")
        position = found + len(needle)
    parts.append(escape(shown[position:]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # every piece of text is escaped above
