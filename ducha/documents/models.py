"""Numbered documents (公文): their series and 文号 counters, the 登记簿, escalation rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.documents.enums import DEFAULT_PATTERNS, Addressee, DocumentKind, Level
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.review.models import Round

USER = settings.AUTH_USER_MODEL


class DocumentSeries(models.Model):
    """How the office numbers and signs one kind of document: 许督〔{year}〕{n}号."""

    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices, unique=True)
    pattern = models.CharField(
        _("number format"),
        max_length=40,
        help_text=_("{year} is the year in full, {n} the number, e.g. 许督〔{year}〕{n}号"),
    )
    # 发文机关标志 (red, in the 版头) and the 署名 at the end.
    issuer = models.CharField(_("issuing office"), max_length=40, default="市政府督查室")
    printed_by = models.CharField(_("printed by"), max_length=40, default="市政府督查室")

    class Meta:
        verbose_name = _("document series")
        verbose_name_plural = _("document series")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(condition=Q(pattern__contains="{n}"), name="series_has_number"),
            models.CheckConstraint(condition=~Q(issuer=""), name="series_has_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.pattern}"

    @classmethod
    def default(cls, kind: str) -> DocumentSeries:
        return cls(kind=kind, pattern=DEFAULT_PATTERNS[DocumentKind(kind)])


class DocumentCounter(models.Model):
    """The last number given in a series in a year. Raised in the transaction that issues
    the document, so a document that is not issued leaves no gap."""

    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="counter_one_per_kind_year"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class EscalationRule(models.Model):
    """Late by `days_late` days → this document to this addressee (the office sets them)."""

    days_late = models.PositiveSmallIntegerField(_("days late"), unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=[
            (DocumentKind.URGE, DocumentKind.URGE.label),
            (DocumentKind.ORDER, DocumentKind.ORDER.label),
        ],
    )
    level = models.CharField(_("colour"), max_length=8, choices=Level.choices, blank=True)
    addressee = models.CharField(
        _("sent to"), max_length=16, choices=Addressee.choices, default=Addressee.REPORTER
    )
    copy_lead_leader = models.BooleanField(_("copied to the lead leaders"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["days_late"]
        constraints = [
            models.CheckConstraint(condition=Q(days_late__gte=1), name="rule_days_positive"),
            models.CheckConstraint(
                condition=(Q(kind=DocumentKind.ORDER) & ~Q(level=""))
                | (Q(kind=DocumentKind.URGE) & Q(level="")),
                name="rule_order_has_colour",
            ),
        ]

    def __str__(self) -> str:
        colour = f"（{self.get_level_display()}）" if self.level else ""
        return f"+{self.days_late} → {self.get_kind_display()}{colour}"


class Document(models.Model):
    """One numbered document as issued: the row of the 登记簿 (register)."""

    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    level = models.CharField(_("colour"), max_length=8, choices=Level.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    number = models.CharField(_("document number"), max_length=60)
    title = models.CharField(_("title"), max_length=120)
    issuer = models.CharField(_("issuing office"), max_length=40)
    printed_by = models.CharField(_("printed by"), max_length=40, blank=True)
    main_to = models.CharField(_("addressed to"), max_length=300)
    copy_to = models.CharField(_("copied to"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("recipient unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    item = models.ForeignKey(
        WorkItem,
        verbose_name=_("work item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), null=True, blank=True, on_delete=models.PROTECT
    )
    bulletin = models.ForeignKey(
        "bulletins.Bulletin",
        verbose_name=_("bulletin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The escalation rule that issued it (empty when issued by hand): with the round, item
    # and unit it is the claim that makes `send-reminders` issue each escalation once.
    rule = models.ForeignKey(
        EscalationRule,
        verbose_name=_("escalation rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    recipients = models.TextField(_("recipients"), blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        USER,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
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
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "serial"], name="document_number_once"),
            models.UniqueConstraint(
                fields=["bulletin"],
                condition=Q(bulletin__isnull=False),
                name="document_bulletin_registered_once",
            ),
            models.CheckConstraint(condition=Q(serial__gte=1), name="document_serial_positive"),
            models.CheckConstraint(
                condition=(Q(kind=DocumentKind.ORDER) & ~Q(level=""))
                | (~Q(kind=DocumentKind.ORDER) & Q(level="")),
                name="document_order_has_colour",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(acknowledged_by__isnull=False),
                name="document_acknowledged_by_someone",
            ),
            models.UniqueConstraint(
                fields=["rule", "round", "item", "unit"],
                condition=Q(rule__isnull=False),
                name="document_escalation_once",
            ),
        ]
        indexes = [models.Index(fields=["unit", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.body.splitlines() if line.strip()]

    @property
    def copies(self) -> list[str]:
        return [name for name in self.copy_to.split("，") if name]
