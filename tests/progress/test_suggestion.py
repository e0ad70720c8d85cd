"""序时进度 and the suggested status, with the reason the inspector reads."""

from __future__ import annotations

import datetime
import decimal

import pytest

from ducha.lib.cn import whole_percent
from ducha.progress.models import Milestone, Target
from ducha.progress.suggestion import suggest, time_percent
from ducha.review.enums import StatusMeaning

YEAR = (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31))
HALF = datetime.date(2017, 6, 30)
LABELS = {m.value: str(m.label) for m in StatusMeaning}


def target(value: int = 560, pk: int = 1) -> Target:
    return Target(
        pk=pk,
        name="到位资金",
        unit_of_measure="亿元",
        value=decimal.Decimal(value),
        period_start=YEAR[0],
        period_end=YEAR[1],
    )


def test_percent_rounds_half_up() -> None:
    assert whole_percent(293, 560) == 52
    assert whole_percent(1, 200) == 1  # 0.5 → 1
    assert whole_percent(181, 365) == 50
    with pytest.raises(ValueError):
        whole_percent(1, 0)


def test_half_year_is_fifty_percent() -> None:
    assert time_percent(*YEAR, HALF) == 50
    assert time_percent(*YEAR, datetime.date(2016, 12, 1)) == 0
    assert time_percent(*YEAR, datetime.date(2018, 3, 1)) == 100


def test_ahead_of_schedule_suggests_on_track_with_reason() -> None:
    found = suggest([target()], [], {1: decimal.Decimal(293)}, HALF, labels=LABELS)
    assert found is not None
    assert found.status_code == "on_track"
    assert found.reason == (
        "截至6月30日，到位资金293亿元，占年度目标560亿元的52%，序时进度50%，"
        "达到或快于预期进度，建议评定为有序推进。"
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [(560, "completed"), (600, "completed"), (200, "needs_effort"), (100, "serious")],
)
def test_status_by_share(value: int, code: str) -> None:
    found = suggest([target()], [], {1: decimal.Decimal(value)}, HALF, labels=LABELS)
    assert found is not None and found.status_code == code


def test_milestones_set_the_expected_share() -> None:
    milestones = [
        Milestone(due=datetime.date(2017, 3, 31), title="规划", expected_percent=30),
        Milestone(due=datetime.date(2017, 6, 30), title="开工", expected_percent=70),
    ]
    found = suggest([target()], milestones, {1: decimal.Decimal(293)}, HALF, labels=LABELS)
    assert found is not None and found.status_code == "needs_effort"
    assert "按节点计划应完成70%" in found.reason and "慢于预期进度" in found.reason


def test_no_values_no_suggestion() -> None:
    assert suggest([target()], [], {}, HALF, labels=LABELS) is None
