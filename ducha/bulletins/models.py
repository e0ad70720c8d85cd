"""A round's bulletin (通报) and its publication on the portal."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ducha.review.models import Round


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Bulletin(models.Model):
    """The bulletin of a round. Composed from the round's ratings; public once published."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="bulletins"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(
        _("state"), max_length=16, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    author = models.CharField(_("author"), max_length=50, blank=True)
    read_count = models.PositiveIntegerField(_("read count"), default=0)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "version"], name="bulletin_version_unique"),
            models.CheckConstraint(
                condition=~Q(state=BulletinState.PUBLISHED) | Q(published_at__isnull=False),
                name="bulletin_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round.title} ({self.round.code} v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("portal:bulletin", args=[self.round.code])
