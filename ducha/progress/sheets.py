"""Progress sheets: a unit's items for a round as a sheet, and that sheet read back.

The sheet has one row per item and target (an item without targets has one row). The
unit fills in 本期完成值 on each target's row and 进展情况 once per item, on any of its
rows. `progress_table` writes the sheet (and the office's export of the reports, with
the same columns); `plan_sheet` reads a filled-in sheet and validates every row without
writing anything. `ducha.progress.services.import_progress_sheet` carries the plan out.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Prefetch, QuerySet

from ducha.ledger.exports import UnitNames
from ducha.ledger.models import WorkItem
from ducha.lib.excel import read_tables
from ducha.lib.sheetimport import (
    Column,
    RowError,
    RowForm,
    SheetRow,
    Table,
    find_table,
    sorted_errors,
    validate_rows,
)
from ducha.lib.tables import Table as ExportTable
from ducha.org.models import Unit
from ducha.org.queries import normalize_name
from ducha.progress.enums import REPORT_EDITABLE
from ducha.progress.models import ProgressReport, Target
from ducha.progress.permissions import unit_items_q
from ducha.review.models import Round

COLUMNS = (
    Column("round", "轮次", ("督查轮次",)),
    Column("code", "事项编号", ("编号",), required=True),
    Column("title", "事项名称", ("工作事项", "任务")),
    Column("unit", "报送单位", ("填报单位", "本单位")),
    Column("role", "本单位角色", ("角色",)),
    Column("lead_unit", "牵头单位", ("主办单位",)),
    Column("target", "目标名称", ("指标", "指标名称", "目标")),
    Column("target_value", "年度目标", ("目标值",)),
    Column("measure", "计量单位", ("单位",)),
    Column("value", "本期完成值", ("完成值", "累计完成", "累计完成值")),
    Column("narrative", "进展情况", ("工作进展", "进展", "完成情况")),
    Column("state", "报告状态", ("状态",)),
)
FIELDS = tuple(c.field for c in COLUMNS)
LABELS = {c.field: c.label for c in COLUMNS}
WIDTHS = {"code": 14, "title": 36, "unit": 16, "lead_unit": 16, "target": 16}
WIDTHS |= {"value": 14, "narrative": 60, "state": 10}
LEAD, CO = "牵头", "配合"
MAX_NARRATIVE = 5000


# Writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One unit's part of one item in a round: what a group of sheet rows stands for."""

    item: WorkItem
    unit: Unit
    report: ProgressReport | None


def unit_parts(items: QuerySet[WorkItem], units: Sequence[Unit], round: Round) -> list[Part]:
    """The units' parts of their items, with the units' reports for the round (4 queries)."""
    unit_ids = [u.pk for u in units]
    reports = ProgressReport.objects.filter(round=round, unit_id__in=unit_ids)
    rows = (
        items.filter(unit_items_q(unit_ids))
        .select_related("lead_unit")
        .prefetch_related(
            "co_units",
            "targets",
            Prefetch("reports", queryset=reports.prefetch_related("values"), to_attr="mine"),
        )
        .order_by("code")
    )
    parts = []
    for item in rows:
        co_ids = {u.pk for u in item.co_units.all()}
        reports_by_unit = {r.unit_id: r for r in item.mine}
        for unit in units:
            if unit.pk == item.lead_unit_id or unit.pk in co_ids:
                parts.append(Part(item, unit, reports_by_unit.get(unit.pk)))
    return parts


def report_parts(reports: QuerySet[ProgressReport]) -> list[Part]:
    """Parts as the office sees them: one per report (3 queries)."""
    rows = (
        reports.select_related("item__lead_unit", "unit")
        .prefetch_related("item__targets", "values")
        .order_by("item__code", "unit__order", "unit__pk")
    )
    return [Part(r.item, r.unit, r) for r in rows]


def progress_table(parts: Iterable[Part], round: Round, *, title: str) -> ExportTable:
    """The parts as rows: one per target, narrative and state on the part's first row."""
    unit_name = UnitNames()
    table = ExportTable(title=title, fields=FIELDS, labels=LABELS, widths=WIDTHS)
    for part in parts:
        values = {v.target_id: v.value for v in part.report.values.all()} if part.report else {}
        targets: list[Target | None] = list(part.item.targets.all()) or [None]
        for index, target in enumerate(targets):
            row = _part_row(part, round, unit_name)
            row |= _target_cells(target, values)
            if index:
                row |= {"narrative": "", "state": ""}
            table.rows.append(row)
            table.colours.append(None)
    return table


def _part_row(part: Part, round: Round, unit_name: UnitNames) -> dict[str, Any]:
    report = part.report
    return {
        "round": round.code,
        "code": part.item.code,
        "title": part.item.title,
        "unit": unit_name(part.unit),
        "role": LEAD if part.unit.pk == part.item.lead_unit_id else CO,
        "lead_unit": unit_name(part.item.lead_unit),
        "narrative": report.narrative if report else "",
        "state": report.get_state_display() if report else "",
    }


def _target_cells(target: Target | None, values: dict[int, decimal.Decimal]) -> dict[str, Any]:
    if target is None:
        return {"target": "", "target_value": None, "measure": "", "value": None}
    value = values.get(target.pk)
    return {
        "target": target.name,
        "target_value": _number(target.value),
        "measure": target.unit_of_measure,
        "value": None if value is None else _number(value),
    }


def _number(value: decimal.Decimal) -> int | float:
    """A number Excel shows as typed: 560 rather than 560.00."""
    return int(value) if value == value.to_integral_value() else float(value)


# Reading ----------------------------------------------------------------------------


@dataclass
class PlannedReport:
    """What the sheet says about one unit's part: its narrative and its values."""

    part: Part
    first_row: SheetRow
    narrative: str = ""
    values: dict[int, decimal.Decimal] = field(default_factory=dict)
    narrative_row: int = 0
    action: str = "save"  # save, keep (nothing changes) or submit

    @property
    def empty(self) -> bool:
        return not self.narrative and not self.values


@dataclass
class SheetPlan:
    reports: list[PlannedReport] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    sheet: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.reports if r.action == action)


class ProgressRowForm(RowForm):
    """One row of a progress sheet, checked against the uploader's own parts."""

    round = forms.CharField(required=False)
    code = forms.CharField(max_length=40, error_messages={"required": "缺少事项编号"})
    unit = forms.CharField(required=False)
    target = forms.CharField(required=False)
    value = forms.CharField(required=False)
    narrative = forms.CharField(
        required=False,
        max_length=MAX_NARRATIVE,
        error_messages={"max_length": f"超过{MAX_NARRATIVE}个字"},
    )

    def __init__(self, *, parts: Sequence[Part], units: Sequence[Unit], round: Round) -> None:
        super().__init__()
        self.round_code = round.code
        self.parts = {(p.item.code, p.unit.pk): p for p in parts}
        self.codes = {p.item.code for p in parts}
        self.units = {normalize_name(n): u for u in units for n in (u.name, u.short_name)}
        self.only_unit = units[0] if len(units) == 1 else None

    def bind_row(self, row: SheetRow) -> ProgressRowForm:
        self.rebind({k: _as_text(v) for k, v in row.values.items()})
        return self

    def clean_round(self) -> str:
        code = self.cleaned_data["round"].strip()
        if code and code != self.round_code:
            raise forms.ValidationError(f"本表是「{code}」的进展表，不是「{self.round_code}」的")
        return code

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code not in self.codes:
            raise forms.ValidationError("不是本单位承办的事项（或编号有误），不能报送")
        return code

    def clean_unit(self) -> Unit | None:
        name = self.cleaned_data["unit"]
        if not name:
            if self.only_unit is None:
                raise forms.ValidationError("请填写报送单位")
            return self.only_unit
        unit = self.units.get(normalize_name(name))
        if unit is None:
            raise forms.ValidationError("只能报送本单位的进展")
        return unit

    def clean_value(self) -> decimal.Decimal | None:
        text = self.cleaned_data["value"].replace(",", "").replace("，", "").strip()
        if not text:
            return None
        try:
            value = decimal.Decimal(text)
        except decimal.InvalidOperation:
            raise forms.ValidationError("本期完成值应为数字") from None
        if not value.is_finite() or value < 0 or value >= 10**12:
            raise forms.ValidationError("本期完成值应为不小于0的数字")
        return value.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, unit = data.get("code"), data.get("unit")
        if code and unit is not None:
            part = self.parts.get((code, unit.pk))
            if part is None:
                raise forms.ValidationError(f"{unit.short_name}不承办事项「{code}」")
            data["part"] = part
            data["target_obj"] = self._target(part, data)
        return data

    def _target(self, part: Part, data: dict[str, Any]) -> Target | None:
        name = normalize_name(data.get("target") or "")
        if not name:
            if data.get("value") is not None:
                self.add_error("target", "填写了完成值但没有目标名称")
            return None
        for target in part.item.targets.all():
            if normalize_name(target.name) == name:
                return target
        self.add_error("target", "该事项没有这个目标")
        return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def plan_sheet(
    data: bytes,
    filename: str,
    *,
    parts: Sequence[Part],
    units: Sequence[Unit],
    round: Round,
    submit: bool,
) -> SheetPlan:
    """Read and validate a filled-in progress sheet; nothing is written. A file that is not
    a progress sheet at all raises ImportFailed or SpreadsheetError."""
    table = find_table(read_tables(data, filename), COLUMNS)
    form = ProgressRowForm(parts=parts, units=units, round=round)
    valid, errors = validate_rows(table, form.bind_row)
    plan = SheetPlan(sheet=table.sheet.name)
    plan.reports = _group(table, valid, errors)
    for planned in plan.reports:
        _decide(table, planned, submit, errors)
    plan.errors = sorted_errors(errors)
    return plan


def _group(
    table: Table, valid: list[tuple[SheetRow, dict[str, Any]]], errors: list[RowError]
) -> list[PlannedReport]:
    """The rows of each part together: one narrative, one value per target."""
    planned: dict[tuple[int, int], PlannedReport] = {}
    for row, data in valid:
        part: Part = data["part"]
        key = (part.item.pk, part.unit.pk)
        report = planned.setdefault(key, PlannedReport(part=part, first_row=row))
        _add_narrative(table, report, row, data["narrative"].strip(), errors)
        target, value = data["target_obj"], data["value"]
        if target is None or value is None:
            continue
        if report.values.get(target.pk, value) != value:
            errors.append(_error(table, row, "value", value, "同一目标填写了不同的完成值"))
        report.values[target.pk] = value
    return [r for r in planned.values() if not r.empty]


def _add_narrative(
    table: Table, report: PlannedReport, row: SheetRow, text: str, errors: list[RowError]
) -> None:
    if not text:
        return
    if report.narrative and report.narrative != text:
        reason = f"同一事项的进展情况与第{report.narrative_row}行不一致，请只在一行填写"
        errors.append(_error(table, row, "narrative", text, reason))
        return
    report.narrative, report.narrative_row = text, row.number


def _decide(table: Table, planned: PlannedReport, submit: bool, errors: list[RowError]) -> None:
    """What happens to the part's report: nothing when the sheet says what it already says."""
    report = planned.part.report
    same = report is not None and _same_content(report, planned)
    sent = report is not None and report.state not in REPORT_EDITABLE
    if same and (sent or not submit):
        planned.action = "keep"
        return
    row = planned.first_row
    if sent:
        assert report is not None
        reason = f"本单位的报告{report.get_state_display()}，不能再修改"
        errors.append(_error(table, row, "code", planned.part.item.code, reason))
    elif submit and not planned.narrative:
        errors.append(_error(table, row, "narrative", "", "报送时须填写进展情况"))
    planned.action = "submit" if submit else "save"


def _same_content(report: ProgressReport, planned: PlannedReport) -> bool:
    stored = {v.target_id: v.value for v in report.values.all()}
    return report.narrative.strip() == planned.narrative and stored == planned.values


def _error(table: Table, row: SheetRow, field_name: str, value: Any, reason: str) -> RowError:
    shown = "" if value is None else str(value)[:100]
    return RowError(row.sheet, row.number, table.column_name(field_name), shown, reason)
