"""In-app notifications and mail to a unit's reporters.

Mail goes through the outbox: its rows commit with the change that causes them, and
`ducha send-outbox` delivers them, so a mail server that is down loses nothing and never
makes the page action fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from ducha.accounts.models import Membership, Role
from ducha.outbox.services import enqueue_by_channel, user_addresses
from ducha.progress.models import Notification


def unit_reporters(unit_id: int) -> list[Any]:
    user_ids = Membership.objects.filter(role=Role.REPORTER, unit_id=unit_id).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def notify_users(
    users: Iterable[Any], *, subject: str, text: str, url: str = "", topic: str = ""
) -> int:
    """Leave a notification for each user and put a mail to each address in the outbox,
    in the caller's transaction."""
    users = list(users)
    Notification.objects.bulk_create(
        Notification(user=user, text=text[:300], url=url) for user in users
    )
    addresses = [(channel, address) for _, channel, address in user_addresses(users)]
    enqueue_by_channel(addresses, subject=subject, text=text, url=url, topic=topic)
    return len(users)


def notify_unit(unit_id: int, *, subject: str, text: str, url: str = "", topic: str = "") -> int:
    return notify_users(unit_reporters(unit_id), subject=subject, text=text, url=url, topic=topic)
