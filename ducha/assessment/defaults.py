"""The rule set a year starts from (and the demo's), with where each number comes from.

They are the office's choice, edited on the rules page; these are the values many county
and city offices publish in their 督查考核办法: a hundred-point scale, a day's delay costing a
point up to what a missing report costs, ratings deducted in step with the bulletin's two
lagging grades, and highlights rewarded.
"""

from __future__ import annotations

from decimal import Decimal

from ducha.assessment.enums import EventKind

BASE_SCORE = Decimal(100)
BASE_ORIGIN = "百分制：各单位年初均为100分，按记录的事件加减分，便于与其他年度目标考核合并。"

# kind: (points, cap per event, origin)
DEFAULT_RULES: dict[str, tuple[Decimal, Decimal | None, str]] = {
    EventKind.REPORT_LATE: (
        Decimal(-1),
        Decimal(5),
        "迟报按自然日计，每迟1天扣1分；一份报告最多扣5分，与未报送相同，迟报不会比不报扣得更多。",
    ),
    EventKind.REPORT_MISSING: (
        Decimal(-5),
        None,
        "报送截止后仍未报送，视同未完成一次报送任务，扣5分。",
    ),
    EventKind.REPORT_RETURNED: (
        Decimal(-1),
        None,
        "报告因内容不全、数据不实被督查室退回，每次扣1分，督促一次报准。",
    ),
    EventKind.RATED_NEEDS_EFFORT: (
        Decimal(-2),
        None,
        "事项被评定为“需要加大力度”，扣牵头单位2分（配合单位不扣，牵头单位负总责）。",
    ),
    EventKind.RATED_SERIOUS: (
        Decimal(-5),
        None,
        "事项被评定为“存在突出问题”，扣牵头单位5分，与一次未报送相当。",
    ),
    EventKind.RECOMMENDATION_OVERDUE: (
        Decimal(-3),
        None,
        "督查建议未按期反馈落实情况，每条扣3分（待建议反馈记录后计入）。",
    ),
    EventKind.HIGHLIGHT: (
        Decimal(2),
        None,
        "单位被通报列为工作亮点，每次加2分。",
    ),
}
