"""Numbers from query strings and forms, read so that no value can make a page fail."""

from __future__ import annotations

from typing import Any

# Database keys are 64-bit; anything longer is no key of ours.
_MAX_ID_DIGITS = 18
MAX_PAGE = 100_000


def parse_id(value: Any) -> int | None:
    """A database id written in ASCII digits, else None ("abc", "", "1e9", 30 digits)."""
    text = str(value or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        return int(text)
    return None


def page_number(value: Any) -> int:
    """A page number between 1 and MAX_PAGE ("10^22", "-3" and "x" become 1 or the last)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return max(1, min(int(text[:7]), MAX_PAGE)) if len(text) <= 6 else MAX_PAGE
