"""`ducha send-reminders`: run every few minutes from cron or a systemd timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ducha.progress.reminders import send_reminders


class Command(BaseCommand):
    help = "Send reminders (催办) for reports that are due soon or overdue; safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = send_reminders()
        self.stdout.write(f"reminders: {outcome.created} new, {outcome.sent} sent")
