"""催办: remind units of reports that are due soon or overdue.

Idempotent and safe to run in parallel, like healthchecks' sendalerts:
1. insert one Reminder row per (round, item, unit, kind) that is due, ignoring rows that
   exist (the unique constraint makes "already reminded" a property of the database);
2. claim each unsent row with a conditional UPDATE and go on only if this run changed it;
3. leave the notification and send the mail, then mark the row sent.
A run that dies between 2 and 3 leaves a claim that expires after CLAIM_TIMEOUT.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ducha.ledger.models import WorkItem
from ducha.progress.enums import REPORT_IN, ReminderKind, RequestState
from ducha.progress.models import CloseOutRequest, ProgressReport, Reminder, ReportingDeadline
from ducha.progress.notify import notify_unit
from ducha.progress.warnings import DUE_SOON
from ducha.review.models import Round

CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
CoUnit = WorkItem.co_units.through


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
    round = deadline.round
    open_items = WorkItem.objects.exclude(
        Exists(CloseOutRequest.objects.filter(item=OuterRef("pk"), state=RequestState.APPROVED))
    )
    lead_in = ProgressReport.objects.filter(
        item=OuterRef("pk"), unit=OuterRef("lead_unit_id"), round=round, state__in=REPORT_IN
    )
    co_in = ProgressReport.objects.filter(
        item=OuterRef("workitem_id"), unit=OuterRef("unit_id"), round=round, state__in=REPORT_IN
    )
    yield from open_items.exclude(Exists(lead_in)).values_list("pk", "lead_unit_id").iterator()
    co = CoUnit.objects.filter(workitem__in=open_items).exclude(Exists(co_in))
    yield from co.values_list("workitem_id", "unit_id").iterator()


def create_due_reminders(now: datetime.datetime) -> int:
    """Step 1: one row per due reminder; rows that exist are left alone."""
    created = 0
    # Only the round being reported: older rounds are closed, and an installation that
    # imports its history must not send years of reminders.
    current = Round.objects.order_by("-period_end", "-pk").first()
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


def claim(reminder_id: int, now: datetime.datetime) -> bool:
    """Step 2: True only for the one run whose UPDATE changed the row."""
    expired = now - CLAIM_TIMEOUT
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=expired)
    return (
        Reminder.objects.filter(claimable, pk=reminder_id, sent_at__isnull=True).update(
            claimed_at=now
        )
        == 1
    )


def send_one(reminder: Reminder, now: datetime.datetime) -> None:
    """Step 3: notify the unit's reporters and record that the reminder went out."""
    with transaction.atomic():
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
            url=f"/items/{reminder.item_id}/?round={reminder.round.code}",
        )
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=now, recipients=recipients)


def send_reminders(now: datetime.datetime | None = None) -> Outcome:
    now = now or timezone.now()
    created = create_due_reminders(now)
    sent = 0
    pending = Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
    for reminder_id in list(pending):
        if not claim(reminder_id, now):
            continue
        reminder = Reminder.objects.select_related("round__reporting", "item").get(pk=reminder_id)
        send_one(reminder, now)
        sent += 1
    return Outcome(created=created, sent=sent)
