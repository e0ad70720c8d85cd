"""The text of a PDF as paragraphs, read with pdfminer.six.

A PDF is bounded by its size and its pages here; callers parse it where a crash, a bomb or
an endless parse cannot take the server down, in a child process with a memory and CPU limit
(`ducha.lib.sandbox`, as the bulletin reader does). The caller gets the text, or
`PdfRefused` with a message in Chinese.

Paragraphs are rebuilt from the lines' positions, as official documents set them
(GB/T 9704): a paragraph starts with an indent (or is centred, as a title is), and runs on
at the left margin, across pages; page numbers (— 1 —) are not text.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
_PAGE_NUMBER = re.compile(r"^[-—–]?\s*\d{1,4}\s*[-—–]?$|^第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?$")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


class PdfRefused(ValueError):
    """The PDF cannot be read; the message says why, in Chinese."""


def pdf_text(data: bytes) -> str:
    """The paragraphs of a PDF, one a line."""
    if len(data) > MAX_BYTES:
        raise PdfRefused(f"PDF 文件超过 {MAX_BYTES // 1024 // 1024} MB，无法读取。")
    return read(data)


@dataclass(frozen=True)
class _Line:
    page: int
    x0: float
    x1: float
    top: float
    text: str
    width: float  # of one character, about


def _lines(data: bytes) -> list[_Line]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLineHorizontal

    out = []
    pages = extract_pages(io.BytesIO(data), laparams=LAParams(), maxpages=MAX_PAGES + 1)
    for number, page in enumerate(pages):
        if number == MAX_PAGES:
            raise PdfRefused(f"PDF 文件超过 {MAX_PAGES} 页，无法读取。")
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                text = line.get_text().strip() if isinstance(line, LTTextLineHorizontal) else ""
                if text and not _PAGE_NUMBER.match(text):
                    width = (line.x1 - line.x0) / max(len(text), 1)
                    out.append(_Line(number, line.x0, line.x1, page.height - line.y1, text, width))
    return sorted(out, key=lambda line: (line.page, round(line.top), line.x0))


def paragraphs(lines: Iterable[_Line]) -> list[str]:
    """Lines joined into paragraphs: a line at the left margin goes on the one before it, on
    the same page or the next; an indented or centred line starts one, and so does a line
    after one that stopped well short of the right margin or after a gap (a layout without
    indents). Lines of running text do not all reach the margin (a quote mark wraps early),
    so only a clearly short line ends a paragraph."""
    lines = list(lines)
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    steps = sorted(b.top - a.top for a, b in itertools.pairwise(lines) if b.top > a.top)
    step = steps[len(steps) // 2] if steps else 0.0
    out: list[str] = []
    previous: _Line | None = None
    for line in lines:
        char = max(line.width, 4.0)
        at_margin = line.x0 - left < char * 0.5
        ended = previous is None or previous.x1 < left + (right - left) * 0.6
        if previous is not None and previous.page == line.page and step:
            ended = ended or line.top - previous.top > step * 1.6
        if out and at_margin and not ended:
            out[-1] += line.text
        else:
            out.append(line.text)
        previous = line
    return [_GAP.sub("", paragraph) for paragraph in out]


def read(data: bytes) -> str:
    if not data.startswith(b"%PDF"):
        raise PdfRefused("不是有效的 PDF 文件，无法读取。")
    try:
        text = "\n".join(paragraphs(_lines(data)))
    except PdfRefused:
        raise
    except MemoryError:
        raise PdfRefused("PDF 文件展开后超过内存限制，无法读取。") from None
    except Exception as error:  # a damaged file can fail anywhere inside the parser
        if type(error).__name__ == "PDFEncryptionError":
            raise PdfRefused("PDF 文件已加密，无法读取。") from error
        raise PdfRefused("PDF 文件已损坏，无法读取。") from error
    if not text.strip():
        raise PdfRefused("PDF 中没有可读取的文字（可能是扫描件），无法读取。")
    return text
