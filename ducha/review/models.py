"""Rounds of review (督查轮次), the status vocabulary, ratings, highlights and recommendations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.ledger.models import WorkItem
from ducha.org.models import Leader, Unit
from ducha.review.enums import StatusMeaning


class Status(models.Model):
    """One rating an item can get, e.g. 有序推进. Each installation keeps its own vocabulary."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    label = models.CharField(_("label"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    colour = models.CharField(_("colour"), max_length=7, help_text="#RRGGBB")
    is_done = models.BooleanField(_("counts as done"), default=False)
    # 已完成 and 有序推进 are the items "in good order" that bulletins draw highlights from.
    is_on_track = models.BooleanField(_("counts as on track"), default=False)

    class Meta:
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="status_colour_hex"
            ),
            models.CheckConstraint(
                condition=Q(is_on_track=True) | Q(is_done=False), name="status_done_is_on_track"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def meaning(self) -> StatusMeaning | None:
        """The built-in meaning this status carries, if any."""
        return StatusMeaning(self.code) if self.code in StatusMeaning.values else None


def status_labels() -> dict[str, str]:
    """Each built-in meaning's label in this installation's vocabulary (one query): what a
    page or a sentence calls it, e.g. after the office renamed 有序推进."""
    labels: dict[str, str] = {m.value: str(m.label) for m in StatusMeaning}
    labels |= dict(
        Status.objects.filter(code__in=StatusMeaning.values).values_list("code", "label")
    )
    return labels


class Round(models.Model):
    """One period of review, e.g. 2017年1-6月, ending in a bulletin."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("bulletin title"), max_length=100)
    scope = models.CharField(
        _("scope"),
        max_length=50,
        blank=True,
        help_text=_("How the opening names the items, e.g. 市长议事会确定的"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    cutoff = models.DateField(_("cutoff date"))
    issuer = models.CharField(_("issuer"), max_length=50, default="市政府督查室")

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-period_end", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="round_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(cutoff__gte=F("period_start")), name="round_cutoff_in_or_after_period"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """The status the office gives an item for a round."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="ratings"
    )
    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.PROTECT, related_name="ratings"
    )
    status = models.ForeignKey(
        Status, verbose_name=_("status"), on_delete=models.PROTECT, related_name="ratings"
    )
    note = models.TextField(_("inspector's note"), blank=True)
    is_example = models.BooleanField(_("named as example"), default=False)
    example_order = models.PositiveSmallIntegerField(_("example order"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="rating_one_per_item_and_round"),
            models.CheckConstraint(
                condition=Q(is_example=True, example_order__isnull=False)
                | Q(is_example=False, example_order__isnull=True),
                name="rating_example_has_order",
            ),
            models.UniqueConstraint(
                fields=["round", "status", "example_order"],
                condition=Q(example_order__isnull=False),
                name="rating_example_order_unique",
            ),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.round} · {self.item} · {self.status}"


class Highlight(models.Model):
    """A highlight (工作亮点) of a round."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="highlights"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    items = models.ManyToManyField(
        WorkItem, verbose_name=_("work items"), blank=True, related_name="highlights"
    )
    leaders = models.ManyToManyField(
        Leader, verbose_name=_("lead leaders"), blank=True, related_name="highlights"
    )
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("units"),
        blank=True,
        through="HighlightUnit",
        related_name="highlights",
    )
    units_partial = models.BooleanField(
        _("more units than named"), default=False, help_text=_("Writes 等单位负责")
    )

    class Meta:
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="highlight_position_unique"),
            models.CheckConstraint(condition=~Q(title=""), name="highlight_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title


class HighlightUnit(models.Model):
    """A unit named in a highlight, in the order the bulletin names them."""

    highlight = models.ForeignKey(Highlight, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("highlight unit")
        verbose_name_plural = _("highlight units")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["highlight", "unit"], name="highlight_unit_unique"),
            models.UniqueConstraint(
                fields=["highlight", "position"], name="highlight_unit_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class Recommendation(models.Model):
    """A recommendation (督查建议) of a round for lagging work: (一)关于…工作。一是…"""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="recommendations"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    subject = models.CharField(_("subject"), max_length=100)
    items = models.ManyToManyField(
        WorkItem, verbose_name=_("work items"), blank=True, related_name="recommendations"
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "position"], name="recommendation_position_unique"
            ),
            models.CheckConstraint(condition=~Q(subject=""), name="recommendation_subject_set"),
        ]

    def __str__(self) -> str:
        return self.subject


class RecommendationPoint(models.Model):
    """One point of a recommendation (一是…, 二是…), with its own closing punctuation."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="points"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("point")
        verbose_name_plural = _("points")
        ordering = ["recommendation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "position"], name="recommendation_point_position_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="recommendation_point_text_set"),
        ]

    def __str__(self) -> str:
        return self.text[:30]


class DeclaredCount(models.Model):
    """A count a bulletin states for a status, kept as stated beside the items it names.

    An imported bulletin often says "47项已完成" and names five; the round then has five
    rated items and this row saying 47, so nothing is invented to fill the gap.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="declared_counts"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("status as written"), max_length=40)
    status = models.ForeignKey(
        Status,
        verbose_name=_("status"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="declared_counts",
    )
    count = models.PositiveIntegerField(_("declared count"), null=True, blank=True)
    percent = models.DecimalField(
        _("declared percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("declared count")
        verbose_name_plural = _("declared counts")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "label"], name="declared_count_label_unique"),
            models.UniqueConstraint(
                fields=["round", "position"], name="declared_count_position_unique"
            ),
            models.CheckConstraint(condition=~Q(label=""), name="declared_count_label_set"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.count if self.count is not None else '—'}"


class DeclaredTotal(models.Model):
    """The total a bulletin states for an imported round (one row per round at most)."""

    round = models.OneToOneField(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="declared_total"
    )
    total = models.PositiveIntegerField(_("declared total"))
    source_title = models.CharField(_("title of the imported bulletin"), max_length=200)

    class Meta:
        verbose_name = _("declared total")
        verbose_name_plural = _("declared totals")

    def __str__(self) -> str:
        return f"{self.round}: {self.total}"
