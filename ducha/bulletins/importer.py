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
    status_label: str  # the installation's label of the status, for the preview
    example_order: int


@dataclass(frozen=True)
class PlannedCount:
    label: str
    status_code: str | None
    status_label: str | None
    count: int | None
    percent: float | None
    named: int


@dataclass(frozen=True)
class PlannedLink:
    """A highlight or recommendation (its number among the bulletin's) about a named item."""

    kind: str  # "highlight" or "recommendation"
    number: int
    subject: str
    item: str  # the planned item's title


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
    links: list[PlannedLink] = field(default_factory=list)

    def links_of(self, kind: str, number: int) -> list[str]:
        return [link.item for link in self.links if (link.kind, link.number) == (kind, number)]

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
        lines += [f"  {item.status_code}：{item.title}" for item in self.items]
        lines += [f"  未导入（状态不明）：{title}" for title in self.skipped]
        lines.append(f"工作亮点 {self.highlights} 条，督查建议 {self.recommendations} 条")
        kinds = {"highlight": "工作亮点", "recommendation": "督查建议"}
        lines += [
            f"  {kinds[link.kind]}“{link.subject}”关联事项“{link.item}”" for link in self.links
        ]
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


# What a subject adds around an item's name: 关于…工作, …项目, …建设.
_AROUND = re.compile(r"^关于|(?:工作|项目|建设|任务|事项)$")


def _core(title: str) -> str:
    previous = None
    while previous != title:
        previous, title = title, _AROUND.sub("", title)
    return title


def item_about(subject: str, titles: list[str]) -> str | None:
    """The one named item a highlight or recommendation is about: the item's name and the
    subject contain one another once 关于… and a closing 工作/项目/建设 are set aside
    (大气环境治理 ↔ 关于大气环境治理工作). None when no item, or more than one, fits."""
    core = _core(subject)
    if len(core) < 2:
        return None
    fits = [
        title
        for title in titles
        if len(item := _core(title)) >= 2 and (item in core or core in item)
    ]
    return fits[0] if len(fits) == 1 else None


def _links(doc: ReadDocument, titles: list[str]) -> list[PlannedLink]:
    about = [
        ("highlight", number, entry.title) for number, entry in enumerate(doc.highlights, start=1)
    ] + [
        ("recommendation", number, entry.subject)
        for number, entry in enumerate(doc.recommendations, start=1)
        if entry.subject and entry.points
    ]
    return [
        PlannedLink(kind, number, subject, item)
        for kind, number, subject in about
        if (item := item_about(subject, titles)) is not None
    ]


def _planned_counts(
    categories: tuple[ReadCategory, ...], labels: dict[str, str]
) -> list[PlannedCount]:
    return [
        PlannedCount(
            label=c.status,
            status_code=c.canonical_status if c.canonical_status in labels else None,
            status_label=labels.get(c.canonical_status or ""),
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
    labels = dict(Status.objects.values_list("code", "label"))
    plan = ImportPlan(
        code=code,
        name=_round_name(doc.period, start, end),
        title=doc.title,
        issuer=doc.issuer or "督查室",
        scope=doc.scope,
        period_start=start,
        period_end=end,
        total=doc.total,
        counts=_planned_counts(doc.categories, labels),
        highlights=len(doc.highlights),
        recommendations=sum(1 for r in doc.recommendations if r.subject and r.points),
    )
    for category in doc.categories:
        status = category.canonical_status if category.canonical_status in labels else None
        for order, title in enumerate(category.examples, start=1):
            if status is None:
                plan.skipped.append(title)
            else:
                plan.items.append(PlannedItem(title, status, labels[status], order))
    plan.links = _links(doc, [item.title for item in plan.items])
    return plan
