"""What importing a read bulletin creates: the plan, computed before anything is written.

The dry run prints the plan; the import service carries it out in one transaction. Only
what the bulletin states is planned: named items with their statuses, declared counts as
stated, highlights and recommendations as written.

A named item joins the ledger: it is the ledger's item with that title or an alias of it,
or — once the office confirms it — an item with a similar title; only a name that matches
none becomes a new item. A piece of text that names no item (详见附件1, 占任务总数的1.6%)
never becomes one. The period is the one the text gives; when it gives no year, the office
is asked for the period.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ducha.bulletins.reader.document import ReadCategory, ReadDocument
from ducha.bulletins.reader.facts import item_name
from ducha.ledger.matching import ItemMatch, core_name, match_items
from ducha.ledger.models import WorkItem
from ducha.lib.periods import last_month, period_dates
from ducha.review.models import Round, Status

_YEAR = re.compile(r"((?:19|20)\d{2})年")


class ImportRefused(ValueError):
    """The bulletin cannot be imported as it stands; the message says why, in Chinese."""


@dataclass(frozen=True)
class PlannedItem:
    title: str  # as the bulletin names it
    status_code: str
    status_label: str  # the installation's label of the status, for the preview
    example_order: int
    match: ItemMatch | None = None  # the ledger's item this name means
    # For a similar title: the office's answer (True: that item, False: a new one).
    use_match: bool | None = None

    @property
    def existing(self) -> ItemMatch | None:
        """The ledger item rated, or None when a new item is created."""
        if self.match is None or (self.match.kind == "similar" and not self.use_match):
            return None
        return self.match

    @property
    def unanswered(self) -> bool:
        return self.match is not None and self.match.kind == "similar" and self.use_match is None


@dataclass(frozen=True)
class PlannedCount:
    label: str
    status_code: str | None
    status_label: str | None
    count: int | None
    percent: float | None
    named: int
    within: bool = False  # a part of the other counts restated: not stored as a count


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
    # Names not imported, with why: an unknown status, not an item's name, said twice.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    highlights: int = 0
    recommendations: int = 0
    links: list[PlannedLink] = field(default_factory=list)

    def links_of(self, kind: str, number: int) -> list[str]:
        return [link.item for link in self.links if (link.kind, link.number) == (kind, number)]

    @property
    def created(self) -> list[PlannedItem]:
        return [item for item in self.items if item.existing is None]

    @property
    def matched(self) -> list[PlannedItem]:
        return [item for item in self.items if item.existing is not None]

    def require_answers(self) -> None:
        """An import runs only when every similar title has the office's answer."""
        unanswered = [item.title for item in self.items if item.unanswered]
        if unanswered:
            raise ImportRefused(
                f"有{len(unanswered)}个事项与台账中的事项名称相近（{'、'.join(unanswered[:5])}），"
                "请逐一确认是台账中的事项还是新事项。"
            )

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
        lines.append(f"台账中已有的事项 {len(self.matched)} 项，将新建事项 {len(self.created)} 项")
        lines += [f"  {item.status_code}：{_match_line(item)}" for item in self.items]
        lines += [f"  未导入（{why}）：{title}" for title, why in self.skipped]
        lines.append(f"工作亮点 {self.highlights} 条，督查建议 {self.recommendations} 条")
        kinds = {"highlight": "工作亮点", "recommendation": "督查建议"}
        lines += [
            f"  {kinds[link.kind]}“{link.subject}”关联事项“{link.item}”" for link in self.links
        ]
        return lines


_KINDS = {"title": "名称相同", "alias": "别名", "similar": "名称相近"}


def _match_line(item: PlannedItem) -> str:
    match = item.match
    if match is None:
        return f"{item.title} → 新建"
    found = f"{match.code} {match.title}（{_KINDS[match.kind]}"
    found += f" {match.score:.0%}）" if match.kind == "similar" else "）"
    if item.unanswered:
        return f"{item.title} → 相近：{found}，待确认"
    if item.existing is None:
        return f"{item.title} → 新建（未采用相近的 {found}）"
    return f"{item.title} → {found}"


def infer_period(doc: ReadDocument) -> tuple[datetime.date, datetime.date]:
    """The dates of the period the bulletin's text names (1-6月份, 一季度, 上半年…), in the
    year its text gives; ImportRefused (asking for the period) when it gives none."""
    if doc.year is None:
        raise ImportRefused("通报正文没有写明年份，无法确定督查期间；请指定期间。")
    named = doc.period or doc.title
    dates = period_dates(named, doc.year) or (
        period_dates("全年", doc.year) if re.search("年度|全年", named) else None
    )
    if dates is None:
        raise ImportRefused("通报没有写明督查期间（如1-6月份、一季度），请指定期间。")
    return dates


def suggested_period(doc: ReadDocument) -> tuple[datetime.date, datetime.date] | None:
    """A period to offer when the text gives no year: the named months in the year of the
    page's publication date (the year before, when those months end after it). Only ever a
    suggestion for the office to check: a page can publish a bulletin of the year before."""
    if not doc.published_at or not (doc.period or doc.title):
        return None
    try:
        published = datetime.date.fromisoformat(doc.published_at[:10])
    except ValueError:
        return None
    ends = last_month(doc.period or doc.title)
    if ends is None:
        return None
    year = published.year - 1 if ends > published.month else published.year
    return period_dates(doc.period or doc.title, year)


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


def item_about(subject: str, titles: list[str]) -> str | None:
    """The one named item a highlight or recommendation is about: the item's name and the
    subject contain one another once 关于… and a closing 工作/项目/建设 are set aside
    (大气环境治理 ↔ 关于大气环境治理工作). None when no item, or more than one, fits."""
    core = core_name(subject)
    if len(core) < 2:
        return None
    fits = [
        title
        for title in titles
        if len(item := core_name(title)) >= 2 and (item in core or core in item)
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
            within=c.within,
        )
        for c in categories
    ]


def build_plan(
    doc: ReadDocument,
    *,
    code: str,
    period: tuple[datetime.date, datetime.date] | None = None,
    answers: Mapping[str, bool] | None = None,
) -> ImportPlan:
    """What importing `doc` as round `code` would do; ImportRefused when it cannot.

    `answers`: for the names only similar to a ledger item's title, whether they are that
    item (True) or a new one (False)."""
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
    named = [(c, order, title) for c in doc.categories for order, title in enumerate(c.examples, 1)]
    matches, together = match_items(title for _, _, title in named if item_name(title))
    taken: dict[int, str] = {}
    for category, order, title in named:
        status = category.canonical_status if category.canonical_status in labels else None
        if status is None:
            plan.skipped.append((title, "状态不明"))
        elif not item_name(title):
            plan.skipped.append((title, "不是事项名称"))
        elif title in together:
            plan.skipped.append((title, f"连写了台账中的多个事项：{'、'.join(together[title])}"))
        else:
            match = matches.get(title)
            similar = match is not None and match.kind == "similar"
            answer = (answers or {}).get(title) if similar else None
            planned = PlannedItem(title, status, labels[status], order, match, answer)
            existing = planned.existing
            if existing is not None and existing.item_id in taken:
                plan.skipped.append((title, f"与“{taken[existing.item_id]}”是台账中的同一事项"))
                continue
            if existing is not None:
                taken[existing.item_id] = title
            plan.items.append(planned)
    plan.links = _links(doc, [item.title for item in plan.items])
    return plan
