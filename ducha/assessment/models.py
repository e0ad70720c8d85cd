"""Unit assessment (考核): the rules an office sets for a year, and the year's frozen scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.assessment.enums import EventKind


class RuleSet(models.Model):
    """A year's assessment rules: the base score every unit starts from."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    base_score = models.DecimalField(_("base score"), max_digits=6, decimal_places=2)
    base_origin = models.TextField(_("why this base score"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment rules")
        verbose_name_plural = _("assessment rules")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="ruleset_year"
            ),
            models.CheckConstraint(
                condition=Q(base_score__gte=0), name="ruleset_base_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年考核规则"


class Rule(models.Model):
    """Points for one kind of event (negative: a deduction), capped per event if set."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    cap = models.DecimalField(
        _("at most (points per event)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For deductions per day: the most one event can cost."),
    )
    origin = models.TextField(_("why this number"), blank=True)

    class Meta:
        verbose_name = _("assessment rule")
        verbose_name_plural = _("assessment rules")
        ordering = ["rule_set", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "kind"], name="rule_one_per_kind"),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gt=0), name="rule_cap_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points}"


class Freeze(models.Model):
    """A year's scores as published to the office at year end; never changed afterwards."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    frozen_at = models.DateTimeField(_("frozen"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    snapshot = models.JSONField(_("scores"), editable=False)

    class Meta:
        verbose_name = _("frozen assessment")
        verbose_name_plural = _("frozen assessments")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年考核结果"
