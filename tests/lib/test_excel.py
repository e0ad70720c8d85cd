"""Reading sheets as they come, refusing hostile files, and writing safe ones."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest

from ducha.lib.excel import (
    SpreadsheetError,
    column_letter,
    read_tables,
    safe_text,
    write_csv,
)
from tests.ledger.sheets import xlsx


def test_openpyxl_workbook_keeps_rows_where_excel_shows_them_with_merged_blocks() -> None:
    data = xlsx(
        [["事项", "领导"], ["修路", "石迎军"], ["建桥", None]],
        title_row="2017年台账",
        merges=["B3:B4"],
    )
    [sheet] = read_tables(data, "台账.xlsx")
    assert sheet.name == "台账"
    assert sheet.rows[0][0] == "2017年台账"
    assert sheet.rows[1] == ["事项", "领导"]
    sheet.fill_merged({1})
    assert sheet.rows[3] == ["建桥", "石迎军"]


def test_csv_in_utf8_with_and_without_bom_and_in_gb18030() -> None:
    text = "事项名称,牵头单位\n修路,市住建局\n"
    for data in (text.encode("utf-8"), ("\ufeff" + text).encode("utf-8"), text.encode("gb18030")):
        [sheet] = read_tables(data, "ledger.csv")
        assert sheet.rows == [["事项名称", "牵头单位"], ["修路", "市住建局"]]


def test_a_docx_named_xlsx_is_refused_clearly() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(SpreadsheetError, match="Word"):
        read_tables(out.getvalue(), "台账.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (600 * 1024 * 1024))
    assert len(out.getvalue()) < 2 * 1024 * 1024
    with pytest.raises(SpreadsheetError, match="压缩炸弹"):
        read_tables(out.getvalue(), "bomb.xlsx")


def test_random_bytes_and_unknown_types_are_refused() -> None:
    with pytest.raises(SpreadsheetError, match="损坏"):
        read_tables(b"not a zip at all", "台账.xlsx")
    with pytest.raises(SpreadsheetError, match="不支持"):
        read_tables(b"MZ", "virus.exe")


def _with_sheet_xml(workbook_bytes: bytes, sheet_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(
                info.filename, sheet_xml if info.filename.endswith("sheet1.xml") else data
            )
    return out.getvalue()


def test_a_sheet_of_1048576_empty_rows_reads_as_its_data_only() -> None:
    # Every row of the sheet exists, formatted and empty, as when a whole column is styled.
    rows = b"".join(b'<row r="%d"><c r="A%d" s="0"/></row>' % (n, n) for n in range(2, 1_048_577))
    sheet_xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:B1048576"/><sheetData>'
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>事项名称</t></is></c></row>'.encode()
        + rows
        + b"</sheetData></worksheet>"
    )
    data = _with_sheet_xml(xlsx([["x"]]), sheet_xml)
    [read] = read_tables(data, "big.xlsx")
    assert read.rows == [["事项名称"]]


def test_formulas_are_never_evaluated_and_markup_stays_text() -> None:
    data = xlsx(
        [
            ["事项名称", "牵头单位"],
            ['=HYPERLINK("http://evil.example","点我")', "=1+2"],
            ["<script>alert(1)</script>", "@SUM(A1)"],
        ]
    )
    [sheet] = read_tables(data, "hostile.xlsx")
    # openpyxl stores formulas without a cached value: they read as empty, never computed.
    assert sheet.rows[1] == [None, None]
    assert sheet.rows[2] == ["<script>alert(1)</script>", "@SUM(A1)"]


def test_exported_text_cannot_run_as_a_formula() -> None:
    for text in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_text(text).startswith("'")
    assert safe_text("市住建局") == "市住建局"
    lines = "".join(write_csv(["名称"], [['=HYPERLINK("http://x")'], [datetime.date(2017, 6, 30)]]))
    assert lines.startswith("\ufeff名称\r\n")
    assert "'=HYPERLINK" in lines
    assert "2017-06-30" in lines


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]


def test_csv_read_from_disk_with_title_row(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes("台账\n事项名称,牵头单位\n修路,市住建局\n".encode("gb18030"))
    [sheet] = read_tables(path.read_bytes(), path.name)
    assert sheet.rows[0] == ["台账", None]


def test_csv_delimiter_is_comma_or_tab_never_a_semicolon_inside_a_cell() -> None:
    commas = "事项名称,配合单位\n修路,市财政局;市国土局\n".encode()
    assert read_tables(commas, "a.csv")[0].rows[1] == ["修路", "市财政局;市国土局"]
    tabs = "事项名称\t配合单位\n修路\t市财政局,市国土局\n".encode("utf-16-le")
    with pytest.raises(SpreadsheetError, match="编码"):
        read_tables(tabs, "b.txt")  # UTF-16 is not offered; the message says what is
    tabs_utf8 = "事项名称\t配合单位\n修路\t市财政局,市国土局\n".encode()
    assert read_tables(tabs_utf8, "b.txt")[0].rows[1] == ["修路", "市财政局,市国土局"]
    unicode_text = "事项名称\t配合单位\n修路\t市财政局\n".encode("utf-16")  # with its BOM
    assert read_tables(unicode_text, "c.txt")[0].rows == [
        ["事项名称", "配合单位"],
        ["修路", "市财政局"],
    ]
