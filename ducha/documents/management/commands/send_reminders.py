"""`ducha send-reminders`: run every few minutes from cron or a systemd timer.

Here rather than in progress/ because it runs both steps: the reminders (progress) and the
escalation documents (催办单, 督查单) that build on them, then the outbox."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ducha.documents.escalation import escalate
from ducha.outbox.sender import send_outbox
from ducha.progress.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send reminders (催办) for reports that are due soon or overdue, issue the escalation "
        "documents (催办单, 督查单) the office's rules call for, then deliver the outbox; "
        "safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = send_reminders()
        self.stdout.write(f"reminders: {outcome.created} new, {outcome.sent} sent")
        documents = escalate()
        self.stdout.write(f"documents: {documents} issued")
        mail = send_outbox()
        self.stdout.write(f"outbox: {mail.sent} sent, {mail.failed} failed (retried later)")
