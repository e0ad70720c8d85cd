"""States of the workflow's objects, with the transitions each allows beside them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("draft")  # 草稿
    SUBMITTED = "submitted", _("submitted")  # 已报送
    RETURNED = "returned", _("returned")  # 已退回
    ACCEPTED = "accepted", _("accepted")  # 已采纳


REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportState.DRAFT: frozenset({ReportState.SUBMITTED}),
    ReportState.SUBMITTED: frozenset({ReportState.RETURNED, ReportState.ACCEPTED}),
    ReportState.RETURNED: frozenset({ReportState.SUBMITTED}),
    ReportState.ACCEPTED: frozenset(),
}
# The unit may still edit its text and files in these states.
REPORT_EDITABLE = frozenset({ReportState.DRAFT, ReportState.RETURNED})
# A report in these states counts as "reported" for deadlines and reminders.
REPORT_IN = frozenset({ReportState.SUBMITTED, ReportState.ACCEPTED})


class RequestState(models.TextChoices):
    """An extension or close-out request: asked by the unit, decided by the office."""

    PENDING = "pending", _("pending")  # 待审批
    APPROVED = "approved", _("approved")  # 已批准
    DENIED = "denied", _("denied")  # 未批准


REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestState.PENDING: frozenset({RequestState.APPROVED, RequestState.DENIED}),
    RequestState.APPROVED: frozenset(),
    RequestState.DENIED: frozenset(),
}


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("due soon")  # 即将到期
    OVERDUE = "overdue", _("overdue")  # 已逾期


class Warning(models.TextChoices):
    """预警 levels, most serious first; computed, never typed."""

    RED = "red", _("red")
    YELLOW = "yellow", _("yellow")
    BLUE = "blue", _("blue")
    NONE = "none", _("none")


def can_move(transitions: dict[str, frozenset[str]], current: str, wanted: str) -> bool:
    return wanted in transitions.get(current, frozenset())
