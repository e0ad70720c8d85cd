"""How a message leaves: one small class per channel, each with one `send`.

`send` returns only when the far side has accepted the message and raises otherwise;
the sender records every attempt. New channels (webhooks, SMS gateways) add a class here.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from ducha.outbox.enums import Channel
from ducha.outbox.models import OutboxMessage


class Sender(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


class EmailSender:
    """Mail through Django's configured backend (SMTP in production)."""

    def send(self, message: OutboxMessage) -> None:
        connection = get_connection(
            fail_silently=False, timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 30
        )
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": message.message_id},
            connection=connection,
        )
        # smtplib raises unless the server accepted the message for the recipient.
        if mail.send(fail_silently=False) != 1:
            raise RuntimeError("the mail backend sent nothing")


SENDERS: dict[str, Sender] = {Channel.EMAIL: EmailSender()}
