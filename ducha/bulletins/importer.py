"""What importing a read bulletin creates: the plan, computed before anything is written.

The dry run prints the plan; the import service carries it out in one transaction. Only
what the bulletin states is planned: named items with their statuses, declared counts as
stated, highlights and recommendations as written.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

from ducha.bulletins.reader.document import ReadCategory, ReadDocument
from ducha.bulletins.reader.structure import chinese_to_int
from ducha.ledger.models import WorkItem
from ducha.review.models import Round, Status

_RANGE = re.compile(r"(?:(\d{4})年)?(\d{1,2})(?:月)?(?:-|至|—|~)(?:(\d{4})年)?(\d{1,2})月")
_MONTH = re.compile(r"(\d{1,2})月份")
_QUARTER = re.compile(r"第?([一二三四])季度")
_NAMED_SPANS = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "全年": (1, 12)}
_YEAR = re.compile(r"((?:19|20)\d{2})年")


class ImportRefused(ValueError):
    """The bulletin cannot be imported as it stands; the message says why, in Chinese."""


@dataclass(frozen=True)
class PlannedItem:
    title: str
    status_code: str
    example_order: int


@dataclass(frozen=True)
class PlannedCount:
    label: str
    status_code: str | None
    count: int | None
    percent: float | None
    named: int


@dataclass
class ImportPlan:
    code: str
    name: str
    title: str
    issuer: str
    scope: str
    period_start: datetime.date
    period_end: datetime.date
    total: int | None
    items: list[PlannedItem] = field(default_factory=list)
    counts: list[PlannedCount] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # examples of unknown statuses
    highlights: int = 0
    recommendations: int = 0

    def summary_lines(self) -> list[str]:
        lines = [
            f"督查轮次：{self.code}（{self.name}，{self.period_start}至{self.period_end}）",
            f"标题：{self.title}",
            f"总数（通报所写）：{self.total if self.total is not None else '未写明'}",
        ]
        for count in self.counts:
            stated = "未写明" if count.count is None else count.count
            status = count.status_code or "未对应状态"
            lines.append(f"  {count.label}（{status}）：通报写{stated}项，点名{count.named}项")
        lines.append(f"将创建事项 {len(self.items)} 项")
        lines += [f"  未导入（状态不明）：{title}" for title in self.skipped]
        lines.append(f"工作亮点 {self.highlights} 条，督查建议 {self.recommendations} 条")
        return lines


def _year(doc: ReadDocument) -> int | None:
    for text in (doc.period, doc.title):
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    if doc.published_at:
        return int(doc.published_at[:4])
    return None


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def infer_period(doc: ReadDocument) -> tuple[datetime.date, datetime.date]:
    """The dates of the period the bulletin names (1-6月份, 一季度, 上半年…)."""
    year = _year(doc)
    text = doc.period or doc.title
    if year is None:
        raise ImportRefused("通报没有写明年份，无法确定督查期间；请指定期间。")
    span: tuple[int, int] | None = None
    named = next((v for k, v in _NAMED_SPANS.items() if k in text), None)
    if named is not None:
        span = named
    elif m := _RANGE.search(text):
        start_year = int(m.group(1) or year)
        end_year = int(m.group(3) or start_year)
        first, last = int(m.group(2)), int(m.group(4))
        if 1 <= first <= 12 and 1 <= last <= 12:
            return datetime.date(start_year, first, 1), _month_end(end_year, last)
    elif m := _QUARTER.search(text):
        quarter = chinese_to_int(m.group(1))
        span = (quarter * 3 - 2, quarter * 3)
    elif m := _MONTH.search(text):
        span = (int(m.group(1)), int(m.group(1)))
    if span is None or not (1 <= span[0] <= span[1] <= 12):
        raise ImportRefused("通报没有写明督查期间（如1-6月份、一季度），请指定期间。")
    return datetime.date(year, span[0], 1), _month_end(year, span[1])


def _round_name(period: str, start: datetime.date, end: datetime.date) -> str:
    period = period or f"{start.month}-{end.month}月"
    return (period if _YEAR.match(period) else f"{start.year}年{period}")[:50]


def _check(doc: ReadDocument, code: str) -> None:
    if any(f.code == "count-mismatch" for f in doc.findings):
        raise ImportRefused("通报中的数量互相矛盾（见 count-mismatch），请先更正再导入。")
    if not (doc.categories or doc.highlights or doc.recommendations):
        raise ImportRefused("没有从通报中读出任何状态、亮点或建议，无法导入。")
    if not doc.title:
        raise ImportRefused("没有读出通报标题，无法导入。")
    if Round.objects.filter(code=code).exists():
        raise ImportRefused(f"编号为 {code} 的督查轮次已经存在。")
    if WorkItem.objects.filter(code__startswith=f"{code}-").exists():
        raise ImportRefused(f"已有以 {code}- 开头编号的事项，请换一个轮次编号。")


def _planned_counts(categories: tuple[ReadCategory, ...], known: set[str]) -> list[PlannedCount]:
    return [
        PlannedCount(
            label=c.status,
            status_code=c.canonical_status if c.canonical_status in known else None,
            count=c.count,
            percent=c.percent,
            named=len(c.examples),
        )
        for c in categories
    ]


def build_plan(
    doc: ReadDocument,
    *,
    code: str,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> ImportPlan:
    """What importing `doc` as round `code` would create; ImportRefused when it cannot."""
    _check(doc, code)
    start, end = period or infer_period(doc)
    known = set(Status.objects.values_list("code", flat=True))
    plan = ImportPlan(
        code=code,
        name=_round_name(doc.period, start, end),
        title=doc.title,
        issuer=doc.issuer or "督查室",
        scope=doc.scope,
        period_start=start,
        period_end=end,
        total=doc.total,
        counts=_planned_counts(doc.categories, known),
        highlights=len(doc.highlights),
        recommendations=sum(1 for r in doc.recommendations if r.subject and r.points),
    )
    for category in doc.categories:
        status = category.canonical_status if category.canonical_status in known else None
        for order, title in enumerate(category.examples, start=1):
            if status is None:
                plan.skipped.append(title)
            else:
                plan.items.append(PlannedItem(title, status, order))
    return plan
