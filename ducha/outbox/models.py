"""The outbox: every message to the outside world is a row first, sent later.

A state change and the messages it causes commit together; a sender (`ducha send-outbox`)
delivers them afterwards, so a mail server that is down never loses a message and never
turns a page action into an error.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.outbox.enums import Channel, MessageState


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
