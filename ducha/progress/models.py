"""Progress reporting: assignments, deadlines, reports with values and evidence, requests,
reminders and notifications."""

from __future__ import annotations

import decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.progress.enums import ReminderKind, ReportState, RequestState
from ducha.review.models import Round

USER = settings.AUTH_USER_MODEL


class ReportingDeadline(models.Model):
    """When the units' reports for a round are due (报送截止时间)."""

    round = models.OneToOneField(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reporting"
    )
    due = models.DateTimeField(_("reports due"))

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        ordering = ["-due"]

    def __str__(self) -> str:
        return f"{self.round} · {self.due:%Y-%m-%d %H:%M}"


class Target(models.Model):
    """A measurable target of an item, e.g. 到位资金 560亿元 for the year."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="targets"
    )
    name = models.CharField(_("indicator"), max_length=50)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=10)
    value = models.DecimalField(_("annual target"), max_digits=14, decimal_places=2)
    period_start = models.DateField(_("counted from"))
    period_end = models.DateField(_("due by"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "name"], name="target_name_unique_per_item"),
            models.CheckConstraint(condition=Q(value__gt=0), name="target_value_positive"),
            models.CheckConstraint(
                condition=Q(period_start__lt=models.F("period_end")), name="target_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}{self.value.normalize():f}{self.unit_of_measure}"


class Milestone(models.Model):
    """A dated step of an item with the share of the work expected done by then."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="milestones"
    )
    due = models.DateField(_("due"))
    title = models.CharField(_("title"), max_length=100)
    expected_percent = models.PositiveSmallIntegerField(_("expected progress (%)"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["item", "due"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_percent__lte=100), name="milestone_percent_at_most_100"
            ),
            models.UniqueConstraint(fields=["item", "due"], name="milestone_one_per_day"),
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """An item handed to a unit (交办) and the unit's acknowledgement (签收)."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    assigned_by = models.ForeignKey(
        USER, verbose_name=_("assigned by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["item", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["item", "unit"], name="assignment_one_per_unit"),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(acknowledged_by__isnull=False),
                name="assignment_acknowledged_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.unit}"


class ProgressReport(models.Model):
    """One unit's report on its part of an item for a round."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.PROTECT, related_name="reports"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    narrative = models.TextField(_("progress"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    # Bumped on every change; a form carries the version it was built from, so a write
    # made from a stale page is refused instead of overwriting someone else's.
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submission time"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        USER, verbose_name=_("updated by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Derived when the report is submitted (from its values and the item's targets), so lists
    # can show the yellow warning without recomputing schedules for every row.
    behind_schedule = models.BooleanField(_("behind schedule"), default=False)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["round", "item", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "round", "unit"], name="report_one_per_item_round_unit"
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.RETURNED) | ~Q(return_reason=""),
                name="report_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(state=ReportState.DRAFT) | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self) -> str:
        return f"{self.item} · {self.unit} · {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("progress:item", args=[self.item_id]) + f"#report-{self.pk}"


class TargetValue(models.Model):
    """The value a report gives for one of the item's targets, e.g. 到位资金 293亿元."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("value so far"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target value")
        verbose_name_plural = _("target values")
        ordering = ["report", "target"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="target_value_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.target.name}{self.value.normalize():f}{self.target.unit_of_measure}"

    @property
    def as_decimal(self) -> decimal.Decimal:
        return decimal.Decimal(self.value)


def evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name is ours; the uploader's name is kept in `name` for display only.
    return f"evidence/{instance.report_id}/{timezone.now():%Y%m%d%H%M%S%f}.{instance.kind}"


class Evidence(models.Model):
    """A file attached to a report as evidence (佐证材料)."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("progress:evidence", args=[self.pk])


class UnitRequest(models.Model):
    """What a unit's request to the office records, whatever it asks: who asked, who decided."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    requested_by = models.ForeignKey(
        USER, verbose_name=_("requested by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-requested_at"]


class ExtensionRequest(UnitRequest):
    """A unit's request to move an item's deadline (延期申请), and the office's decision."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="extensions"
    )
    current_deadline = models.DateField(_("current deadline"), null=True, blank=True)
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="extension_has_reason"),
            models.CheckConstraint(
                condition=Q(state=RequestState.PENDING) | ~Q(decision_reason=""),
                name="extension_decision_has_reason",
            ),
            models.UniqueConstraint(
                fields=["item", "unit"],
                condition=Q(state=RequestState.PENDING),
                name="extension_one_pending_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.unit} · {self.requested_deadline}"


class CloseOutRequest(UnitRequest):
    """A unit's request to close an item as done (办结/销号), approved by the office."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="close_outs"
    )
    summary = models.TextField(_("summary of the work done"))

    class Meta:
        verbose_name = _("close-out request")
        verbose_name_plural = _("close-out requests")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(summary=""), name="close_out_has_summary"),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(state__in=[RequestState.PENDING, RequestState.APPROVED]),
                name="close_out_one_open_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_state_display()}"


class CombinedStatement(models.Model):
    """The one statement of an item with several units, written by the office for the bulletin."""

    item = models.ForeignKey(WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE)
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE)
    text = models.TextField(_("combined statement"))
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        USER, verbose_name=_("updated by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("combined statement")
        verbose_name_plural = _("combined statements")
        ordering = ["round", "item"]
        constraints = [
            models.UniqueConstraint(fields=["item", "round"], name="combined_statement_once"),
            models.CheckConstraint(condition=~Q(text=""), name="combined_statement_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:30]


class Reminder(models.Model):
    """One reminder (催办) for a unit's report on an item in a round.

    The unique constraint is the claim: whichever copy of `send-reminders` inserts the row
    owns it, so two copies running at once never send the same reminder twice.
    """

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE)
    item = models.ForeignKey(WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "item", "unit", "kind"], name="reminder_once_per_kind"
            ),
        ]
        indexes = [models.Index(fields=["sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.item} · {self.unit}"


class Notification(models.Model):
    """An in-app message for one user (reminders, returned reports, decisions)."""

    user = models.ForeignKey(
        USER, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
