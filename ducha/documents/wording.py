"""What each kind of document says, from the data: one function per kind, short and plain."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ducha.documents.enums import KIND_TITLES, LEVEL_TITLES, DocumentKind, Level
from ducha.ledger.models import WorkItem
from ducha.lib.cn import format_date
from ducha.org.models import Unit
from ducha.review.models import Round


@dataclass(frozen=True)
class Draft:
    """A document before it has a number."""

    kind: str
    title: str
    main_to: str
    body: str
    level: str = ""
    copy_to: str = ""


def kind_title(kind: str, level: str = "") -> str:
    """督查通知单, 催办单, 黄色督查单."""
    colour = LEVEL_TITLES[Level(level)] if level else ""
    return colour + KIND_TITLES[DocumentKind(kind)]


def _deadline(item: WorkItem) -> str:
    if item.deadline:
        return format_date(item.deadline)
    return "长期坚持" if getattr(item, "ongoing", False) else "按工作安排"


def notice(item: WorkItem, unit: Unit, *, due: datetime.datetime | None) -> Draft:
    """督查通知单, issued when the item is handed to the unit (交办)."""
    role = "牵头办理" if unit.pk == item.lead_unit_id else "配合办理"
    body = [
        f"现将“{item.title}”交由你单位{role}，完成时限：{_deadline(item)}。",
        "请于收到本通知单后及时签收，明确责任领导和具体责任人，按照时间节点抓好落实。",
    ]
    if due:
        body.append(f"请于{format_date(due.date())}前报送工作进展情况。")
    return Draft(
        kind=DocumentKind.NOTICE,
        title=f"关于“{item.title}”的{kind_title(DocumentKind.NOTICE)}",
        main_to=unit.name,
        body="\n".join(body),
    )


def late_text(item: WorkItem, round: Round, due: datetime.datetime, days: int) -> str:
    head = f"“{item.title}”{round.name}工作进展应于{format_date(due.date())}前报送，"
    if days <= 0:
        return f"{head}你单位尚未报送。"
    return f"{head}截至目前已逾期{days}天，你单位仍未报送。"


def urge(item: WorkItem, unit: Unit, round: Round, due: datetime.datetime, days: int) -> Draft:
    """催办单: the report is late."""
    body = [
        late_text(item, round, due, days),
        "请接此单后立即报送，并说明逾期原因。",
    ]
    return Draft(
        kind=DocumentKind.URGE,
        title=f"关于“{item.title}”的{kind_title(DocumentKind.URGE)}",
        main_to=unit.name,
        body="\n".join(body),
    )


def order(
    item: WorkItem,
    unit: Unit,
    round: Round,
    due: datetime.datetime,
    days: int,
    *,
    level: str,
    copy_to: str = "",
) -> Draft:
    """督查单 (blue, yellow, red): the report stays late; red is copied to the lead leader."""
    body = [
        late_text(item, round, due, days),
        f"现发出{kind_title(DocumentKind.ORDER, level)}，请你单位主要负责人亲自过问，"
        "于3个工作日内报送工作进展和整改措施。",
    ]
    if level == Level.RED:
        body.append("逾期仍未报送的，将在督查通报中予以通报。")
    return Draft(
        kind=DocumentKind.ORDER,
        level=level,
        title=f"关于“{item.title}”的{kind_title(DocumentKind.ORDER, level)}",
        main_to=unit.name,
        body="\n".join(body),
        copy_to=copy_to,
    )
