"""The people of the workflow tests: an item of unit A (with a target), and who is who."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ducha.ledger.models import WorkItem
from ducha.org.models import Leader, Unit
from ducha.review.models import Round
from tests.factories import (
    make_admin_user,
    make_deadline,
    make_head,
    make_inspector,
    make_item,
    make_leader,
    make_leader_user,
    make_reporter,
    make_round,
    make_target,
    make_unit,
)

TZ = datetime.timezone(datetime.timedelta(hours=8))
DUE = datetime.datetime(2017, 7, 5, 18, 0, tzinfo=TZ)


@dataclass
class World:
    unit_a: Unit
    unit_b: Unit
    leader: Leader
    item: WorkItem  # unit A's, led by `leader`
    item_b: WorkItem  # unit B's
    round: Round
    target: Any
    inspector: Any
    head: Any
    reporter_a: Any
    reporter_b: Any
    leader_user: Any
    other_leader_user: Any
    admin: Any


def build_world() -> World:
    unit_a, unit_b = make_unit("甲单位"), make_unit("乙单位")
    leader = make_leader("甲领导")
    item = make_item("加快重点项目建设", lead_unit=unit_a, leaders=[leader])
    item_b = make_item("乙单位事项", lead_unit=unit_b)
    round = make_round("2017-H1")
    make_deadline(round, DUE)
    reporter_a = make_reporter(unit_a)
    reporter_a.email = "a@example.org"
    reporter_a.save()
    return World(
        unit_a=unit_a,
        unit_b=unit_b,
        leader=leader,
        item=item,
        item_b=item_b,
        round=round,
        target=make_target(item, "到位资金", value=560),
        inspector=make_inspector(),
        head=make_head(),
        reporter_a=reporter_a,
        reporter_b=make_reporter(unit_b),
        leader_user=make_leader_user(leader),
        other_leader_user=make_leader_user(make_leader()),
        admin=make_admin_user(),
    )
