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


def percent_value(part: object, whole: object, *, places: int = 1) -> Decimal:
    """part/whole × 100, rounded half up to `places` decimals: the one rounding rule.

    Every percentage the office writes, in a bulletin, a page or a suggestion, goes through
    here, so two places never disagree by one in the last digit.
    """
    numerator, denominator = Decimal(str(part)), Decimal(str(whole))
    if denominator <= 0:
        raise ValueError(f"a percentage needs a positive whole, not {whole}")
    quantum = Decimal(1).scaleb(-places)
    return (numerator * 100 / denominator).quantize(quantum, rounding=ROUND_HALF_UP)


def percent(part: int, total: int) -> str:
    """A share of a count as documents state it: 35.9%, so 1/8 is 12.5% and 1/3 is 33.3%."""
    if not 0 <= part <= total:
        raise ValueError(f"part {part} is not within the total {total}")
    return f"{percent_value(part, total, places=1)}%"


def whole_percent(part: object, whole: object) -> int:
    """Progress against a target in whole percent (52.3 → 52, 49.5 → 50); may exceed 100."""
    return int(percent_value(part, whole, places=0))
