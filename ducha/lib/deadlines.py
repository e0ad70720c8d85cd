"""Deadlines (完成时限) as offices write them: Excel dates, ISO dates, or Chinese text.

2017年6月底 → 2017-06-30, 6月30日前 → that day of the ledger's year, 年底前 → 12-31,
三季度 → 09-30, 长期坚持 → no date, but marked as ongoing.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

ONGOING_WORDS = ("长期坚持", "长期", "持续推进", "常态化", "持续")
# Excel counts days from 1899-12-30 (after its 1900 leap-year bug).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_SUFFIX = re.compile(r"(之前|以前|前|底前|内|止)$")
_YMD = re.compile(r"^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?$")
_YM = re.compile(r"^(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*月?\s*(底|末|份|中旬|上旬|下旬)?$")
_MD = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_YEAR = re.compile(r"^(?:(\d{4})\s*年)?\s*(年底|年末|全年|年内|年|底|末)?$")
_QUARTERS = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
_QUARTER = re.compile(r"^(?:(\d{4})\s*年)?\s*第?([一二三四1-4])\s*季度(?:末|底)?$")
_HALF = re.compile(r"^(?:(\d{4})\s*年)?\s*(上半年|下半年)(?:末|底)?$")


@dataclass(frozen=True)
class Deadline:
    day: datetime.date | None
    ongoing: bool = False


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(value: object, *, year: int) -> Deadline:
    """Read a deadline cell; `year` completes dates written without one (6月底).

    Raises ValueError with a Chinese reason when the text is not a deadline.
    """
    if value is None or value == "":
        return Deadline(None)
    if isinstance(value, datetime.datetime):
        return Deadline(value.date())
    if isinstance(value, datetime.date):
        return Deadline(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Deadline(_excel_serial(value))
    return _parse_text(str(value), year=year)


def _excel_serial(number: float) -> datetime.date:
    if not 1 <= number < 2958466:
        raise ValueError(f"数字{number}不是日期")
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def _parse_text(text: str, *, year: int) -> Deadline:
    text = re.sub(r"\s+", "", text).replace("－", "-").replace("／", "/").replace("．", ".")
    if any(text.startswith(word) for word in ONGOING_WORDS):
        return Deadline(None, ongoing=True)
    core = _SUFFIX.sub(lambda m: "底" if m.group(1) == "底前" else "", text)
    for parse in (_ymd, _md, _ym, _quarter, _half, _year):
        day = parse(core, year)
        if day is not None:
            return Deadline(day)
    raise ValueError(
        f"无法识别的完成时限「{text}」，请写成日期（如2017年6月30日）或“6月底”“年底前”“长期坚持”"
    )


def _ymd(text: str, year: int) -> datetime.date | None:
    if text.isdigit() and len(text) == 8:
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    m = _YMD.match(text)
    return _date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _md(text: str, year: int) -> datetime.date | None:
    m = _MD.match(text)
    return _date(year, int(m[1]), int(m[2])) if m else None


def _ym(text: str, year: int) -> datetime.date | None:
    m = _YM.match(text)
    if not m or (m[1] is None and "月" not in text):
        return None
    y, month = int(m[1] or year), int(m[2])
    if not 1 <= month <= 12:
        raise ValueError(f"月份{month}不存在")
    if m[3] == "上旬":
        return datetime.date(y, month, 10)
    if m[3] == "中旬":
        return datetime.date(y, month, 20)
    return month_end(y, month)


def _quarter(text: str, year: int) -> datetime.date | None:
    m = _QUARTER.match(text)
    return month_end(int(m[1] or year), _QUARTERS[m[2]]) if m else None


def _half(text: str, year: int) -> datetime.date | None:
    m = _HALF.match(text)
    if not m:
        return None
    return month_end(int(m[1] or year), 6 if m[2] == "上半年" else 12)


def _year(text: str, year: int) -> datetime.date | None:
    m = _YEAR.match(text)
    if not m or not text:
        return None
    return datetime.date(int(m[1] or year), 12, 31)


def _date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期{year}年{month}月{day}日不存在") from None


def format_deadline(deadline: Deadline) -> str:
    """How exports write a deadline, so it reads back the same: 2017年6月30日 or 长期坚持."""
    if deadline.ongoing:
        return "长期坚持"
    if deadline.day is None:
        return ""
    return f"{deadline.day.year}年{deadline.day.month}月{deadline.day.day}日"
