"""Who a user is for the office: their roles, and the unit or leader a role is tied to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ducha.org.models import Leader, Unit


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("inspector")  # 督查室工作人员
    HEAD = "head", _("office head")  # 督查室负责人
    REPORTER = "reporter", _("unit reporter")  # 责任单位联络员
    LEADER = "leader", _("leader")  # 牵头领导
    ADMIN = "admin", _("system administrator")


class Membership(models.Model):
    """A role a user holds; a reporter's role names the unit, a leader's the leader."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    leader = models.ForeignKey(
        Leader, verbose_name=_("leader"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.REPORTER) | Q(unit__isnull=False),
                name="membership_reporter_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.LEADER) | Q(leader__isnull=False),
                name="membership_leader_has_leader",
            ),
            # One row per role and scope; NULL scopes need their own conditional constraints.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True, leader__isnull=True),
                name="membership_unique_unscoped",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="membership_unique_per_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "leader"],
                condition=Q(leader__isnull=False),
                name="membership_unique_per_leader",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.leader
        return f"{self.user} · {self.get_role_display()}" + (f" · {scope}" if scope else "")
