"""Who receives a document, on which channel: one plan, shown in the preview and then queued.

The unit's reporters get it in the app (they acknowledge it), by e-mail and by SMS as each
chose; the unit's head by SMS to the head's mobile; the unit's group robots (企业微信, 钉钉)
when it has them; a copy to the lead leaders' users as each chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from ducha.accounts.models import Membership, Role
from ducha.documents.enums import Addressee
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.outbox.enums import Channel
from ducha.outbox.models import UnitChannels, UserChannels
from ducha.outbox.services import enqueue
from ducha.progress.models import Notification

SMS_LIMIT = 140  # characters of an SMS text, link included


@dataclass(frozen=True)
class Delivery:
    """One message of the plan: to whom (in words), how, and the address."""

    who: str
    channel: str
    address: str
    user: Any = None  # for in-app notifications

    @property
    def channel_label(self) -> str:
        return "站内" if self.channel == "app" else str(Channel(self.channel).label)


def _users_deliveries(users: list[Any], role: str) -> list[Delivery]:
    prefs = {c.user_id: c for c in UserChannels.objects.filter(user__in=users)}
    out: list[Delivery] = []
    for user in users:
        name = f"{role} {user.get_full_name() or user.username}"
        out.append(Delivery(name, "app", str(user.pk), user))
        pref = prefs.get(user.pk)
        if user.email and (pref is None or pref.by_email):
            out.append(Delivery(name, Channel.EMAIL, user.email))
        if pref is not None and pref.by_sms and pref.mobile:
            out.append(Delivery(name, Channel.SMS, pref.mobile))
    return out


def _active_users(ids: Any) -> list[Any]:
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def plan(
    unit: Unit, item: WorkItem | None, *, addressee: str, copy_leaders: bool
) -> list[Delivery]:
    """Every message a document to `unit` causes, in the order they are listed."""
    reporters = Membership.objects.filter(role=Role.REPORTER, unit=unit).values("user_id")
    out = _users_deliveries(_active_users(reporters), f"{unit}联络员")
    channels = UnitChannels.objects.filter(unit=unit).first()
    if channels is not None:
        if addressee == Addressee.HEAD and channels.head_mobile:
            head = f"{unit}负责人 {channels.head_name}".strip()
            out.append(Delivery(head, Channel.SMS, channels.head_mobile))
        if channels.wecom_webhook:
            out.append(Delivery(f"{unit}企业微信群", Channel.WECOM, f"unit:{unit.pk}"))
        if channels.dingtalk_webhook:
            out.append(Delivery(f"{unit}钉钉群", Channel.DINGTALK, f"unit:{unit.pk}"))
    if copy_leaders and item is not None:
        leaders = Membership.objects.filter(role=Role.LEADER, leader__in=item.leaders.all()).values(
            "user_id"
        )
        out += _users_deliveries(_active_users(leaders), "牵头领导")
    return out


def short_text(subject: str, text: str, url: str) -> str:
    """A message a phone shows whole: the text cut to fit, then the link."""
    link = f"{settings.SITE_URL}{url}"
    room = SMS_LIMIT - len(link) - len(subject) - 2
    if len(text) > room:
        text = text[: max(room - 1, 0)] + "…"
    return f"{subject}{text}\n{link}"


def send(deliveries: list[Delivery], *, subject: str, text: str, url: str, topic: str) -> None:
    """Queue the plan in the caller's transaction: notifications now, the rest in the outbox."""
    Notification.objects.bulk_create(
        Notification(user=d.user, text=f"{subject}{text}"[:300], url=url)
        for d in deliveries
        if d.channel == "app"
    )
    body = short_text(subject, text, url)
    by_channel: dict[str, list[str]] = {}
    for d in deliveries:
        if d.channel != "app":
            by_channel.setdefault(d.channel, []).append(d.address)
    for channel, addresses in by_channel.items():
        mail_body = f"{text}\n\n{settings.SITE_URL}{url}" if channel == Channel.EMAIL else body
        enqueue(addresses, subject=subject, body=mail_body, topic=topic, channel=channel)
