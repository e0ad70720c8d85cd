"""Bulk import from sheets, NetBox style: find the columns, bind each row to a form, and
collect every bad row with its sheet, row, column, value and reason. Nothing is written
here; the caller saves the valid rows in one transaction only when there is no error.

Any import (the ledger, units' progress sheets) declares its `Column`s and a form per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms

from ducha.lib.excel import CellValue, Sheet, column_letter

HEADER_SCAN_ROWS = 20
NON_FIELD = "__all__"


@dataclass(frozen=True)
class Column:
    """A column an import understands. `label` is what exports write as the header."""

    field: str
    label: str
    variants: tuple[str, ...] = ()
    required: bool = False
    # Values that offices write once over several merged rows (a leader, a unit).
    spans_rows: bool = False

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@dataclass(frozen=True)
class RowError:
    """One reason a row cannot be imported, located as a person finds it in Excel."""

    sheet: str
    row: int  # as Excel numbers rows, from 1
    column: str  # "C列「牵头单位」", or "" for the whole row
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"工作表「{self.sheet}」第{self.row}行"
        if self.column:
            where += f" {self.column}"
        value = f" 值「{self.value}」" if self.value else ""
        return f"{where}{value}：{self.reason}"


class ImportFailed(Exception):
    """The file as a whole cannot be imported (no header, wrong type…); message in Chinese."""


def normalize_header(text: CellValue) -> str:
    """Headers compared without spaces, asterisks and notes in brackets: 完成时限（年月日）."""
    value = re.sub(r"[（(【\[].*?[）)】\]]", "", str(text or ""))
    return re.sub(r"[\s*＊★:：]", "", value)


@dataclass
class Table:
    """A sheet with its header row found and its columns mapped to fields."""

    sheet: Sheet
    header_row: int  # 0-based index in sheet.rows
    positions: dict[str, int]  # field → column index
    headers: dict[str, str]  # field → header as written in the file

    def column_name(self, field: str) -> str:
        if field not in self.positions:
            return ""
        return f"{column_letter(self.positions[field])}列「{self.headers[field]}」"


@dataclass
class SheetRow:
    """The cells of one data row by field, with where the row is."""

    sheet: str
    number: int  # Excel row number
    values: dict[str, CellValue]


def _match_header(row: Sequence[CellValue], columns: Sequence[Column]) -> dict[str, int]:
    found: dict[str, int] = {}
    lookup = {normalize_header(name): col.field for col in columns for name in col.names()}
    for index, cell in enumerate(row):
        field = lookup.get(normalize_header(cell))
        if field is not None and field not in found:
            found[field] = index
    return found


def find_table(sheets: Sequence[Sheet], columns: Sequence[Column]) -> Table:
    """The first sheet whose header row (within the first rows, below any title) has every
    required column; merged cells of spanning columns are filled in."""
    required = {c.field for c in columns if c.required}
    best: tuple[int, Sheet, int, dict[str, int]] | None = None
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            found = _match_header(row, columns)
            if required <= found.keys() and len(found) >= 2:
                return _table(sheet, index, found, columns)
            if best is None or len(found) > best[0]:
                best = (len(found), sheet, index, found)
    labels = "、".join(c.label for c in columns if c.required)
    raise ImportFailed(f"找不到表头行：表头须包含{labels}等列（可在标题行之下）。")


def _table(sheet: Sheet, index: int, found: dict[str, int], columns: Sequence[Column]) -> Table:
    spanning = {found[c.field] for c in columns if c.spans_rows and c.field in found}
    sheet.fill_merged(spanning)
    headers = {field: str(sheet.rows[index][pos]) for field, pos in found.items()}
    return Table(sheet=sheet, header_row=index, positions=found, headers=headers)


def data_rows(table: Table) -> Iterator[SheetRow]:
    """The rows below the header that hold anything, by field."""
    for index in range(table.header_row + 1, len(table.sheet.rows)):
        cells = table.sheet.rows[index]
        values = {
            field: cells[pos] if pos < len(cells) else None
            for field, pos in table.positions.items()
        }
        if any(v is not None and v != "" for v in values.values()):
            yield SheetRow(sheet=table.sheet.name, number=index + 1, values=values)


class RowForm(forms.Form):
    """A row form that is bound again for each row instead of built anew.

    Django deep-copies a form's fields whenever a form is made; for 50,000 rows that
    costs more than the validation itself. Cleaning never changes the fields, so one
    form, re-bound, gives the same answers.
    """

    def rebind(self, data: dict[str, Any]) -> RowForm:
        self.data = data
        self.is_bound = True
        self._errors = None
        return self


def form_errors(table: Table, row: SheetRow, form: forms.BaseForm) -> list[RowError]:
    """A bound form's errors as located row errors."""
    errors = []
    for field, messages in form.errors.items():
        value = "" if field == NON_FIELD else _display(row.values.get(field))
        column = "" if field == NON_FIELD else table.column_name(field)
        for message in messages:
            errors.append(RowError(row.sheet, row.number, column, value, str(message)))
    return errors


def _display(value: CellValue) -> str:
    return "" if value is None else str(value)[:100]


def validate_rows(
    table: Table,
    make_form: Callable[[SheetRow], forms.BaseForm],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[tuple[SheetRow, dict[str, Any]]], list[RowError]]:
    """Bind each data row to its form; the valid rows' cleaned data and every error."""
    rows = list(data_rows(table))
    valid: list[tuple[SheetRow, dict[str, Any]]] = []
    errors: list[RowError] = []
    for n, row in enumerate(rows, start=1):
        form = make_form(row)
        if form.is_valid():
            valid.append((row, form.cleaned_data))
        else:
            errors.extend(form_errors(table, row, form))
        if progress is not None and (n % 1000 == 0 or n == len(rows)):
            progress(n, len(rows))
    return valid, errors


SEPARATORS = frozenset("、,，;；/／\n\r")
OPENING, CLOSING = frozenset("（(【["), frozenset("）)】]")


def split_list(value: CellValue) -> list[str]:
    """Several names in one cell: 市发改委、市财政局/市住建局 or one per line.

    Separators inside brackets belong to the name: 各县（市、区） stays one name.
    """
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in str(value or ""):
        depth += (char in OPENING) - (char in CLOSING)
        if char in SEPARATORS and depth <= 0:
            parts.append("".join(current))
            current, depth = [], 0
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def sorted_errors(errors: Iterable[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: (e.sheet, e.row, e.column))
