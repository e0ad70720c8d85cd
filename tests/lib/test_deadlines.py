from __future__ import annotations

import datetime

import pytest

from ducha.lib.deadlines import Deadline, format_deadline, parse_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2017年6月底", Deadline(D(2017, 6, 30))),
        ("6月30日前", Deadline(D(2017, 6, 30))),
        ("6月底前", Deadline(D(2017, 6, 30))),
        ("年底前", Deadline(D(2017, 12, 31))),
        ("2018年底", Deadline(D(2018, 12, 31))),
        ("年内", Deadline(D(2017, 12, 31))),
        ("三季度", Deadline(D(2017, 9, 30))),
        ("上半年", Deadline(D(2017, 6, 30))),
        ("2017年9月30日", Deadline(D(2017, 9, 30))),
        ("2017-09-30", Deadline(D(2017, 9, 30))),
        ("2017/9/30", Deadline(D(2017, 9, 30))),
        ("2017.9", Deadline(D(2017, 9, 30))),
        ("2月底", Deadline(D(2017, 2, 28))),
        ("长期坚持", Deadline(None, ongoing=True)),
        ("持续推进", Deadline(None, ongoing=True)),
        (D(2017, 3, 1), Deadline(D(2017, 3, 1))),
        (datetime.datetime(2017, 3, 1, 0, 0), Deadline(D(2017, 3, 1))),
        (42916.0, Deadline(D(2017, 6, 30))),  # an Excel serial number
        (None, Deadline(None)),
        ("", Deadline(None)),
    ],
)
def test_deadlines_as_offices_write_them(cell: object, expected: Deadline) -> None:
    assert parse_deadline(cell, year=2017) == expected


@pytest.mark.parametrize("cell", ["尽快", "13月底", "2017年2月30日", "明年"])
def test_text_that_is_not_a_deadline_is_refused_in_chinese(cell: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_deadline(cell, year=2017)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value))


def test_exported_deadlines_read_back_the_same() -> None:
    for deadline in (Deadline(D(2017, 6, 30)), Deadline(None, ongoing=True), Deadline(None)):
        assert parse_deadline(format_deadline(deadline), year=2000) == deadline
