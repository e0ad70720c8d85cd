"""Kinds of numbered documents (公文), the colours of a 督查单, and who escalation reaches."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    """Each kind has its own 文号 sequence per year."""

    NOTICE = "notice", _("supervision notice")  # 督查通知单 (交办单), issued on 交办
    URGE = "urge", _("reminder notice")  # 催办单, when a report is late
    ORDER = "order", _("supervision order")  # 督查单 (blue, yellow, red), when it stays late
    BULLETIN = "bulletin", _("bulletin")  # 通报, with its 版头 and 期号


class Level(models.TextChoices):
    """The colour of a 督查单 (三色督查单): how serious the lateness is."""

    BLUE = "blue", pgettext_lazy("document colour", "blue")
    YELLOW = "yellow", pgettext_lazy("document colour", "yellow")
    RED = "red", pgettext_lazy("document colour", "red")


class Addressee(models.TextChoices):
    """Whom an escalation rule's document is sent to, beside the unit itself."""

    REPORTER = "reporter", _("the unit's reporters")  # 联络员
    HEAD = "head", _("the unit's head")  # 单位主要负责人


class DocumentAction(StrEnum):
    """Audit action codes of this app."""

    ISSUED = "document.issued"
    ACKNOWLEDGED = "document.acknowledged"
    SERIES_CHANGED = "document_series.changed"
    RULE_CHANGED = "escalation_rule.changed"


# Default 文号 patterns: {year} the year in full, {n} the number without padding (§7.2).
DEFAULT_PATTERNS = {
    DocumentKind.NOTICE: "督通〔{year}〕{n}号",
    DocumentKind.URGE: "督催〔{year}〕{n}号",
    DocumentKind.ORDER: "督查〔{year}〕{n}号",
    DocumentKind.BULLETIN: "第{n}期",
}
# The 文种 in a document's title: 市政府督查室督查通知单.
KIND_TITLES = {
    DocumentKind.NOTICE: "督查通知单",
    DocumentKind.URGE: "催办单",
    DocumentKind.ORDER: "督查单",
    DocumentKind.BULLETIN: "督查通报",
}
LEVEL_TITLES = {Level.BLUE: "蓝色", Level.YELLOW: "黄色", Level.RED: "红色"}
