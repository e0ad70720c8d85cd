"""In-app notifications and mail to a unit's reporters, sent after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from ducha.accounts.models import Membership, Role
from ducha.progress.models import Notification


def unit_reporters(unit_id: int) -> list[Any]:
    user_ids = Membership.objects.filter(role=Role.REPORTER, unit_id=unit_id).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def notify_users(users: Iterable[Any], *, subject: str, text: str, url: str = "") -> int:
    """Leave a notification for each user and mail those with an address once committed."""
    users = list(users)
    Notification.objects.bulk_create(
        Notification(user=user, text=text[:300], url=url) for user in users
    )
    addresses = [u.email for u in users if u.email]
    if addresses:
        body = f"{text}\n\n{url}" if url else text
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        )
    return len(users)


def notify_unit(unit_id: int, *, subject: str, text: str, url: str = "") -> int:
    return notify_users(unit_reporters(unit_id), subject=subject, text=text, url=url)
