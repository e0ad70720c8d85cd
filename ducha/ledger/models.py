"""The ledger (台账): where work items come from, and the items with their responsibilities."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.ledger.enums import SourceKind
from ducha.org.models import Leader, Unit


class Source(models.Model):
    """Where items were decided: a council meeting, the work report, an instruction…"""

    kind = models.CharField(_("kind"), max_length=32, choices=SourceKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    meeting_number = models.PositiveIntegerField(_("meeting number"), null=True, blank=True)
    meeting_date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["kind", "meeting_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=SourceKind.MAYOR_COUNCIL)
                | Q(meeting_number__isnull=False, meeting_date__isnull=False),
                name="source_council_has_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WorkItem(models.Model):
    """A major work item (重大工作事项) followed by the office, with who answers for it."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="items"
    )
    category = models.CharField(_("category"), max_length=50, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Ledgers write 长期坚持 for work without an end; such an item has no deadline.
    ongoing = models.BooleanField(_("ongoing (no deadline)"), default=False)
    leaders = models.ManyToManyField(
        Leader, verbose_name=_("lead leaders"), related_name="items", blank=True
    )
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_items"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("co-units"), related_name="co_items", blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="work_item_title_not_empty"),
            models.CheckConstraint(condition=~Q(code=""), name="work_item_code_not_empty"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="work_item_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The item page (each unit's reports, the forms, the timeline)."""
        return reverse("progress:item", args=[self.pk])


class WorkItemAlias(models.Model):
    """Another name bulletins give an item (市区集中供热 for 推进市区集中供热工程建设): an
    import that reads it matches the item without asking again."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("alias"), max_length=200)

    class Meta:
        verbose_name = _("work item alias")
        verbose_name_plural = _("work item aliases")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "name"], name="work_item_alias_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="work_item_alias_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The page of the item this name stands for."""
        return reverse("progress:item", args=[self.item_id])


class ImportState(models.TextChoices):
    CHECKING = "checking", _("checking")
    CHECKED = "checked", _("checked, waiting for confirmation")
    IMPORTING = "importing", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")


class LedgerImport(models.Model):
    """An uploaded ledger file on its way in: checked, previewed, confirmed, imported.

    The file is kept in the row so any process can check or import it; the report holds
    the preview, the located errors and, at the end, what was written.
    """

    token = models.UUIDField(_("token"), unique=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    filename = models.CharField(_("file name"), max_length=200)
    data = models.BinaryField(_("file"))
    year = models.PositiveSmallIntegerField(_("year of dates without one"))
    default_source = models.ForeignKey(
        Source,
        verbose_name=_("source of rows without one"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when the file's 状态 column rates the items for a round (a ratings export).
    round = models.ForeignKey(
        "review.Round",
        verbose_name=_("round rated by the file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    create_missing = models.BooleanField(_("create missing units and leaders"), default=False)
    state = models.CharField(
        _("import state"), max_length=16, choices=ImportState.choices, default=ImportState.CHECKING
    )
    # The process that runs the job (host:pid) and when it last showed progress: a job
    # whose process died is told from one that is slow (ducha.ledger.jobs).
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("ledger:import_status", args=[self.token])

    @property
    def running(self) -> bool:
        return self.state in {ImportState.CHECKING, ImportState.IMPORTING}

    @property
    def has_file(self) -> bool:
        """Whether the uploaded file is still kept (it is dropped once the job is done)."""
        return bool(self.data)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
