"""The invariants the database itself holds, whatever code writes the rows."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from ducha.accounts.models import Membership, Role
from ducha.core.models import AuditEvent
from ducha.ledger.enums import SourceKind
from ducha.ledger.models import Source
from ducha.org.models import Unit
from ducha.review.models import Highlight, Rating, Round, Status
from ducha.review.services import set_rating
from tests.factories import make_inspector, make_item, make_round, make_unit, status

pytestmark = pytest.mark.django_db


def _rating(round: Round, **fields: object) -> Rating:
    return Rating.objects.create(round=round, item=make_item(), status=status("on_track"), **fields)


def test_it_allows_one_rating_per_item_and_round() -> None:
    round, item = make_round(), make_item()
    Rating.objects.create(round=round, item=item, status=status("completed"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(round=round, item=item, status=status("serious"))


def test_example_requires_order() -> None:
    round = make_round()
    with pytest.raises(IntegrityError), transaction.atomic():
        _rating(round, is_example=True, example_order=None)


def test_example_order_is_unique_per_status_in_round() -> None:
    round = make_round()
    _rating(round, is_example=True, example_order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _rating(round, is_example=True, example_order=1)


def test_it_allows_the_same_example_order_in_another_status() -> None:
    round = make_round()
    _rating(round, is_example=True, example_order=1)
    Rating.objects.create(
        round=round,
        item=make_item(),
        status=status("completed"),
        is_example=True,
        example_order=1,
    )
    assert Rating.objects.filter(round=round, example_order=1).count() == 2


def test_round_period_must_be_ordered() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(
            code="backwards",
            name="倒序",
            title="倒序",
            period_start=datetime.date(2017, 6, 30),
            period_end=datetime.date(2017, 1, 1),
            cutoff=datetime.date(2017, 7, 1),
        )


def test_status_colour_must_be_hex() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Status.objects.create(code="red", label="红色", order=90, colour="red")


def test_done_status_must_be_on_track() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Status.objects.create(
            code="odd", label="完成未推进", order=91, colour="#000000", is_done=True
        )


def test_highlight_title_must_not_be_empty() -> None:
    round = make_round()
    with pytest.raises(IntegrityError), transaction.atomic():
        Highlight.objects.create(round=round, position=1, title="")


def test_highlight_positions_are_unique_in_round() -> None:
    round = make_round()
    Highlight.objects.create(round=round, position=1, title="亮点一")
    with pytest.raises(IntegrityError), transaction.atomic():
        Highlight.objects.create(round=round, position=1, title="亮点二")


def test_unit_validity_must_be_ordered() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            name="市旧局",
            short_name="旧局",
            valid_from=datetime.date(2017, 6, 1),
            valid_to=datetime.date(2017, 1, 1),
        )


def test_council_source_requires_meeting_number() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(
            kind=SourceKind.MAYOR_COUNCIL,
            name="市长议事会",
            meeting_date=datetime.date(2017, 2, 1),
        )


def test_reporter_membership_requires_unit() -> None:
    user = get_user_model().objects.create_user("nobody", password="x" * 12)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.REPORTER)


def test_the_constraints_allow_valid_rows() -> None:
    unit = make_unit()
    Membership.objects.create(
        user=get_user_model().objects.create_user("reporter", password="x" * 12),
        role=Role.REPORTER,
        unit=unit,
    )
    _rating(make_round(), is_example=True, example_order=3)
    assert Membership.objects.filter(unit=unit).exists()
    assert Rating.objects.filter(example_order=3).exists()


def test_rating_twice_changes_the_one_rating() -> None:
    round, item, inspector = make_round(), make_item(), make_inspector()

    first = set_rating(round, item, status=status("on_track"), actor=inspector)
    second = set_rating(round, item, status=status("completed"), actor=inspector)

    assert second.pk == first.pk
    assert Rating.objects.filter(round=round, item=item).count() == 1
    assert Rating.objects.get(pk=first.pk).status.code == "completed"
    events = list(
        AuditEvent.objects.filter(target_type="review.rating", target_id=str(first.pk)).order_by(
            "id"
        )
    )
    assert [e.action for e in events] == ["rating.created", "rating.changed"]
    assert events[0].before is None
    changed = events[1]
    assert changed.actor == inspector
    assert changed.before["status_id"] == status("on_track").pk
    assert changed.after["status_id"] == status("completed").pk
    assert changed.before["status_id"] != changed.after["status_id"]
