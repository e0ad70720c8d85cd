"""How a message leaves: one small class per channel, each with one `send`.

`send` returns only when the far side has accepted the message and raises otherwise;
the sender records every attempt: e-mail, SMS through an HTTP gateway, and the group
robots of 企业微信 and 钉钉.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from ducha.outbox.enums import Channel
from ducha.outbox.models import OutboxMessage, UnitChannels


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


ANSWER_LIMIT = 64 * 1024  # a gateway's answer is read up to this size


def post(url: str, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> str:
    """POST and return the answer's text; raise unless the server answered 2xx in time."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"not a web address: {url[:80]}")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.CHANNEL_TIMEOUT) as answer:
            return str(answer.read(ANSWER_LIMIT).decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        text = error.read(500).decode("utf-8", "replace")
        raise RuntimeError(f"HTTP {error.code}: {text}") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        # Unreachable: the other messages to this server would fail the same way now.
        raise ChannelDown(f"{type(error).__name__}: {error}") from error


class SmsSender:
    """SMS through the configured HTTP gateway (most provinces run their own 政务短信
    platform): the template, with {mobile} and {text} filled in, is POSTed to DUCHA_SMS_URL."""

    def close(self) -> None:
        pass

    def send(self, message: OutboxMessage) -> None:
        if not settings.SMS_URL:
            raise ChannelDown("DUCHA_SMS_URL is not set")
        template: str = settings.SMS_TEMPLATE
        is_json = "json" in settings.SMS_CONTENT_TYPE

        def fill(value: str) -> str:
            if is_json:
                return json.dumps(value, ensure_ascii=False)[1:-1]
            return urllib.parse.quote(value)

        body = template.replace("{mobile}", fill(message.recipient)).replace(
            "{text}", fill(message.body)
        )
        headers = {"Authorization": f"Bearer {settings.SMS_TOKEN}"} if settings.SMS_TOKEN else {}
        answer = post(settings.SMS_URL, body.encode("utf-8"), settings.SMS_CONTENT_TYPE, headers)
        if settings.SMS_SUCCESS and settings.SMS_SUCCESS not in answer:
            raise RuntimeError(f"the gateway refused: {answer[:500]}")


def robot_of(message: OutboxMessage) -> UnitChannels:
    """The unit a robot message goes to: its recipient is `unit:<id>`, so the address and the
    secret are read at sending time and never copied into the outbox."""
    kind, _, pk = message.recipient.partition(":")
    found = UnitChannels.objects.filter(unit_id=int(pk)).first() if kind == "unit" else None
    if found is None:
        raise RuntimeError(f"no robot configured for {message.recipient}")
    return found


def post_to_robot(url: str, message: OutboxMessage) -> None:
    """One unit's robot being unreachable says nothing of the others: a plain failure."""
    try:
        answer = post(url, text_payload(message), "application/json; charset=utf-8")
    except ChannelDown as error:
        raise RuntimeError(str(error)) from error
    _robot_answer(answer)


def _robot_answer(answer: str) -> None:
    """Both robots answer 200 with {"errcode": 0, "errmsg": "ok"} or an error code."""
    try:
        code = json.loads(answer).get("errcode")
    except (ValueError, AttributeError):
        raise RuntimeError(f"unexpected answer: {answer[:500]}") from None
    if code != 0:
        raise RuntimeError(f"the robot refused: {answer[:500]}")


def text_payload(message: OutboxMessage) -> bytes:
    # The body is already the short text a phone shows, ending with the link.
    payload = {"msgtype": "text", "text": {"content": message.body}}
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


class WeComSender:
    """企业微信 group robot: its webhook address carries the key."""

    def close(self) -> None:
        pass

    def send(self, message: OutboxMessage) -> None:
        url = robot_of(message).wecom_webhook
        if not url:
            raise RuntimeError("the unit has no WeCom robot")
        post_to_robot(url, message)


def dingtalk_signature(secret: str, timestamp_ms: int) -> str:
    """钉钉 加签: base64 of HMAC-SHA256 over "timestamp\nsecret", keyed with the secret."""
    signed = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class DingTalkSender:
    """钉钉 custom robot; with a secret, each call is signed with the time in milliseconds."""

    def close(self) -> None:
        pass

    def send(self, message: OutboxMessage) -> None:
        robot = robot_of(message)
        url = robot.dingtalk_webhook
        if not url:
            raise RuntimeError("the unit has no DingTalk robot")
        if robot.dingtalk_secret:
            timestamp = int(time.time() * 1000)
            sign = urllib.parse.quote_plus(dingtalk_signature(robot.dingtalk_secret, timestamp))
            url += ("&" if "?" in url else "?") + f"timestamp={timestamp}&sign={sign}"
        post_to_robot(url, message)


SENDERS: dict[str, Sender] = {
    Channel.EMAIL: EmailSender(),
    Channel.SMS: SmsSender(),
    Channel.WECOM: WeComSender(),
    Channel.DINGTALK: DingTalkSender(),
}
