"""Periods as bulletins name them: 1-6月份, 1至7月, 2016年12月-2017年2月, 一季度, 前三季度,
上半年, 截至9月底 — to the months they cover and, given the year, their dates."""

from __future__ import annotations

import datetime
import re

from ducha.lib.deadlines import month_end

_RANGE = re.compile(r"(?:(\d{4})年)?(\d{1,2})(?:月)?(?:-|至|—|~)(?:(\d{4})年)?(\d{1,2})月")
_UNTIL = re.compile(r"(?:截至|截止|至)(?:\d{4}年)?(\d{1,2})月(?:底|末|份)")
_MONTH = re.compile(r"(\d{1,2})月份")
_QUARTER = re.compile(r"第?([一二三四1-4])季度")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_NAMED = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "全年": (1, 12)}


def period_dates(text: str, year: int) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of the period `text` names, in `year` unless it names its own
    years (2016年12月-2017年2月); None when it names no period."""
    named = next((span for name, span in _NAMED.items() if name in text), None)
    if named is None and (m := _RANGE.search(text)):
        start_year = int(m.group(1) or year)
        end_year = int(m.group(3) or start_year)
        first, last = int(m.group(2)), int(m.group(4))
        if 1 <= first <= 12 and 1 <= last <= 12:
            return datetime.date(start_year, first, 1), month_end(end_year, last)
        return None
    span = named or _months(text)
    if span is None or not (1 <= span[0] <= span[1] <= 12):
        return None
    return datetime.date(year, span[0], 1), month_end(year, span[1])


def _months(text: str) -> tuple[int, int] | None:
    if m := _QUARTER.search(text):
        quarter = _QUARTERS[m.group(1)]
        return quarter * 3 - 2, quarter * 3
    if m := _UNTIL.search(text):
        return 1, int(m.group(1))
    if m := _MONTH.search(text):
        return int(m.group(1)), int(m.group(1))
    return None


def last_month(text: str) -> int | None:
    """The month a period ends in (1-6月份 → 6), whatever its year."""
    dates = period_dates(text, 2000)
    return dates[1].month if dates else None
