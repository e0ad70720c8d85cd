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
from tests.hostile import (
    far_cell_xlsx,
    ods,
    overlapping_merges_xlsx,
    repeated_ods,
    sheet_xml,
)
from tests.hostile import xlsx as xlsx_part
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


# Hostile workbooks: refused by their declared size, or stopped by the child's limits.


@pytest.mark.parametrize("dimension", [True, False])
def test_a_far_cell_is_refused_by_its_position_before_calamine_spans_the_grid(
    dimension: bool,
) -> None:
    # 5 KB that python-calamine would turn into a 52 GB grid (it aborted the server).
    data = far_cell_xlsx("XFD100000", dimension=dimension)
    assert len(data) < 5000
    with pytest.raises(SpreadsheetError, match=r"工作表「台账」.*16384列.*超过列数上限1000列"):
        read_tables(data, "台账.xlsx")


def test_rows_and_cells_beyond_the_limits_are_refused_naming_the_limit() -> None:
    with pytest.raises(SpreadsheetError, match="超过行数上限200000行"):
        read_tables(far_cell_xlsx("A300000"), "a.xlsx")
    with pytest.raises(SpreadsheetError, match="超过单元格数上限10000000个"):
        read_tables(far_cell_xlsx("ALL20000"), "a.xlsx")


def test_a_grid_within_the_limits_but_beyond_memory_ends_the_child_not_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ducha.lib import excel
    from ducha.lib.sandbox import Limits

    # The declared-size check is the first guard; the child's memory limit is the second.
    monkeypatch.setattr(excel, "MAX_COLUMNS", 20_000)
    monkeypatch.setattr(excel, "MAX_CELLS", 10**12)
    monkeypatch.setattr(excel, "READ_LIMITS", Limits(memory=512 * 1024 * 1024, cpu_seconds=20))
    with pytest.raises(SpreadsheetError, match="内存超过限制"):
        read_tables(far_cell_xlsx("XFD3000"), "a.xlsx")
    assert read_tables(far_cell_xlsx("C3"), "a.xlsx")[0].rows[2][2] == "x"


def test_styled_empty_cells_do_not_count_towards_the_used_range() -> None:
    data = xlsx_part(sheet_xml([("A1", "事项名称"), ("XFD3000", None)]))
    assert read_tables(data, "a.xlsx")[0].rows == [["事项名称"]]


def test_overlapping_merged_ranges_are_refused_in_linear_time() -> None:
    import time

    data = overlapping_merges_xlsx(count=12_000, rows=2_000)
    started = time.perf_counter()
    [sheet] = read_tables(data, "a.xlsx")
    with pytest.raises(SpreadsheetError, match="合并单元格区域相互重叠"):
        sheet.fill_merged({1})
    # Quadratic filling took 42 s; refusing costs at most one pass over the cells.
    assert time.perf_counter() - started < 5


def test_a_range_listed_twice_is_filled_once() -> None:
    cells = [("A1", "事项"), ("B1", "领导"), ("A2", "修路"), ("B2", "石迎军"), ("A3", "建桥")]
    data = xlsx_part(sheet_xml(cells, merges=["B2:B3", "B2:B3"]))
    [sheet] = read_tables(data, "a.xlsx")
    sheet.fill_merged({1})
    assert sheet.rows[2] == ["建桥", "石迎军"]


def test_too_many_merged_ranges_are_refused() -> None:
    from ducha.lib import excel

    merges = [f"A{2 * n + 1}:A{2 * n + 2}" for n in range(excel.MAX_MERGED + 1)]
    data = xlsx_part(sheet_xml([("A1", "x"), ("B3", "y")], merges=merges))
    with pytest.raises(SpreadsheetError, match="合并单元格区域，超过上限100000个"):
        read_tables(data, "a.xlsx")


def test_an_ods_block_repeated_a_million_times_is_refused_by_its_declared_size() -> None:
    data = repeated_ods(rows=1_000_000, columns=16_384)
    assert len(data) < 2000
    with pytest.raises(SpreadsheetError, match="工作表「台账」使用区域为1000000行×16384列"):
        read_tables(data, "台账.ods")


def test_an_ods_with_a_million_empty_repeated_rows_reads_as_its_data() -> None:
    cell = (
        '<table:table-cell office:value-type="string"><text:p>事项名称</text:p></table:table-cell>'
    )
    empty = '<table:table-cell table:number-columns-repeated="1023"/>'
    body = f"<table:table-row>{cell}{empty}</table:table-row>"
    body += f'<table:table-row table:number-rows-repeated="1048575">{empty}</table:table-row>'
    assert read_tables(ods(body), "a.ods")[0].rows == [["事项名称"]]


def test_an_old_xls_is_refused_by_the_cells_it_names(tmp_path: Path) -> None:
    from tests.ledger.sheets import libreoffice_convert

    # Written by LibreOffice (a real .xls writer): values in A1 and IV60000, the corners
    # of 15 million cells in the old format's 65536 × 256 grid.
    source = tmp_path / "wide.xlsx"
    source.write_bytes(far_cell_xlsx("IV60000"))
    converted = libreoffice_convert(source, "xls:MS Excel 97", tmp_path)
    with pytest.raises(SpreadsheetError, match=r"60000行×256列.*超过单元格数上限"):
        read_tables(converted.read_bytes(), "wide.xls")


def test_a_declared_dimension_alone_neither_refuses_nor_admits_a_sheet() -> None:
    # The cells a sheet names decide; a <dimension> that says the whole grid is harmless.
    small = xlsx_part(sheet_xml([("A1", "事项名称")], dimension="A1:XFD1048576"))
    assert read_tables(small, "a.xlsx")[0].rows == [["事项名称"]]
    lying = xlsx_part(sheet_xml([("A1", "x"), ("XFD9", "y")], dimension="A1:B2"))
    with pytest.raises(SpreadsheetError, match="超过列数上限"):
        read_tables(lying, "a.xlsx")
