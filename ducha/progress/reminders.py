"""催办: remind units of reports that are due soon or overdue.

Idempotent and safe to run in parallel, like healthchecks' sendalerts:
1. insert one Reminder row per (round, item, unit, kind) that is due, ignoring rows that
   exist (the unique constraint makes "already reminded" a property of the database);
2. in one transaction per reminder: mark it sent with a conditional UPDATE (only one run
   changes the row), leave the notifications and put the mail in the outbox;
3. deliver the outbox (`ducha.outbox.sender`), which retries what the server refuses.
A run that dies inside 2 commits nothing, so the next run does it; mail is never sent
from inside the transaction, so a mail server that is down costs nothing here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ducha.ledger.models import WorkItem
from ducha.progress import missing
from ducha.progress.enums import ReminderKind
from ducha.progress.links import item_url
from ducha.progress.models import Reminder, ReportingDeadline
from ducha.progress.notify import notify_unit
from ducha.progress.queries import current_round
from ducha.progress.warnings import DUE_SOON


@dataclass(frozen=True)
class Outcome:
    created: int
    sent: int


def _kind(deadline: ReportingDeadline, now: datetime.datetime) -> str | None:
    if now > deadline.due:
        return ReminderKind.OVERDUE
    if now > deadline.due - DUE_SOON:
        return ReminderKind.DUE_SOON
    return None


def missing_parts(deadline: ReportingDeadline) -> Iterator[tuple[int, int]]:
    """(item id, unit id) of every open item part without a report in for the round."""
    parts = missing.missing_parts(deadline.round, WorkItem.objects.all())
    yield from parts.leads.values_list("pk", "lead_unit_id").iterator()
    yield from parts.co_units.values_list("workitem_id", "unit_id").iterator()


def create_due_reminders(now: datetime.datetime) -> int:
    """Step 1: one row per due reminder; rows that exist are left alone."""
    created = 0
    # Only the round being reported: older rounds are closed, and an installation that
    # imports its history must not send years of reminders.
    current = current_round()
    for deadline in ReportingDeadline.objects.filter(round=current).select_related("round"):
        kind = _kind(deadline, now)
        if kind is None:
            continue
        before = Reminder.objects.filter(round=deadline.round, kind=kind).count()
        Reminder.objects.bulk_create(
            (
                Reminder(
                    round=deadline.round, item_id=item, unit_id=unit, kind=kind, created_at=now
                )
                for item, unit in missing_parts(deadline)
            ),
            ignore_conflicts=True,
            batch_size=500,
        )
        created += Reminder.objects.filter(round=deadline.round, kind=kind).count() - before
    return created


@transaction.atomic
def send_one(reminder_id: int, now: datetime.datetime) -> bool:
    """Step 2: claim the reminder, notify the unit's reporters and queue their mail, all
    in one transaction; False when another run has sent it."""
    claimed = Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
        claimed_at=now, sent_at=now
    )
    if claimed != 1:
        return False
    reminder = Reminder.objects.select_related("round__reporting", "item").get(pk=reminder_id)
    due = reminder.round.reporting.due
    when = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    what = f"“{reminder.item}”{reminder.round.name}进展情况"
    if reminder.kind == ReminderKind.OVERDUE:
        text = f"{what}已逾期未报（截止{when}），请尽快报送。"
    else:
        text = f"{what}将于{when}截止报送，请按时报送。"
    recipients = notify_unit(
        reminder.unit_id,
        subject=f"【督查室催办】{reminder.item}",
        text=text,
        url=item_url(reminder.item_id, reminder.round.code),
        topic="reminder",
    )
    Reminder.objects.filter(pk=reminder.pk).update(recipients=recipients)
    return True


def send_reminders(now: datetime.datetime | None = None) -> Outcome:
    """Steps 1 and 2; the command then delivers the outbox (step 3)."""
    now = now or timezone.now()
    created = create_due_reminders(now)
    sent = 0
    pending = Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
    for reminder_id in list(pending):
        sent += send_one(reminder_id, now)
    return Outcome(created=created, sent=sent)
