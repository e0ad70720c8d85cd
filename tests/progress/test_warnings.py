"""预警 are computed from deadlines, reports and ratings."""

from __future__ import annotations

import datetime
import decimal

import pytest

from ducha.ledger.models import WorkItem
from ducha.progress import services
from ducha.progress.warnings import with_warnings
from ducha.review.services import set_rating
from tests.factories import status
from tests.progress.personas import DUE, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def warning_of(world: World, now: datetime.datetime, item: WorkItem | None = None) -> str:
    items = with_warnings(WorkItem.objects.filter(pk=(item or world.item).pk), world.round, now)
    return str(items.values_list("warning", flat=True).get())


def send(world: World, value: int) -> None:
    services.save_report(
        world.item,
        world.round,
        unit=world.unit_a,
        actor=world.reporter_a,
        narrative="进展",
        values={world.target.pk: decimal.Decimal(value)},
        submit=True,
    )


def test_none_long_before_the_deadline(world: World) -> None:
    assert warning_of(world, DUE - datetime.timedelta(days=10)) == "none"


def test_blue_when_due_soon_and_not_reported(world: World) -> None:
    assert warning_of(world, DUE - datetime.timedelta(days=1)) == "blue"
    send(world, 293)
    assert warning_of(world, DUE - datetime.timedelta(days=1)) == "none"


def test_yellow_when_overdue(world: World) -> None:
    assert warning_of(world, DUE + datetime.timedelta(hours=1)) == "yellow"


def test_yellow_when_behind_schedule(world: World) -> None:
    send(world, 100)
    assert warning_of(world, DUE - datetime.timedelta(days=10)) == "yellow"


def test_co_unit_missing_counts(world: World) -> None:
    world.item.co_units.add(world.unit_b)
    send(world, 293)
    assert warning_of(world, DUE + datetime.timedelta(hours=1)) == "yellow"


def test_red_past_item_deadline_or_serious(world: World) -> None:
    world.item.deadline = datetime.date(2017, 6, 1)
    world.item.save()
    assert warning_of(world, DUE - datetime.timedelta(days=10)) == "red"
    set_rating(world.round, world.item_b, status=status("serious"), actor=None)
    assert warning_of(world, DUE - datetime.timedelta(days=10), world.item_b) == "red"


def test_completed_or_closed_items_are_not_red(world: World) -> None:
    world.item.deadline = datetime.date(2017, 6, 1)
    world.item.save()
    set_rating(world.round, world.item, status=status("completed"), actor=None)
    send(world, 560)
    assert warning_of(world, DUE - datetime.timedelta(days=10)) == "none"
