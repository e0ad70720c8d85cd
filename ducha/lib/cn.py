"""Chinese text conventions for official documents: numerals, lists, dates, periods."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

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


def percent(part: object, whole: object) -> int:
    """part/whole as a whole percentage, half rounded up (52.3 → 52, 49.5 → 50).

    The one rounding rule for every percentage the office writes, so a page and a bulletin
    never disagree by one.
    """
    import decimal

    numerator, denominator = decimal.Decimal(str(part)), decimal.Decimal(str(whole))
    if denominator == 0:
        raise ValueError("a percentage of nothing")
    value = numerator * 100 / denominator
    return int(value.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))
