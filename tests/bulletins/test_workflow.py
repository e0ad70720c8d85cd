"""Draft → submitted → published, corrections and snapshots, through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ducha.accounts.models import Role
from ducha.accounts.services import ensure_user
from ducha.bulletins.models import Bulletin, BulletinState
from ducha.bulletins.queries import get_published_bulletin
from ducha.bulletins.services import (
    approve_bulletin,
    return_bulletin,
    start_bulletin,
    submit_bulletin,
    update_wording,
)
from ducha.core.models import AuditEvent
from ducha.review.models import Rating, Round
from ducha.review.services import set_rating
from tests.factories import PASSWORD, make_inspector, make_item, make_reporter, make_unit, status


def make_rated_round(n: int = 4) -> Round:
    from tests.factories import make_round

    round = make_round("wf")
    for k in range(n):
        set_rating(round, make_item(f"事项{k}"), status=status("on_track"), actor=None)
    return round


def make_head() -> object:
    return ensure_user("head1", password=PASSWORD, role=Role.HEAD, actor=None)


def actions(bulletin: Bulletin) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="bulletins.bulletin", target_id=str(bulletin.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_an_inspector_cannot_approve_their_own_submission_but_another_can() -> None:
    round = make_rated_round()
    author, reviewer = make_inspector(), make_inspector()
    bulletin = submit_bulletin(start_bulletin(round, actor=author), actor=author)
    with pytest.raises(PermissionDenied):
        approve_bulletin(bulletin, actor=author)
    published = approve_bulletin(bulletin, actor=reviewer)
    assert published.state == BulletinState.PUBLISHED
    assert published.approved_by == reviewer
    assert actions(published) == ["bulletin.drafted", "bulletin.submit", "bulletin.approve"]


@pytest.mark.django_db
def test_the_head_may_approve_what_they_submitted() -> None:
    round = make_rated_round()
    head = make_head()
    bulletin = submit_bulletin(start_bulletin(round, actor=head), actor=head)
    assert approve_bulletin(bulletin, actor=head).state == BulletinState.PUBLISHED


@pytest.mark.django_db
def test_unit_reporters_can_do_nothing_with_bulletins() -> None:
    round = make_rated_round()
    reporter = make_reporter(make_unit())
    with pytest.raises(PermissionDenied):
        start_bulletin(round, actor=reporter)


@pytest.mark.django_db
def test_publishing_freezes_the_document_against_later_ratings() -> None:
    round = make_rated_round(4)
    author, reviewer = make_inspector(), make_inspector()
    bulletin = submit_bulletin(start_bulletin(round, actor=author), actor=author)
    approve_bulletin(bulletin, actor=reviewer)
    rating = Rating.objects.filter(round=round).first()
    set_rating(round, rating.item, status=status("serious"), actor=reviewer)
    document = get_published_bulletin(round.code).snapshot_document()
    assert [(c.label, c.count) for c in document.categories if c.count] == [("有序推进", 4)]


@pytest.mark.django_db
def test_wording_is_the_drafts_own_and_counts_stay_computed() -> None:
    round = make_rated_round(4)
    author = make_inspector()
    bulletin = start_bulletin(round, actor=author)
    wording = {"opening": "经督查，【期间】【总数】项工作总体进展顺利。现通报如下："}
    update_wording(bulletin, actor=author, wording=wording)
    set_rating(round, make_item("新增事项"), status=status("completed"), actor=None)
    submit_bulletin(bulletin, actor=author)
    published = approve_bulletin(bulletin, actor=make_head())
    assert published.snapshot is not None
    from ducha.bulletins.layout import opening

    assert opening(published.snapshot_document()) == (
        "经督查，1-6月份5项工作总体进展顺利。现通报如下："
    )


@pytest.mark.parametrize(
    "typed",
    ["经督查，131项工作进展顺利。", "经督查，【期间】工作进展顺利。", "【总数】项，【总数】项。"],
)
@pytest.mark.django_db
def test_an_opening_cannot_type_over_the_computed_total(typed: str) -> None:
    round = make_rated_round()
    author = make_inspector()
    bulletin = start_bulletin(round, actor=author)
    with pytest.raises(ValidationError):
        update_wording(bulletin, actor=author, wording={"opening": typed})
    assert Bulletin.objects.get(pk=bulletin.pk).wording == {}


@pytest.mark.django_db
def test_a_correction_is_a_new_version_with_its_note_and_supersedes_the_old() -> None:
    round = make_rated_round()
    author, head = make_inspector(), make_head()
    first = approve_bulletin(
        submit_bulletin(start_bulletin(round, actor=author), actor=author), actor=head
    )
    with pytest.raises(ValidationError):
        start_bulletin(round, actor=author)  # no change note
    correction = start_bulletin(round, actor=author, change_note="更正第一项亮点的表述。")
    assert correction.version == 2
    with pytest.raises(ValidationError):
        start_bulletin(round, actor=author, change_note="再开一版")  # one open draft at a time
    approve_bulletin(submit_bulletin(correction, actor=author), actor=head)
    first.refresh_from_db()
    assert first.state == BulletinState.SUPERSEDED and first.snapshot is not None
    shown = get_published_bulletin(round.code)
    assert (shown.version, shown.change_note) == (2, "更正第一项亮点的表述。")
    assert actions(first)[-1] == "bulletin.superseded"


@pytest.mark.django_db
def test_a_returned_bulletin_is_a_draft_again() -> None:
    round = make_rated_round()
    author = make_inspector()
    bulletin = submit_bulletin(start_bulletin(round, actor=author), actor=author)
    returned = return_bulletin(bulletin, actor=make_head())
    assert returned.state == BulletinState.DRAFT and returned.submitted_by is None
    with pytest.raises(ValidationError):
        approve_bulletin(returned, actor=None)


@pytest.mark.django_db
def test_a_published_snapshot_reads_back_as_the_same_document() -> None:
    from ducha.bulletins.compose import compose_bulletin
    from ducha.bulletins.document import BulletinDocument

    round = make_rated_round()
    at = datetime.datetime(2017, 7, 3, 9, 50, tzinfo=datetime.UTC)
    document = compose_bulletin(round, published_at=at, wording={"copy_to": ["市委办公室"]})
    assert BulletinDocument.from_dict(document.to_dict()) == document


@pytest.mark.django_db
def test_a_version_published_before_snapshots_is_composed_from_the_data() -> None:
    round = make_rated_round(2)
    at = datetime.datetime(2017, 7, 3, 9, 50, tzinfo=datetime.UTC)
    legacy = Bulletin.objects.create(
        round=round, version=1, state=BulletinState.PUBLISHED, published_at=at
    )
    document = legacy.snapshot_document()
    assert document.total == 2 and document.issued_on == datetime.date(2017, 7, 3)
