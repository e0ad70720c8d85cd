"""What a workbook says about its own size, read without building its grid.

python-calamine allocates the rectangle from the first to the last cell with a value, so
a 5 KB file with values in A1 and XFD100000 asks for 52 GB. These functions read the
cell positions a file names (an .xlsx sheet's `<dimension>` and `r=` attributes, an .ods
table's repeated rows and cells, an .xls sheet's DIMENSIONS and cell records) by
scanning the XML or records as a stream, so the caller can refuse a file by its declared
size before anything is parsed.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import XMLPullParser

CHUNK = 1 << 20


@dataclass
class SheetSize:
    """The used rectangle of one sheet (1-based, inclusive) and its merged ranges."""

    name: str
    first_row: int = 0
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0
    merged: int = 0
    declared: tuple[int, int] = (0, 0)  # rows, columns of a <dimension> / DIMENSIONS
    _seen: bool = field(default=False, repr=False)

    def add(self, row: int, col: int) -> None:
        if not self._seen:
            self.first_row, self.last_row, self.first_col, self.last_col = row, row, col, col
            self._seen = True
            return
        self.first_row, self.last_row = min(self.first_row, row), max(self.last_row, row)
        self.first_col, self.last_col = min(self.first_col, col), max(self.last_col, col)

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1 if self._seen else 0

    @property
    def columns(self) -> int:
        return self.last_col - self.first_col + 1 if self._seen else 0


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(char) - 64
    return number


def declared_sizes(data: bytes, suffix: str) -> list[SheetSize]:
    if suffix == ".xls":
        return xls_sizes(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if suffix == ".ods":
            return ods_sizes(archive)
        return xlsx_sizes(archive)


# .xlsx ----------------------------------------------------------------------------------

# A cell with content: <c r="B7" …> not closed at once (<c r="B7" s="1"/> is only a style,
# and python-calamine leaves those out of the grid).
_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?<!/)>')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?ref="([A-Z]{1,3})?([0-9]{1,7})?:?'
                        rb'([A-Z]{1,3})?([0-9]{1,7})?"')  # fmt: skip
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s")
_SHEET = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?name="([^"]*)"[^>]*?(?:\w+:)?id="([^"]*)"')
_REL = re.compile(rb'<Relationship\s[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_TAIL = 200  # a tag split between two chunks is found in the next one


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name as Excel shows it."""
    try:
        workbook = archive.read("xl/workbook.xml")[: 4 * CHUNK]
        rels = archive.read("xl/_rels/workbook.xml.rels")[: 4 * CHUNK]
    except KeyError:
        return {}
    targets = {rid.decode(): t.decode().lstrip("/") for rid, t in _REL.findall(rels)}
    names = {}
    for name, rid in _SHEET.findall(workbook):
        target = targets.get(rid.decode(), "")
        part = target if target.startswith("xl/") else f"xl/{target}"
        names[part] = name.decode("utf-8", "replace")
    return names


def _chunks(archive: zipfile.ZipFile, name: str) -> Iterator[tuple[int, bytes]]:
    """The part in chunks that overlap, so no tag is missed at a chunk's edge; each with
    the length of the overlap (what the previous chunk already showed)."""
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            yield len(tail), tail + chunk
            tail = chunk[-_TAIL:]


def xlsx_sizes(archive: zipfile.ZipFile) -> list[SheetSize]:
    names = _sheet_names(archive)
    sizes = []
    for info in archive.infolist():
        if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
            continue
        size = SheetSize(name=names.get(info.filename, info.filename.rsplit("/", 1)[-1]))
        for seen, chunk in _chunks(archive, info.filename):
            _scan_xlsx_chunk(chunk, seen, size)
        sizes.append(size)
    return sizes


def _scan_xlsx_chunk(chunk: bytes, seen: int, size: SheetSize) -> None:
    """Widen `size` by the cells of one chunk. The used rectangle's rows and columns are
    independent, so the chunk's extremes are enough: no Python call per cell."""
    if size.declared == (0, 0) and (found := _DIMENSION.search(chunk)):
        first_col, first_row, last_col, last_row = found.groups()
        height = int(last_row) - int(first_row or 1) + 1 if last_row else 1
        width = column_number(last_col or b"A") - column_number(first_col or b"A") + 1
        size.declared = (max(height, 1), max(width, 1))
    cells = _CELL.findall(chunk)
    if cells:
        rows = [int(digits) for _, digits in cells]
        columns = [column_number(letters) for letters in {letters for letters, _ in cells}]
        size.add(min(rows), min(columns))
        size.add(max(rows), max(columns))
    size.merged += sum(1 for m in _MERGE.finditer(chunk) if m.end() > seen)


# .ods -----------------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _repeat(element: Any, name: str) -> int:
    value = element.get(_TABLE + name, "1")
    return int(value) if value.isdigit() else 1


def ods_sizes(archive: zipfile.ZipFile) -> list[SheetSize]:
    """Rows and cells repeated N times count N times, but only when they hold something:
    LibreOffice writes a million empty rows as one repeated row, which reads as nothing."""
    parser: Any = XMLPullParser(events=("start", "end"))
    sizes: list[SheetSize] = []
    row = 0
    with archive.open("content.xml") as part:
        while chunk := part.read(CHUNK):
            parser.feed(chunk)
            for event, element in parser.read_events():
                node: Any = element
                if event == "start" and node.tag == _TABLE + "table":
                    sizes.append(SheetSize(name=node.get(_TABLE + "name", "")))
                    row = 0
                elif event == "end" and node.tag == _TABLE + "table-row" and sizes:
                    row = _ods_row(node, row, sizes[-1])
                    node.clear()
    return sizes


def _ods_row(element: Any, row: int, size: SheetSize) -> int:
    repeat = _repeat(element, "number-rows-repeated")
    column, last = 0, 0
    for cell in element:
        if cell.tag == _TABLE + "covered-table-cell" or cell.tag == _TABLE + "table-cell":
            span = _repeat(cell, "number-columns-repeated")
            if cell.get(_OFFICE + "value-type") or len(cell):
                last = column + span
            if cell.get(_TABLE + "number-columns-spanned"):
                size.merged += 1
            column += span
    if last:
        size.add(row + 1, 1)
        size.add(row + repeat, last)
    return row + repeat


# .xls -----------------------------------------------------------------------------------

_BOF, _EOF, _DIMENSIONS, _MERGED = 0x0809, 0x000A, 0x0200, 0x00E5
# Records that hold one cell: row and column are their first two 16-bit fields.
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6}
_MULRK = 0x00BD


def xls_sizes(data: bytes) -> list[SheetSize]:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            book = ole.openstream(stream).read()
    except OSError:
        return []  # not a compound file: python-calamine says what is wrong with it
    return _biff_sizes(book)


def _biff_sizes(book: bytes) -> list[SheetSize]:
    sizes: list[SheetSize] = []
    current: SheetSize | None = None
    pos = 0
    while pos + 4 <= len(book):
        rid, length = struct.unpack_from("<HH", book, pos)
        body = book[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if rid == _BOF and len(body) >= 4:
            kind = struct.unpack_from("<H", body, 2)[0]
            current = SheetSize(name=f"第{len(sizes) + 1}个工作表") if kind == 0x0010 else None
            if current is not None:
                sizes.append(current)
        elif current is None:
            continue
        elif rid in _CELL_RECORDS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            current.add(row + 1, col + 1)
        elif rid == _MULRK and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
            current.add(row + 1, first + 1)
            current.add(row + 1, last + 1)
        elif rid == _DIMENSIONS and len(body) >= 12:
            first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
            current.declared = (max(last_row - first_row, 0), max(last_col - first_col, 0))
        elif rid == _MERGED and len(body) >= 2:
            current.merged += struct.unpack_from("<H", body)[0]
        elif rid == _EOF:
            current = None
    return sizes
