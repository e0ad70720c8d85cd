from __future__ import annotations

import datetime

import pytest

from ducha.core.services import save_audited
from ducha.org.models import UnitAlias
from ducha.org.queries import resolve_leader, resolve_unit, split_leader
from tests.factories import make_leader, make_unit


@pytest.mark.django_db
def test_units_resolve_by_full_name_short_name_and_alias_valid_on_the_day() -> None:
    unit = make_unit("市发改委", name="市发展和改革委员会")
    alias = UnitAlias(
        unit=unit,
        name="市计委",
        valid_from=datetime.date(1990, 1, 1),
        valid_to=datetime.date(2003, 12, 31),
    )
    save_audited(alias, actor=None)
    assert resolve_unit("市发展和改革委员会") == unit
    assert resolve_unit(" 市发改委 ") == unit
    assert resolve_unit("市计委", on=datetime.date(2000, 1, 1)) == unit
    assert resolve_unit("市计委", on=datetime.date(2017, 1, 1)) is None
    assert resolve_unit("市不存在局") is None


@pytest.mark.django_db
def test_a_short_name_two_units_share_resolves_to_neither() -> None:
    make_unit("市局", name="市某某局")
    make_unit("市局", name="市另一局")
    assert resolve_unit("市局") is None
    assert resolve_unit("市另一局") is not None


@pytest.mark.django_db
def test_leaders_resolve_by_name_or_name_and_title() -> None:
    leader = make_leader("石迎军", title="常务副市长")
    assert resolve_leader("石迎军") == leader
    assert resolve_leader("石迎军常务副市长") == leader
    assert resolve_leader("常务副市长石迎军") == leader
    assert resolve_leader("张三") is None
    assert split_leader("刘胜利副市长") == ("刘胜利", "副市长")
