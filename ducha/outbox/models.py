"""The outbox: every message to the outside world is a row first, sent later.

A state change and the messages it causes commit together; a sender (`ducha send-outbox`)
delivers them afterwards, so a mail server that is down never loses a message and never
turns a page action into an error.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.org.models import Unit
from ducha.outbox.enums import Channel, MessageState

# 11-digit mainland mobile numbers, or + and a country code.
MOBILE = RegexValidator(r"^(1\d{10}|\+\d{8,15})$", _("Enter a mobile number, e.g. 13800000000."))
ROBOT_URL = RegexValidator(r"^https?://", _("Enter the robot's web address (http or https)."))


class OutboxMessage(models.Model):
    """One message to one recipient on one channel, with its delivery state."""

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    # What caused it ("reminder", "report.returned"…), for the office's page.
    topic = models.CharField(_("topic"), max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=MessageState.choices, default=MessageState.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # The sender that holds the message while it is being sent: host:pid and a token.
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claim_token = models.UUIDField(_("claim"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # The same on every attempt, so a receiver can recognise a message sent again.
    message_id = models.CharField(_("message id"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=MessageState.SENT) | Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=MessageState.SENDING) | Q(claim_token__isnull=False),
                name="outbox_sending_is_claimed",
            ),
            models.CheckConstraint(condition=~Q(recipient=""), name="outbox_has_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject}"


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@ducha>"


class DeliveryAttempt(models.Model):
    """One try at sending a message, and what the server said."""

    message = models.ForeignKey(
        OutboxMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="tries"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    ok = models.BooleanField(_("accepted"))
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.error[:60]}"


class UserChannels(models.Model):
    """How a user wants to be told: a mobile number for SMS, and which channels."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    mobile = models.CharField(_("mobile number"), max_length=16, blank=True, validators=[MOBILE])
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_sms = models.BooleanField(_("by SMS"), default=False)

    class Meta:
        verbose_name = _("user channels")
        verbose_name_plural = _("user channels")
        constraints = [
            models.CheckConstraint(
                condition=Q(by_sms=False) | ~Q(mobile=""), name="user_sms_has_mobile"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class UnitChannels(models.Model):
    """How a unit is reached beside its reporters: its head's mobile, its group robots."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="channels"
    )
    head_name = models.CharField(_("head of the unit"), max_length=20, blank=True)
    head_mobile = models.CharField(
        _("head's mobile number"), max_length=16, blank=True, validators=[MOBILE]
    )
    wecom_webhook = models.CharField(
        _("WeCom robot address"), max_length=300, blank=True, validators=[ROBOT_URL]
    )
    dingtalk_webhook = models.CharField(
        _("DingTalk robot address"), max_length=300, blank=True, validators=[ROBOT_URL]
    )
    # 加签: the robot's secret, with which each message's timestamp is signed.
    dingtalk_secret = models.CharField(_("DingTalk robot secret"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("unit channels")
        verbose_name_plural = _("unit channels")

    def __str__(self) -> str:
        return str(self.unit)
