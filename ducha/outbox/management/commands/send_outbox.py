"""`ducha send-outbox`: run every minute from cron or a systemd timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ducha.outbox.sender import MAX_ATTEMPTS, send_outbox


class Command(BaseCommand):
    help = "Send the mail waiting in the outbox; failures are retried later. Safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = send_outbox()
        self.stdout.write(
            f"outbox: {outcome.sent} sent, {outcome.failed} failed, "
            f"{outcome.given_up} given up after {MAX_ATTEMPTS} attempts"
        )
