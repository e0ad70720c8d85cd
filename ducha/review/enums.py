"""What a status means, whatever an office calls it."""

from __future__ import annotations

from django.db import models


class StatusMeaning(models.TextChoices):
    """The built-in meanings. A `Status` of the vocabulary has one when its code is one of
    these: the office may rename it (有序推进 → 按序时推进) or add statuses of its own, and
    code asks for the meaning, never for a label. The labels here are the seed bulletin's,
    used to install the vocabulary and where an installation has removed the status."""

    COMPLETED = "completed", "已完成"
    ON_TRACK = "on_track", "有序推进"
    NEEDS_EFFORT = "needs_effort", "需要加大力度"
    SERIOUS = "serious", "存在突出问题"
