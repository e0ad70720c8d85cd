"""Escalation: reports that stay late get a 催办单, then 督查单 of rising colour.

Run by `ducha send-reminders` after the reminders. For every part of an item whose report
is still not in for the current round, the highest rule its lateness reaches is applied
once: the unique constraint on (rule, round, item, unit) makes "already issued" a property
of the database, so two runs at once issue it once; each document commits on its own with
its number, its messages and its audit event, so a run that dies loses nothing.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from ducha.documents import wording
from ducha.documents.enums import Addressee, DocumentKind, Level
from ducha.documents.models import Document, EscalationRule
from ducha.documents.services import Issue, current_round, register_document
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.progress.models import ReportingDeadline
from ducha.progress.reminders import missing_parts


def rule_for(days: int, rules: list[EscalationRule]) -> EscalationRule | None:
    """The highest rule `days` of lateness reaches (rules sorted by days_late)."""
    reached = [r for r in rules if r.days_late <= days]
    return reached[-1] if reached else None


def draft_for(
    rule: EscalationRule, item: WorkItem, unit: Unit, deadline: ReportingDeadline, days: int
) -> wording.Draft:
    if rule.kind == DocumentKind.URGE:
        return wording.urge(item, unit, deadline.round, deadline.due, days)
    copy_to = ""
    if rule.copy_lead_leader:
        copy_to = "，".join(str(leader) for leader in item.leaders.all())
    return wording.order(
        item, unit, deadline.round, deadline.due, days, level=rule.level, copy_to=copy_to
    )


def issue_for(
    rule: EscalationRule, item: WorkItem, unit: Unit, deadline: ReportingDeadline, days: int
) -> Issue:
    """The document a rule (stored, or made up for 催办 by hand) gives one late part."""
    return Issue(
        draft=draft_for(rule, item, unit, deadline, days),
        unit=unit,
        item=item,
        round=deadline.round,
        addressee=rule.addressee,
        copy_leaders=rule.copy_lead_leader,
        rule=rule if rule.pk else None,
    )


def by_hand(items: list[WorkItem], *, kind: str, level: str, now: datetime.datetime) -> list[Issue]:
    """催办 by hand: one document per selected item and unit whose report is not in for the
    current round; what the preview lists and the confirmation issues. A red 督查单 is
    copied to the lead leaders, a 督查单 goes to the unit's head."""
    deadline = ReportingDeadline.objects.filter(round=current_round()).select_related("round")
    found = deadline.first()
    if found is None:
        return []
    wanted = {item.pk: item for item in items}
    units = {u.pk: u for u in Unit.objects.all()}
    days = (now - found.due).days
    rule = EscalationRule(
        kind=kind,
        level=level,
        days_late=max(days, 1),
        addressee=Addressee.HEAD if kind == DocumentKind.ORDER else Addressee.REPORTER,
        copy_lead_leader=level == Level.RED,
    )
    return [
        issue_for(rule, wanted[item_id], units[unit_id], found, days)
        for item_id, unit_id in missing_parts(found)
        if item_id in wanted
    ]


def escalate(now: datetime.datetime | None = None) -> int:
    """Issue the documents that are due; returns how many this run issued."""
    now = now or timezone.now()
    rules = list(EscalationRule.objects.filter(active=True).order_by("days_late"))
    deadline = ReportingDeadline.objects.filter(round=current_round()).first()
    if not rules or deadline is None or now <= deadline.due:
        return 0
    days = (now - deadline.due).days
    rule = rule_for(days, rules)
    if rule is None:
        return 0
    issued = set(
        Document.objects.filter(rule=rule, round=deadline.round).values_list("item_id", "unit_id")
    )
    issued_count = 0
    for item_id, unit_id in list(missing_parts(deadline)):
        if (item_id, unit_id) in issued:
            continue
        issued_count += _issue_one(rule, deadline, item_id, unit_id, days, now)
    return issued_count


def _issue_one(
    rule: EscalationRule,
    deadline: ReportingDeadline,
    item_id: int,
    unit_id: int,
    days: int,
    now: datetime.datetime,
) -> bool:
    item = WorkItem.objects.get(pk=item_id)
    unit = Unit.objects.get(pk=unit_id)
    issue = issue_for(rule, item, unit, deadline, days)
    try:
        with transaction.atomic():
            register_document(issue, actor=None, now=now)
    except IntegrityError:
        return False  # another run issued it first; its number was given back with ours
    return True
