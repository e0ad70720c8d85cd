"""Turning an uploaded file into text: plain text, a saved portal page, a Word file or a PDF.

Everything but plain text is parsed in a child process with a memory and CPU limit
(`ducha.lib.sandbox`): a hostile .docx or page can only end that child. A .docx is also
refused by the size its XML parts expand to, before any of it is parsed, and a PDF by its
size and page count.
"""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ducha.lib.pdftext import PdfRefused, pdf_text
from ducha.lib.sandbox import Limits, SandboxError, run_limited

MB = 1024 * 1024
# A 1 MB bulletin saved by Word is a few MB of XML; python-docx parses every XML part.
MAX_DOCX_XML_BYTES = 32 * MB
MAX_DOCX_PARTS = 2_000
READ_LIMITS = Limits(memory=1024 * MB, cpu_seconds=30, wall_seconds=90)


class ReaderInputError(ValueError):
    """The file cannot be read as a bulletin at all; the message is shown to the user."""


_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
    "article", "header", "footer", "ul", "ol", "td", "th", "title", "dd", "dt",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "head"}


class _TextExtractor(HTMLParser):
    """Text of a page, one line per block element; scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, the two encodings Chinese portals use."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReaderInputError("文件既不是 UTF-8 也不是 GB18030 编码的文本，无法读取。")


def html_text(data: bytes) -> str:
    parser = _TextExtractor()
    parser.feed(decode(data))
    parser.close()
    return "".join(parser.parts)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What each run element contributes to a paragraph's text; None: its own text.
_RUN_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as python-docx's Paragraph.text gives it, without its per-run
    objects (a long file has tens of thousands of paragraphs)."""
    parts = []
    for element in paragraph.iter(*_RUN_TEXT):
        fixed = _RUN_TEXT[element.tag]
        if fixed is None:
            parts.append(element.text or "")
        elif element.get(_W + "type") in (None, "textWrapping"):
            parts.append(fixed)
    return "".join(parts)


def check_docx_container(data: bytes) -> None:
    """Refuse a .docx whose XML expands beyond the limit, by the sizes its zip declares
    (Python's zip reader never gives more than a part's declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise ReaderInputError("不是有效的 Word（.docx）文件，无法读取。") from None
    if len(parts) > MAX_DOCX_PARTS:
        raise ReaderInputError(f"Word 文件包含的部件超过{MAX_DOCX_PARTS}个，已拒绝读取。")
    xml = sum(p.file_size for p in parts if p.filename.endswith((".xml", ".rels")))
    if xml > MAX_DOCX_XML_BYTES:
        raise ReaderInputError(
            f"Word 文件解压后的内容超过{MAX_DOCX_XML_BYTES // MB} MB（疑似压缩炸弹），已拒绝读取。"
        )


def docx_text(data: bytes) -> str:
    # Imported here: python-docx loads lxml, which plain-text reading does not need.
    import docx

    check_docx_container(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # a damaged upload can fail anywhere in zip, XML or docx
        raise ReaderInputError("不是有效的 Word（.docx）文件，无法读取。") from error
    lines = [_paragraph_text(p) for p in document.element.body.iterchildren(_W + "p")]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def kind_of(filename: str, data: bytes) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in {".doc", ".xls", ".xlsx", ".wps"}:
        raise ReaderInputError(f"不支持 {suffix} 文件，请上传 .txt、.html、.docx 或 .pdf 文件。")
    if suffix == ".docx" or (suffix != ".txt" and data[:2] == b"PK"):
        return "docx"
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return "pdf"
    if suffix in {".html", ".htm", ".shtml"}:
        return "html"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def extract_text(data: bytes, filename: str = "") -> str:
    """The text of an uploaded file; ReaderInputError when it is not a readable bulletin."""
    if not data.strip():
        raise ReaderInputError("文件是空的。")
    kind = kind_of(filename, data)
    if kind == "txt":
        return decode(data)
    try:
        return run_limited(_extract, data, kind, limits=READ_LIMITS)
    except SandboxError as error:
        raise ReaderInputError(str(error)) from None


def _extract(data: bytes, kind: str) -> str:
    """The text of a file of `kind`; runs in the child process."""
    if kind == "docx":
        return docx_text(data)
    if kind == "pdf":
        try:
            return pdf_text(data)
        except PdfRefused as refusal:
            raise ReaderInputError(str(refusal)) from None
    return html_text(data)
