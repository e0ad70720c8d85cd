"""Every change leaves an audit event, whether made by a service or through the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from ducha.core.models import AuditEvent
from ducha.ledger.models import WorkItem
from ducha.review.models import Rating
from ducha.review.services import set_rating
from tests.factories import make_item, make_leader, make_round, make_unit, status

pytestmark = pytest.mark.django_db


def events_of(obj: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_type=obj._meta.label_lower, target_id=str(obj.pk)
        ).order_by("id")
    )


def workitem_form(item: WorkItem, **changes: Any) -> dict[str, Any]:
    """The admin change form of `item` as the browser posts it (autocompletes post ids)."""
    data = {
        "code": item.code,
        "title": item.title,
        "description": item.description,
        "source": item.source_id,
        "category": item.category,
        "deadline": item.deadline.isoformat() if item.deadline else "",
        "lead_unit": item.lead_unit_id,
        "co_units": [u.pk for u in item.co_units.all()],
        "leaders": [lead.pk for lead in item.leaders.all()],
        "parent": item.parent_id or "",
        "_save": "保存",
    }
    return data | changes


def test_it_records_the_creation_of_a_work_item() -> None:
    co_units = [make_unit(), make_unit()]
    item = make_item("棚户区改造", co_units=co_units)

    (event,) = events_of(item)

    assert event.action == "workitem.created"
    assert event.before is None
    assert event.after["title"] == "棚户区改造"
    assert event.after["co_units"] == sorted(u.pk for u in co_units)


def test_admin_change_of_a_work_item_is_audited(
    admin_client: Client, admin_user: AbstractUser
) -> None:
    item = make_item("旧标题", co_units=[make_unit()], leaders=[make_leader()])
    url = f"/admin/ledger/workitem/{item.pk}/change/"

    response = admin_client.post(url, workitem_form(item, title="新标题"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.title == "新标题"
    changed = [e for e in events_of(item) if e.action == "workitem.changed"]
    assert len(changed) == 1
    assert changed[0].before["title"] == "旧标题"
    assert changed[0].after["title"] == "新标题"
    assert changed[0].actor == admin_user
    # The links did not change, so no links event is written.
    assert [e.action for e in events_of(item)] == ["workitem.created", "workitem.changed"]


def test_admin_change_of_a_rating_goes_through_set_rating(
    admin_client: Client, admin_user: AbstractUser
) -> None:
    round, item = make_round(), make_item()
    rating = set_rating(round, item, status=status("on_track"), actor=None)
    form = {
        "round": round.pk,
        "item": item.pk,
        "status": status("serious").pk,
        "note": "进度滞后",
        "example_order": "",
        "_save": "保存",
    }

    response = admin_client.post(f"/admin/review/rating/{rating.pk}/change/", form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Rating.objects.filter(round=round, item=item).count() == 1
    rating.refresh_from_db()
    assert (rating.status.code, rating.note, rating.updated_by) == (
        "serious",
        "进度滞后",
        admin_user,
    )
    last = events_of(rating)[-1]
    assert last.action == "rating.changed"
    assert last.actor == admin_user
    assert last.before["status_id"] == status("on_track").pk
    assert last.after["status_id"] == status("serious").pk


def test_admin_is_in_chinese_by_default(admin_client: Client) -> None:
    make_item("棚户区改造")

    response = admin_client.get("/admin/ledger/workitem/")

    html = response.content.decode()
    assert "棚户区改造" in html
    assert "工作事项" in html
