"""PDF input: read in the reader's child process with limits on size, pages, CPU time and
memory; a file that is not a readable PDF is refused with a message, never a crash of the
server."""

from __future__ import annotations

import io
import zlib

import pytest
from pypdf import PdfWriter

from ducha.bulletins.reader import inputs, read_bytes
from ducha.bulletins.reader.inputs import ReaderInputError
from ducha.lib import pdftext
from ducha.lib.sandbox import MB, Limits


def blank_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_stream(stream: bytes) -> bytes:
    """A one-page PDF whose content stream is `stream`, Flate-compressed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start,
    )
    return bytes(out)


def refusal(data: bytes, name: str = "通报.pdf") -> str:
    with pytest.raises(ReaderInputError) as raised:
        read_bytes(data, name)
    return str(raised.value)


def test_a_pdf_without_text_is_refused_as_a_scan() -> None:
    assert "扫描件" in refusal(blank_pages(2))


def test_a_pdf_with_too_many_pages_is_refused() -> None:
    assert f"{pdftext.MAX_PAGES} 页" in refusal(blank_pages(pdftext.MAX_PAGES + 1))


def test_a_pdf_too_large_is_refused_before_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdftext, "MAX_BYTES", 1000)
    assert "MB" in refusal(blank_pages(1) + b" " * 1000)


def test_a_damaged_or_renamed_file_is_refused() -> None:
    assert "PDF" in refusal(b"%PDF-1.4 then nothing a parser can use")
    assert "不是有效的 PDF" in refusal(b"just some text", "通报.pdf")


def test_a_pdf_that_expands_past_the_memory_limit_is_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A small file whose page content inflates far beyond the child's memory limit."""
    compressor = zlib.compressobj(9)
    chunk = b"0 0 m " * 100_000
    stream = b"".join(compressor.compress(chunk) for _ in range(600)) + compressor.flush()
    monkeypatch.setattr(inputs, "READ_LIMITS", Limits(memory=256 * MB, cpu_seconds=30))
    assert len(stream) < 5_000_000
    message = refusal(pdf_with_stream(stream))
    assert any(word in message for word in ("内存", "过于复杂", "超时")), message
