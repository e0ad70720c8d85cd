"""The ledger as a sheet: its columns, one form per row, and the plan of an import.

`plan_import` reads a file and validates every row without writing anything. The plan
says, row by row, which item is created, changed or left as it is, and lists every error
and every unknown unit or leader. `ducha.ledger.services.import_ledger` carries it out.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms

from ducha.ledger.models import Source, WorkItem
from ducha.lib.deadlines import Deadline, parse_deadline
from ducha.lib.excel import read_tables
from ducha.lib.sheetimport import (
    Column,
    ImportFailed,
    RowError,
    RowForm,
    SheetRow,
    Table,
    find_table,
    sorted_errors,
    split_list,
    validate_rows,
)
from ducha.org.models import Leader, Unit
from ducha.org.queries import LeaderDirectory, UnitDirectory, normalize_name
from ducha.review.models import Rating, Round, Status

# The header names exports write; imports also accept the variants offices use.
COLUMNS = (
    Column("code", "事项编号", ("编号", "编码", "事项代码")),
    Column("number", "序号", ("序", "No", "No.")),
    Column(
        "title",
        "事项名称",
        ("工作事项", "任务", "重点工作", "工作任务", "事项", "项目名称"),
        required=True,
    ),
    Column("description", "目标任务", ("年度目标", "工作目标", "目标", "具体内容", "主要内容")),
    Column("source", "事项来源", ("来源",), spans_rows=True),
    Column("category", "类别", ("分类", "类型", "事项类别"), spans_rows=True),
    Column("leaders", "牵头领导", ("责任领导", "分管领导", "市级领导", "市领导"), spans_rows=True),
    Column(
        "lead_unit", "牵头单位", ("主办单位", "责任单位", "主责单位", "牵头部门"), spans_rows=True
    ),
    Column("co_units", "配合单位", ("协办单位", "参与单位", "配合部门"), spans_rows=True),
    Column("deadline", "完成时限", ("时间节点", "完成时间", "时限", "完成期限"), spans_rows=True),
    Column("parent_code", "上级编号", ("上级事项编号", "父事项编号")),
    # Read only when the import names a round: the rating of each row's item.
    Column("status", "状态", ("评定状态", "评定结果")),
    Column("note", "督查意见", ("评定说明",)),
)
LABELS = {c.field: c.label for c in COLUMNS}
# The template's example row; an import skips it if it was left in.
EXAMPLE_PREFIX = "（示例，可保留或删除）"
CODE_PREFIX = "TZ-"

# 1. / 1、 / 1．mark a sub-item; (1) / （1） a sub-item of that.
_NUMBERING = (
    (1, re.compile(r"^\s*\d{1,3}\s*[.．、]\s*(?!\d)")),
    (2, re.compile(r"^\s*[(（]\s*\d{1,3}\s*[)）]\s*")),
)


def numbering_level(text: str) -> tuple[int, str]:
    """(level, text without its number): "1.修路" → (1, "修路"); "修路" → (0, "修路")."""
    for level, pattern in _NUMBERING:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return level, text[match.end() :].strip()
    return 0, text


@dataclass
class Registry:
    """What rows resolve against, loaded once per import."""

    units: UnitDirectory
    leaders: LeaderDirectory
    sources: dict[str, Source]
    year: int
    on: datetime.date | None
    create_missing: bool
    default_source: Source | None = None
    round: Round | None = None
    statuses: dict[str, Status] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        *,
        year: int,
        create_missing: bool = False,
        default_source: Source | None = None,
        round: Round | None = None,
    ) -> Registry:
        return cls(
            units=UnitDirectory.load(),
            leaders=LeaderDirectory.load(),
            sources={normalize_name(s.name): s for s in Source.objects.all()},
            year=year,
            on=round.cutoff if round else None,
            create_missing=create_missing,
            default_source=default_source,
            round=round,
            statuses={normalize_name(s.label): s for s in Status.objects.all()},
        )


def _too_long(limit: int) -> dict[str, str]:
    # Import errors are domain text in Chinese whatever the interface language.
    return {"max_length": f"超过{limit}个字"}


class CellField(forms.Field):
    """A cell as read (text, number or date), for fields that parse it themselves."""


class LedgerRowForm(RowForm):
    """One row of a ledger sheet. Names are resolved; unknown units and leaders are errors
    unless the registry may create them, in which case they are kept as names."""

    code = forms.CharField(max_length=40, required=False, error_messages=_too_long(40))
    number = CellField(required=False)
    title = forms.CharField(
        max_length=200, error_messages={"required": "缺少事项名称"} | _too_long(200)
    )
    description = forms.CharField(required=False)
    source = forms.CharField(max_length=200, required=False, error_messages=_too_long(200))
    category = forms.CharField(max_length=50, required=False, error_messages=_too_long(50))
    leaders = forms.CharField(required=False)
    lead_unit = forms.CharField(required=False)
    co_units = forms.CharField(required=False)
    deadline = CellField(required=False)
    parent_code = forms.CharField(max_length=40, required=False, error_messages=_too_long(40))
    status = forms.CharField(required=False)
    note = forms.CharField(required=False)

    def __init__(self, *, registry: Registry) -> None:
        super().__init__()
        self.registry = registry

    def bind_row(self, row: SheetRow) -> LedgerRowForm:
        self.rebind({k: _as_text(k, v) for k, v in row.values.items()})
        return self

    def clean_title(self) -> tuple[int, str]:
        title = " ".join(self.cleaned_data["title"].split())
        return numbering_level(title)

    def clean_source(self) -> Source | None:
        name = self.cleaned_data["source"]
        if not name:
            return self.registry.default_source
        source = self.registry.sources.get(normalize_name(name))
        if source is None:
            raise forms.ValidationError("事项来源不存在，请先在系统中登记该来源")
        return source

    def clean_leaders(self) -> list[Leader | str]:
        return [self._leader(name) for name in split_list(self.cleaned_data["leaders"])]

    def _leader(self, name: str) -> Leader | str:
        leader = self.registry.leaders.find(name)
        if leader is None and not self.registry.create_missing:
            raise forms.ValidationError(f"领导「{name}」不在领导名录中（可确认新建）")
        return leader or normalize_name(name)

    def _unit(self, name: str) -> Unit | str:
        unit = self.registry.units.find(name, on=self.registry.on)
        if unit is None and not self.registry.create_missing:
            raise forms.ValidationError(f"单位「{name}」不在单位名录中（可确认新建）")
        return unit or normalize_name(name)

    def clean_lead_unit(self) -> list[Unit | str]:
        return [self._unit(name) for name in split_list(self.cleaned_data["lead_unit"])]

    def clean_co_units(self) -> list[Unit | str]:
        return [self._unit(name) for name in split_list(self.cleaned_data["co_units"])]

    def clean_status(self) -> Status | None:
        label = self.cleaned_data["status"]
        if not label or self.registry.round is None:
            return None
        status = self.registry.statuses.get(normalize_name(label))
        if status is None:
            known = "、".join(s.label for s in self.registry.statuses.values())
            raise forms.ValidationError(f"状态应为{known}之一")
        return status

    def clean_deadline(self) -> Deadline:
        try:
            return parse_deadline(self.cleaned_data["deadline"], year=self.registry.year)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def _as_text(field: str, value: Any) -> Any:
    if field in {"deadline", "number"} or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class PlannedItem:
    """One valid row, resolved: what the item will be after the import."""

    row: SheetRow
    level: int
    code: str
    title: str
    description: str
    source: Source | None
    category: str
    deadline: Deadline
    leaders: list[Leader | str]
    lead_unit: Unit | str
    co_units: list[Unit | str]
    parent_code: str
    status: Status | None = None
    note: str = ""
    rating_changes: bool = False
    parent: PlannedItem | None = None
    depth: int = 0  # parents in the same file first
    existing: WorkItem | None = None
    action: str = "create"  # create, update or keep


@dataclass
class LedgerPlan:
    items: list[PlannedItem] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)
    missing_leaders: list[str] = field(default_factory=list)
    sheet: str = ""
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.items)

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    @property
    def ratings(self) -> int:
        """Ratings of the round that the import sets or changes."""
        return sum(1 for item in self.items if item.rating_changes)


def plan_import(
    data: bytes,
    filename: str,
    *,
    registry: Registry,
    progress: Callable[[int, int], None] | None = None,
) -> LedgerPlan:
    """Read and validate a ledger file; nothing is written. Errors are in the plan;
    a file that is not a ledger at all raises ImportFailed or SpreadsheetError."""
    table = find_table(read_tables(data, filename), COLUMNS)
    form = LedgerRowForm(registry=registry)
    valid, errors = validate_rows(table, form.bind_row, progress=progress)
    plan = LedgerPlan(sheet=table.sheet.name, rows=len(valid) + len({e.row for e in errors}))
    plan.items = _without_sections([_planned(row, cleaned) for row, cleaned in valid])
    _link_parents(table, plan.items, errors)
    plan.items = _complete(table, plan.items, errors)
    _match_existing(table, plan.items, errors)
    if registry.round is not None:
        _match_ratings(registry.round, plan.items)
    plan.errors = sorted_errors(errors)
    plan.missing_units = _missing(plan.items, "units")
    plan.missing_leaders = _missing(plan.items, "leaders")
    return plan


_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*")


def _without_sections(items: list[PlannedItem]) -> list[PlannedItem]:
    """Rows like 一、经济发展 with no leader or unit head a section of the ledger: they are
    not items, and their name becomes the category of the items below that have none.
    The template's example row is not an item either."""
    kept, section = [], ""
    for item in items:
        if item.title.startswith(EXAMPLE_PREFIX):
            continue
        match = _SECTION.match(item.title)
        if match and not item.lead_unit and not item.leaders and not item.co_units:
            section = re.sub(r"[（(].*?[）)]\s*$", "", item.title[match.end() :]).strip()
            continue
        if not item.category and section:
            item.category = section[:50]
        kept.append(item)
    return kept


def _planned(row: SheetRow, cleaned: dict[str, Any]) -> PlannedItem:
    level, title = cleaned["title"]
    units = cleaned["lead_unit"]
    # A 责任单位 cell with several units: the first leads, the others co-operate.
    return PlannedItem(
        row=row,
        level=level,
        code=cleaned["code"],
        title=title,
        description=cleaned["description"].strip(),
        source=cleaned["source"],
        category=cleaned["category"],
        deadline=cleaned["deadline"],
        leaders=cleaned["leaders"],
        lead_unit=units[0] if units else "",
        co_units=units[1:] + cleaned["co_units"],
        parent_code=cleaned["parent_code"],
        status=cleaned["status"],
        note=cleaned["note"].strip() if cleaned["status"] else "",
    )


def _link_parents(table: Table, items: list[PlannedItem], errors: list[RowError]) -> None:
    """Parents by 上级编号 when given, else by numbering; numbered sub-items take what they
    leave empty (source, leaders, units, deadline) from their parent."""
    by_code = {item.code: item for item in items if item.code}
    stack: list[PlannedItem] = []
    for item in items:
        while stack and stack[-1].level >= item.level:
            stack.pop()
        if item.parent_code:
            item.parent = by_code.get(item.parent_code)
            if item.parent is None and not WorkItem.objects.filter(code=item.parent_code).exists():
                errors.append(
                    _error(table, item, "parent_code", item.parent_code, "上级事项编号不存在")
                )
        elif item.level and stack:
            item.parent = stack[-1]
        stack.append(item)
    for item in items:
        _set_depth(table, item, errors)
        _inherit(item)


MAX_DEPTH = 10


def _set_depth(table: Table, item: PlannedItem, errors: list[RowError]) -> None:
    """How far down the file's own hierarchy an item is; a loop of 上级编号 is an error."""
    depth, parent = 0, item.parent
    while parent is not None:
        depth += 1
        if depth > MAX_DEPTH:
            errors.append(
                _error(table, item, "parent_code", item.parent_code, "上级编号构成循环或层级过深")
            )
            item.parent = None
            break
        parent = parent.parent
    item.depth = depth


def _complete(table: Table, items: list[PlannedItem], errors: list[RowError]) -> list[PlannedItem]:
    """Rows that still lack a source or a lead unit are errors."""
    complete = []
    for item in items:
        problems = []
        if item.source is None:
            problems.append(_error(table, item, "source", "", "缺少事项来源"))
        if not item.lead_unit:
            problems.append(_error(table, item, "lead_unit", "", "缺少牵头单位"))
        errors.extend(problems)
        if not problems:
            complete.append(item)
    return complete


def _inherit(item: PlannedItem) -> None:
    """Only numbered sub-items inherit: a row with an explicit 上级编号 (as exports write)
    means its empty cells."""
    parent = item.parent
    if parent is None or item.parent_code:
        return
    if item.source is None:
        item.source = parent.source
    if not item.leaders:
        item.leaders = list(parent.leaders)
    if not item.lead_unit:
        item.lead_unit = parent.lead_unit
        item.co_units = item.co_units or list(parent.co_units)
    if item.deadline.day is None and not item.deadline.ongoing:
        item.deadline = parent.deadline


def _error(table: Table, item: PlannedItem, field_name: str, value: str, reason: str) -> RowError:
    column = table.column_name(field_name) or LABELS[field_name]
    return RowError(item.row.sheet, item.row.number, column, value, reason)


def _match_existing(table: Table, items: list[PlannedItem], errors: list[RowError]) -> None:
    """Match rows to stored items by code, else by title and source; flag duplicates."""
    codes = [i.code for i in items if i.code]
    by_code = _items_by_code(codes)
    by_title = _items_by_title(items)
    seen: dict[object, PlannedItem] = {}
    for item in items:
        key: object = (
            ("code", item.code)
            if item.code
            else ("title", item.title, _source_id(item), _parent_key(item))
        )
        if key in seen:
            first = seen[key]
            errors.append(
                _error(
                    table,
                    item,
                    "code" if item.code else "title",
                    item.code or item.title,
                    f"与第{first.row.number}行重复",
                )
            )
            continue
        seen[key] = item
        item.existing = by_code.get(item.code) if item.code else by_title.get(_title_key(item))
        if item.existing is not None:
            item.code = item.existing.code
    matched = [item for item in items if item.existing is not None]
    links = _link_ids([item.existing.pk for item in matched if item.existing])
    for item in matched:
        item.action = "keep" if _unchanged(item, links) else "update"


Links = dict[str, dict[int, set[int]]]


def _link_ids(item_ids: Sequence[int]) -> Links:
    """Stored leader and co-unit ids by item: plain id pairs, far cheaper than prefetching
    model objects for 50,000 items."""
    links: Links = {"leaders": defaultdict(set), "co_units": defaultdict(set)}
    for name, column in (("leaders", "leader_id"), ("co_units", "unit_id")):
        through = getattr(WorkItem, name).through.objects
        for start in range(0, len(item_ids), 5000):
            chunk = item_ids[start : start + 5000]
            pairs = through.filter(workitem_id__in=chunk).values_list("workitem_id", column)
            for item_id, other_id in pairs:
                links[name][item_id].add(other_id)
    return links


def _match_ratings(round: Round, items: list[PlannedItem]) -> None:
    stored = {
        item_id: (status_id, note)
        for item_id, status_id, note in Rating.objects.filter(round=round).values_list(
            "item_id", "status_id", "note"
        )
    }
    for item in items:
        if item.status is None:
            continue
        current = stored.get(item.existing.pk) if item.existing else None
        item.rating_changes = current != (item.status.pk, item.note)


def _parent_key(item: PlannedItem) -> object:
    return (item.parent.code or item.parent.title) if item.parent else item.parent_code


def _title_key(item: PlannedItem) -> tuple[str, int, str]:
    parent_code = item.parent.code if item.parent else item.parent_code
    return (item.title, _source_id(item), parent_code)


def _source_id(item: PlannedItem) -> int:
    assert item.source is not None  # rows without a source were dropped as errors
    return item.source.pk


def _items_by_code(codes: Sequence[str]) -> dict[str, WorkItem]:
    found: dict[str, WorkItem] = {}
    for start in range(0, len(codes), 5000):
        chunk = codes[start : start + 5000]
        for work_item in _with_links(WorkItem.objects.filter(code__in=chunk)):
            found[work_item.code] = work_item
    return found


def _items_by_title(items: Sequence[PlannedItem]) -> dict[tuple[str, int, str], WorkItem]:
    wanted = [i for i in items if not i.code]
    if not wanted:
        return {}
    titles = {i.title for i in wanted}
    found: dict[tuple[str, int, str], WorkItem] = {}
    stored = WorkItem.objects.filter(source__in={_source_id(i) for i in wanted})
    for work_item in _with_links(stored):
        if work_item.title in titles:
            parent_code = work_item.parent.code if work_item.parent else ""
            found.setdefault((work_item.title, work_item.source_id, parent_code), work_item)
    return found


def _with_links(queryset: Any) -> Any:
    return queryset.select_related("parent")


def _unchanged(item: PlannedItem, links: Links) -> bool:
    stored = item.existing
    assert stored is not None
    parent_code = item.parent.code if item.parent else item.parent_code
    return (
        stored.title == item.title
        and stored.description == item.description
        and stored.source_id == _source_id(item)
        and stored.category == item.category
        and stored.deadline == item.deadline.day
        and stored.ongoing == item.deadline.ongoing
        and not isinstance(item.lead_unit, str)
        and stored.lead_unit_id == item.lead_unit.pk
        and links["leaders"].get(stored.pk, set()) == _ids(item.leaders)
        and links["co_units"].get(stored.pk, set())
        == _ids(u for u in item.co_units if u != item.lead_unit)
        and (stored.parent.code if stored.parent else "") == (parent_code or "")
    )


def _ids(objects: Any) -> set[object]:
    return {o if isinstance(o, str) else o.pk for o in objects}


def _missing(items: Sequence[PlannedItem], kind: str) -> list[str]:
    names: set[str] = set()
    for item in items:
        values = item.leaders if kind == "leaders" else [item.lead_unit, *item.co_units]
        names.update(v for v in values if isinstance(v, str) and v)
    return sorted(names)


def raise_if_no_table(plan: LedgerPlan) -> None:
    if not plan.items and not plan.errors:
        raise ImportFailed("表格中没有事项行。")
