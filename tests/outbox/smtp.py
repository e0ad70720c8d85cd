"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), which records what it accepts."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    message_id: str
    to: list[str]
    subject: str
    body: str


@dataclass
class Recorder:
    """The handler: accepts every message (or refuses all with `refuse`) and keeps them."""

    refuse: str = ""
    # Seconds each message takes before the server answers, as a distant server does;
    # the message is recorded only as "250 OK" is given.
    delay: float = 0.0
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            return self.refuse
        parsed = email.message_from_bytes(envelope.content, policy=default)
        body = parsed.get_body(("plain",))
        with self.lock:
            self.messages.append(
                Received(
                    message_id=str(parsed["Message-ID"]),
                    to=list(envelope.rcpt_tos),
                    subject=str(parsed["Subject"]),
                    body=body.get_content() if body is not None else "",
                )
            )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(
    port: int | None = None, *, refuse: str = "", delay: float = 0.0
) -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder(refuse=refuse, delay=delay)
    port = port or free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()
