from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    MAYOR_COUNCIL = "mayor_council", _("mayor's council meeting")  # 市长议事会
    WORK_REPORT = "work_report", _("government work report")  # 政府工作报告
    LEADER_INSTRUCTION = "leader_instruction", _("leader's instruction")  # 领导批示
    LIVELIHOOD = "livelihood", _("livelihood project")  # 民生实事
    NPC_CPPCC = "npc_cppcc", _("NPC proposal or CPPCC motion")  # 人大建议/政协提案
