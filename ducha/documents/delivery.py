"""Who receives a document, on which channel: one plan, shown in the preview and then queued.

The unit's reporters get it in the app (they acknowledge it), by e-mail and by SMS as each
chose; the unit's head by SMS to the head's mobile; the unit's group robots (企业微信, 钉钉)
when it has them; a copy to the lead leaders' users as each chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from ducha.accounts.models import Membership, Role
from ducha.documents.enums import Addressee
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.outbox.enums import Channel
from ducha.outbox.models import UnitChannels
from ducha.outbox.services import enqueue_by_channel, user_addresses
from ducha.progress.models import Notification


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
    out: list[Delivery] = []
    addresses = user_addresses(users)
    for user in users:
        name = f"{role} {user.get_full_name() or user.username}"
        out.append(Delivery(name, "app", str(user.pk), user))
        out += [Delivery(name, channel, address) for u, channel, address in addresses if u == user]
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


def send(deliveries: list[Delivery], *, subject: str, text: str, url: str, topic: str) -> None:
    """Queue the plan in the caller's transaction: notifications now, the rest in the outbox."""
    Notification.objects.bulk_create(
        Notification(user=d.user, text=f"{subject}{text}"[:300], url=url)
        for d in deliveries
        if d.channel == "app"
    )
    addresses = [(d.channel, d.address) for d in deliveries if d.channel != "app"]
    enqueue_by_channel(addresses, subject=subject, text=text, url=url, topic=topic)
