"""Spreadsheets in and out: .xlsx/.xls/.ods and .csv read as plain rows, .xlsx/.csv written.

Reading never evaluates anything: formulas give their cached value (or nothing), and a
file that is not what its name says, too large, or a compression bomb is refused with a
Chinese message before it is parsed. A workbook's declared size (the cells it names, its
merged ranges) is checked against the limits below before python-calamine builds its grid,
and the whole reading runs in a child process with a memory and CPU limit
(`ducha.lib.sandbox`), so a file that still gets past the checks ends that child, not the
server. Cell values come back as str, int, float, bool,
date, datetime or None. Writing neutralises text that a spreadsheet would run as a
formula (CSV/Excel injection): in .xlsx it is stored as text with the quote prefix, in
CSV it gets a leading apostrophe, which our own CSV reader removes again.
"""

from __future__ import annotations

import codecs
import copy
import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ducha.lib.sandbox import Limits, SandboxError, run_limited
from ducha.lib.sheetsize import SheetSize, declared_sizes

CellValue = str | int | float | bool | datetime.date | datetime.datetime | None

MAX_FILE_BYTES = 64 * 1024 * 1024
# Uncompressed size of all parts of a workbook: a 100,000-row ledger is about 60 MB.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
# A real sheet compresses perhaps 10–30×, a sheet of empty formatted rows a few hundred
# times; a bomb compresses thousands of times. Small files are let through either way.
MAX_RATIO = 500
SMALL_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000
# The grid of used cells (first to last cell with a value) of one sheet. A ledger has a
# few dozen columns; 10 million cells take about 320 MB in python-calamine.
MAX_COLUMNS = 1_000
MAX_CELLS = 10_000_000
MAX_MERGED = 100_000
# The child that reads a workbook: what a 200,000-row sheet needs, with room to spare.
READ_LIMITS = Limits(memory=2048 * 1024 * 1024, cpu_seconds=120, wall_seconds=300)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt")
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# Cells starting with these are formulas to Excel, WPS and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class MergedRange:
    """A merged block, 0-based and inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass
class Sheet:
    """One sheet's values, rows of equal length, with its merged blocks."""

    name: str
    rows: list[list[CellValue]]
    merged: list[MergedRange] = field(default_factory=list)

    def fill_merged(self, columns: set[int] | None = None) -> None:
        """Give every cell of a merged block (in `columns`, or anywhere) its first cell's value.

        A leader or unit written once across several rows then belongs to each row. Each
        cell is written at most once: blocks that overlap (no spreadsheet program saves
        them; a crafted file does, to make the filling quadratic) are refused.
        """
        filled: dict[int, bytearray] = {}
        for block in dict.fromkeys(self.merged):  # a range listed twice is one range
            if block.first_row >= len(self.rows):
                continue
            value = self.rows[block.first_row][block.first_col]
            last_row = min(block.last_row, len(self.rows) - 1)
            width = len(self.rows[block.first_row])
            for c in range(block.first_col, min(block.last_col, width - 1) + 1):
                if columns is not None and c not in columns:
                    continue
                marks = filled.setdefault(c, bytearray(len(self.rows)))
                for r in range(block.first_row, last_row + 1):
                    if marks[r]:
                        raise SpreadsheetError(
                            f"工作表「{self.name}」的合并单元格区域相互重叠"
                            f"（{column_letter(c)}{r + 1}），文件可能已损坏，请在表格软件中"
                            "取消合并后重新保存。"
                        )
                    marks[r] = 1
                    self.rows[r][c] = value


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_tables(data: bytes, filename: str, *, isolated: bool = True) -> list[Sheet]:
    """The visible sheets of a spreadsheet or the one table of a CSV file.

    The size is checked first; then the file is read in a child process with
    `READ_LIMITS` (`isolated=False` reads it here, for benchmarks that compare the two).
    """
    if len(data) > MAX_FILE_BYTES:
        raise SpreadsheetError(f"文件过大（超过{MAX_FILE_BYTES // 1024 // 1024} MB）。")
    suffix = Path(filename).suffix.lower()
    if suffix not in CSV_SUFFIXES + SPREADSHEET_SUFFIXES:
        raise SpreadsheetError(
            f"不支持的文件类型「{suffix or filename}」，请上传 .xlsx、.xls、.ods 或 .csv 文件。"
        )
    if suffix in SPREADSHEET_SUFFIXES and suffix != ".xls":
        check_zip_container(data, suffix)
    if not isolated:
        return _read_tables(data, filename)
    try:
        return run_limited(_read_tables, data, filename, limits=READ_LIMITS)
    except SandboxError as error:
        raise SpreadsheetError(str(error)) from None


def _read_tables(data: bytes, filename: str) -> list[Sheet]:
    suffix = Path(filename).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [read_csv(data, name=Path(filename).stem or "CSV")]
    check_declared_size(data, suffix)
    return read_workbook(data)


def check_zip_container(data: bytes, suffix: str) -> None:
    """Refuse what is not a workbook (a .docx renamed) and compression bombs, unopened."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpreadsheetError("文件已损坏或不是 Excel 表格（.xlsx 应为 zip 格式）。") from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" in names:
            raise SpreadsheetError(
                "这是 Word 文档（.docx），不是 Excel 表格，请另存为 .xlsx 后再上传。"
            )
        if "ppt/presentation.xml" in names:
            raise SpreadsheetError("这是 PowerPoint 演示文稿，不是 Excel 表格。")
        if suffix != ".ods" and "xl/workbook.xml" not in names:
            raise SpreadsheetError("文件中没有 Excel 工作簿，请确认文件类型。")
        unpacked = sum(info.file_size for info in archive.infolist())
    too_dense = unpacked > SMALL_UNPACKED_BYTES and unpacked > MAX_RATIO * len(data)
    if unpacked > MAX_UNPACKED_BYTES or too_dense:
        raise SpreadsheetError("文件解压后异常庞大（疑似压缩炸弹），已拒绝读取。")


def check_declared_size(data: bytes, suffix: str) -> None:
    """Refuse a workbook whose sheets name more rows, columns, cells or merged ranges than
    the limits, before python-calamine allocates the grid they span."""
    try:
        sizes = declared_sizes(data, suffix)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as error:
        raise SpreadsheetError(f"无法读取表格文件：{error}") from None
    for size in sizes:
        problem = size_problem(size)
        if problem:
            raise SpreadsheetError(f"工作表「{size.name}」{problem}，已拒绝读取。")


def size_problem(size: SheetSize) -> str:
    """Which limit a sheet's used range breaks, in Chinese; "" when it keeps to them."""
    rows, columns = size.rows, size.columns
    where = f"使用区域为{rows}行×{columns}列"
    if rows > MAX_ROWS:
        return f"{where}，超过行数上限{MAX_ROWS}行"
    if columns > MAX_COLUMNS:
        last = column_letter(size.last_col - 1)
        return f"{where}（最后一列为{last}列），超过列数上限{MAX_COLUMNS}列"
    if rows * columns > MAX_CELLS:
        return f"{where}，共{rows * columns}个单元格，超过单元格数上限{MAX_CELLS}个"
    if size.merged > MAX_MERGED:
        return f"有{size.merged}个合并单元格区域，超过上限{MAX_MERGED}个"
    return ""


def read_workbook(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if str(meta.visible).endswith("Visible") and str(meta.typ).endswith("WorkSheet"):
                sheets.append(_read_sheet(workbook.get_sheet_by_name(meta.name)))
        return sheets
    except CalamineError as error:
        raise SpreadsheetError(f"无法读取表格文件：{error}") from None
    except (ValueError, TypeError, OSError) as error:
        if isinstance(error, SpreadsheetError):
            raise
        raise SpreadsheetError(f"无法读取表格文件：{error}") from None


def _read_sheet(raw: Any) -> Sheet:
    rows: list[list[CellValue]] = []
    pending_empty = 0  # empty rows are kept only when data follows them
    for values in raw.iter_rows():
        row = [_clean(v) for v in values]
        if not _non_empty(row):
            pending_empty += 1
            continue
        rows.extend([None] * len(row) for _ in range(pending_empty))
        pending_empty = 0
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise SpreadsheetError(f"工作表「{raw.name}」超过{MAX_ROWS}行，请分批导入。")
    # calamine starts the grid at the first used cell; put it back where Excel shows it.
    top, left = raw.start if rows else (0, 0)
    width = left + max((len(r) for r in rows), default=0)
    grid: list[list[CellValue]] = [[None] * width for _ in range(top)]
    grid += [[None] * left + r + [None] * (width - left - len(r)) for r in rows]
    merged = [
        MergedRange(first[0], first[1], last[0], last[1])
        for first, last in (getattr(raw, "merged_cell_ranges", None) or [])
    ]
    return Sheet(name=raw.name, rows=grid, merged=merged)


def _clean(value: Any) -> CellValue:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime.timedelta | datetime.time):
        return str(value)
    return value


def _non_empty(row: Sequence[CellValue]) -> bool:
    return any(v is not None and v != "" for v in row)


def _trim(rows: list[list[CellValue]]) -> None:
    """Drop empty rows at the end (a sheet "used" to row 1,048,576 holds no data)."""
    while rows and not _non_empty(rows[-1]):
        rows.pop()


def read_csv(data: bytes, *, name: str) -> Sheet:
    text = _decode(data).removeprefix("\ufeff")
    # Commas, or tabs when the first line has more of them ("Unicode text" from Excel).
    # Not csv.Sniffer: a cell like 市财政局;市国土局 would make it pick the semicolon.
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows: list[list[CellValue]] = []
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append([_clean(_unquote(v)) for v in record])
        if len(rows) > MAX_ROWS:
            raise SpreadsheetError(f"文件超过{MAX_ROWS}行，请分批导入。")
    _trim(rows)
    width = max((len(r) for r in rows), default=0)
    return Sheet(name=name, rows=[r + [None] * (width - len(r)) for r in rows])


def _unquote(value: str) -> str:
    """'=1+2 as exports write it (see `safe_text`) reads back as the text =1+2."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, which Excel on Chinese Windows writes;
    UTF-16 when it starts with its BOM (Excel's "Unicode text")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError("无法识别文件编码，请保存为 UTF-8 或 GB18030 编码的 CSV 文件。")


# Writing ----------------------------------------------------------------------------


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as text, never runs: =cmd|… becomes '=cmd|…."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_cell(value: Any) -> Any:
    return safe_text(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class SheetSpec:
    """What to write on one sheet: header, rows, widths and optional cell fills."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    # (row index in `rows`, column index) → "RRGGBB"
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    date_format: str = 'yyyy"年"m"月"d"日"'
    validations: Sequence[tuple[int, str]] = ()  # (column index, formula of the list)


def write_xlsx(
    sheets: Sequence[SheetSpec], out: IO[bytes], *, lists: dict[str, list[str]] | None = None
) -> None:
    """Write an .xlsx with frozen, bold header rows; optional hidden sheet of validation lists.

    Linear in the cells: each row's fills are grouped once, and each styled cell takes a copy
    of a style prepared once per kind (date, text, fill colour) instead of styling it afresh.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        ws = workbook.create_sheet(spec.title[:31])
        ws.append(list(spec.header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        fills_of_row: dict[int, dict[int, str]] = {}
        for (fr, fc), colour in spec.fills.items():
            fills_of_row.setdefault(fr, {})[fc] = colour
        styled = _StyledCells(ws, spec.date_format)
        for r, row in enumerate(spec.rows):
            fills = fills_of_row.get(r, {})
            ws.append([styled.cell(value, fills.get(c)) for c, value in enumerate(row)])
        ws.freeze_panes = "A2"
        for c, width in enumerate(spec.widths):
            ws.column_dimensions[column_letter(c)].width = width
        for column, formula in spec.validations:
            rule = DataValidation(type="list", formula1=formula, allow_blank=True)
            rule.add(f"{column_letter(column)}2:{column_letter(column)}5000")
            ws.add_data_validation(rule)
    if lists:
        _write_lists(workbook, lists)
    workbook.save(out)


class _StyledCells:
    """Cells of one sheet: plain values as they are, styled ones as cells carrying a style
    prepared once per kind (openpyxl's own sheet copy shares styles the same way)."""

    def __init__(self, ws: Any, date_format: str) -> None:
        self._ws = ws
        self._date_format = date_format
        self._styles: dict[tuple[str, str | None], Any] = {}

    def cell(self, value: Any, colour: str | None) -> Any:
        if isinstance(value, datetime.date):
            kind = "date"
        elif isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            kind = "text"
        elif colour:
            kind = ""
        else:
            return value
        from openpyxl.cell.cell import Cell

        cell = Cell(self._ws, value=value)
        cell._style = copy.copy(self._style(kind, colour))
        if kind == "text":
            cell.data_type = "s"
        return cell

    def _style(self, kind: str, colour: str | None) -> Any:
        key = (kind, colour)
        if key not in self._styles:
            from openpyxl.cell.cell import Cell
            from openpyxl.styles import Font, PatternFill

            model = Cell(self._ws)
            if kind == "date":
                model.number_format = self._date_format
            elif kind == "text":
                _as_text(model)
            if colour:
                model.fill = PatternFill("solid", fgColor=colour)
                model.font = Font(color="FFFFFF")
            self._styles[key] = model._style
        return self._styles[key]


def _as_text(cell: Any) -> None:
    """Keep the text as it is but store it as text with Excel's quote prefix: what the
    user sees and re-imports is "=1+2", and no spreadsheet ever runs it."""
    cell.data_type = "s"
    cell.quotePrefix = True


def _write_lists(workbook: Any, lists: dict[str, list[str]]) -> None:
    ws = workbook.create_sheet("选项")
    for c, (title, values) in enumerate(lists.items(), start=1):
        ws.cell(row=1, column=c, value=title)
        for r, value in enumerate(values, start=2):
            _as_text(ws.cell(row=r, column=c, value=value))
    ws.sheet_state = "hidden"


def list_formula(lists: dict[str, list[str]], title: str) -> str:
    """The data-validation source of list `title` on the hidden 选项 sheet."""
    index = list(lists).index(title)
    letter = column_letter(index)
    return f"'选项'!${letter}$2:${letter}${max(len(lists[title]) + 1, 2)}"


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV lines, UTF-8 BOM first so Excel opens Chinese correctly; text neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff"
    for row in [header, *rows]:
        writer.writerow([_csv_value(v) for v in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_cell(value)
