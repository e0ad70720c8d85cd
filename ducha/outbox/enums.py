"""The outbox's vocabularies: channels and the states of a message."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")  # through the province's 政务短信 gateway
    WECOM = "wecom", _("WeCom group robot")  # 企业微信群机器人
    DINGTALK = "dingtalk", _("DingTalk group robot")  # 钉钉自定义机器人


class MessageState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("delivered")
    # Given up after the last attempt: shown to the office, which can send it again.
    FAILED = "failed", _("given up")


# Waiting, being sent, or given up: what the office's page lists as not delivered.
UNDELIVERED = (MessageState.PENDING, MessageState.SENDING, MessageState.FAILED)
