"""The kinds of event the assessment scores, each read from the recorded data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    REPORT_LATE = "report_late", _("report late (per day)")  # 报送迟报（每天）
    REPORT_MISSING = "report_missing", _("report missing")  # 未报送
    REPORT_RETURNED = "report_returned", _("report returned")  # 报告被退回
    RATED_NEEDS_EFFORT = "rated_needs_effort", _("item rated as needing more effort")
    RATED_SERIOUS = "rated_serious", _("item rated as having serious problems")
    RECOMMENDATION_OVERDUE = "recommendation_overdue", _("recommendation not answered on time")
    HIGHLIGHT = "highlight", _("named in a highlight")  # 工作亮点
