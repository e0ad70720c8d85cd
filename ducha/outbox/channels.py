"""How a message leaves: one small class per channel, each with one `send`.

`send` returns only when the far side has accepted the message and raises otherwise;
the sender records every attempt. New channels (webhooks, SMS gateways) add a class here.
"""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from ducha.outbox.enums import Channel
from ducha.outbox.models import OutboxMessage


class ChannelDown(ConnectionError):
    """The far side cannot be reached at all: the rest of this run would fail the same way."""


class Sender(Protocol):
    def send(self, message: OutboxMessage) -> None: ...

    def close(self) -> None: ...


class EmailSender:
    """Mail through Django's configured backend (SMTP in production).

    One connection serves a whole run of the sender: fewer handshakes, and the server's
    "250 OK" is the last thing before the message is recorded as sent (no QUIT between).
    """

    def __init__(self) -> None:
        self._connection: Any = None

    def _open(self) -> Any:
        if self._connection is None:
            connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
            try:
                connection.open()
            except OSError as error:  # refused, timed out, no route, TLS failure
                raise ChannelDown(f"{type(error).__name__}: {error}") from error
            self._connection = connection
        return self._connection

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # A connection already broken needs no goodbye.
            with contextlib.suppress(Exception):
                connection.close()

    def send(self, message: OutboxMessage) -> None:
        connection = self._open()
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": message.message_id},
            connection=connection,
        )
        # smtplib raises unless the server accepted the message for the recipient.
        try:
            accepted = connection.send_messages([mail])
        except Exception:
            self.close()  # never reuse a connection in an unknown state
            raise
        if accepted != 1:
            raise RuntimeError("the mail backend sent nothing")


SENDERS: dict[str, Sender] = {Channel.EMAIL: EmailSender()}
