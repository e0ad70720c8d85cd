"""Responsible units (责任单位) and lead leaders (牵头领导)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("government department")
    COUNTY = "county", _("county, city or district government")
    COLLECTIVE = "collective", _("group of units")
    ENTERPRISE = "enterprise", _("enterprise")


class Unit(models.Model):
    """A unit that can be responsible for work items. Renamed units end and get a successor."""

    name = models.CharField(_("full name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50)
    kind = models.CharField(
        _("kind"), max_length=16, choices=UnitKind.choices, default=UnitKind.DEPARTMENT
    )
    order = models.PositiveIntegerField(_("order"), default=1000)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["order", "short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_validity_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(replaced_by=models.F("pk")), name="unit_not_replaced_by_itself"
            ),
            models.CheckConstraint(condition=~Q(short_name=""), name="unit_short_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.short_name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitAlias(models.Model):
    """Another name of a unit (市发改委 for 市发展和改革委员会), possibly valid only for a time."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("alias"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit alias")
        verbose_name_plural = _("unit aliases")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="unit_alias_unique"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_alias_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    """A city leader who leads work items, listed in order of precedence."""

    name = models.CharField(_("name of person"), max_length=20)
    title = models.CharField(_("position"), max_length=30)
    precedence = models.PositiveIntegerField(_("order of precedence"))
    active = models.BooleanField(_("in office"), default=True)

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["precedence", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "title"], name="leader_name_title_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="leader_name_not_empty"),
        ]

    def __str__(self) -> str:
        # The form bulletins use: 石迎军常务副市长
        return f"{self.name}{self.title}"
