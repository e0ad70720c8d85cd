"""Chinese text conventions for official documents: numerals, lists, dates, periods."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 21 → 二十一 (as used in 一、 and （十五）)."""
    if not 0 < n < 100:
        raise ValueError(f"section numbers run from 1 to 99, not {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def ordinal_point(n: int) -> str:
    """The lead-in of the n-th point of an argument: 一是, 二是…"""
    return f"{chinese_numeral(n)}是"


def enumerate_list(parts: Sequence[str]) -> str:
    """Items of a list joined with the enumeration comma 顿号."""
    return "、".join(parts)


def join_and(parts: Sequence[str]) -> str:
    """A、B和C: the last two joined with 和."""
    if len(parts) <= 1:
        return "".join(parts)
    return "、".join(parts[:-1]) + "和" + parts[-1]


def format_date(day: datetime.date) -> str:
    """2017年7月3日: arabic numerals, no zero padding."""
    return f"{day.year}年{day.month}月{day.day}日"


def period_label(start: datetime.date, end: datetime.date) -> str:
    """How an opening names a period: 1-6月份, 6月份, or 2016年12月-2017年2月."""
    if start.year != end.year:
        return f"{start.year}年{start.month}月-{end.year}年{end.month}月"
    if start.month == end.month:
        return f"{start.month}月份"
    return f"{start.month}-{end.month}月份"


def percent(part: int, total: int) -> str:
    """35.9%: one decimal, rounded half up, so 1/8 is 12.5% and 1/3 is 33.3% everywhere.

    Every percentage a document states comes from here, computed from the counts it states.
    """
    if total <= 0:
        raise ValueError(f"a percentage needs a positive total, not {total}")
    if not 0 <= part <= total:
        raise ValueError(f"part {part} is not within the total {total}")
    value = (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"
