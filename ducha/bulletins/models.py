"""A round's bulletin (通报) and its publication on the portal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ducha.review.models import Round


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("awaiting approval")
    PUBLISHED = "published", _("published")
    # A published version replaced by its correction: kept, with its snapshot, for the record.
    SUPERSEDED = "superseded", _("corrected")


# Which step leads from which state (services.py performs them).
TRANSITIONS = {
    "submit": (BulletinState.DRAFT, BulletinState.SUBMITTED),
    "return": (BulletinState.SUBMITTED, BulletinState.DRAFT),
    "approve": (BulletinState.SUBMITTED, BulletinState.PUBLISHED),
}
OPEN_STATES = (BulletinState.DRAFT, BulletinState.SUBMITTED)


class Bulletin(models.Model):
    """One version of a round's bulletin.

    A draft is composed from the round's ratings each time it is shown, with the office's own
    wording (`wording`) for the opening, the highlights and the recommendations. Approval
    publishes it and freezes the composed document in `snapshot`, which the portal and the
    downloads render from; a correction is a new version with a `change_note`.
    """

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
    wording = models.JSONField(_("wording"), default=dict, blank=True)
    snapshot = models.JSONField(_("published document"), null=True, blank=True, editable=False)
    # The open data (every item with its rating) as published with this version.
    open_data = models.JSONField(_("published open data"), null=True, blank=True, editable=False)
    change_note = models.TextField(_("correction note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submission time"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

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
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(state__in=["draft", "submitted"]),
                name="bulletin_one_open_version_per_round",
            ),
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(state="published"),
                name="bulletin_one_published_version_per_round",
            ),
            models.CheckConstraint(
                condition=~Q(state="submitted") | Q(submitted_at__isnull=False),
                name="bulletin_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round.title} ({self.round.code} v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("portal:bulletin", args=[self.round.code])

    def get_office_url(self) -> str:
        return reverse("bulletins:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def snapshot_document(self) -> Any:
        """The published BulletinDocument, read back from the frozen snapshot.

        Versions published before snapshots existed have none; they are composed as the
        portal always showed them, from the current data.
        """
        from ducha.bulletins.compose import compose_bulletin
        from ducha.bulletins.document import BulletinDocument

        if self.snapshot is None:
            return compose_bulletin(
                self.round, published_at=self.published_at, wording=self.wording
            )
        return BulletinDocument.from_dict(self.snapshot)
