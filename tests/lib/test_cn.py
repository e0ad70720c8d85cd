"""Chinese conventions of official documents: numerals, dates, periods, lists."""

from __future__ import annotations

import datetime

import pytest

from ducha.lib.cn import chinese_numeral, format_date, join_and, period_label


@pytest.mark.parametrize(
    ("n", "numeral"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (15, "十五"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
    ],
)
def test_chinese_numeral(n: int, numeral: str) -> None:
    assert chinese_numeral(n) == numeral


@pytest.mark.parametrize("n", [0, 100])
def test_chinese_numeral_rejects_numbers_outside_1_to_99(n: int) -> None:
    with pytest.raises(ValueError):
        chinese_numeral(n)


def test_format_date_has_no_zero_padding() -> None:
    assert format_date(datetime.date(2017, 7, 3)) == "2017年7月3日"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (datetime.date(2017, 1, 1), datetime.date(2017, 6, 30), "1-6月份"),
        (datetime.date(2017, 6, 1), datetime.date(2017, 6, 30), "6月份"),
        (datetime.date(2016, 12, 1), datetime.date(2017, 2, 28), "2016年12月-2017年2月"),
    ],
)
def test_period_label(start: datetime.date, end: datetime.date, label: str) -> None:
    assert period_label(start, end) == label


def test_join_and() -> None:
    assert join_and(["已完成", "有序推进"]) == "已完成和有序推进"
    assert join_and(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert join_and(["甲"]) == "甲"


@pytest.mark.parametrize(
    ("part", "total", "shown"),
    [
        (47, 131, "35.9%"),
        (79, 131, "60.3%"),
        (1, 8, "12.5%"),
        (1, 3, "33.3%"),
        (1, 40, "2.5%"),
        (0, 5, "0.0%"),
        (5, 5, "100.0%"),
        (3, 16, "18.8%"),
    ],
)
def test_percent_rounds_half_up_to_one_decimal(part: int, total: int, shown: str) -> None:
    from ducha.lib.cn import percent

    assert percent(part, total) == shown


@pytest.mark.parametrize(("part", "total"), [(1, 0), (-1, 5), (6, 5)])
def test_percent_rejects_impossible_parts(part: int, total: int) -> None:
    from ducha.lib.cn import percent

    with pytest.raises(ValueError):
        percent(part, total)
