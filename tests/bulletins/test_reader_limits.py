"""The reader parses .docx and .html files in a limited child process, and refuses a .docx
by the size its XML expands to."""

from __future__ import annotations

import io

import pytest
from docx import Document

from ducha.bulletins.reader import inputs
from ducha.bulletins.reader.inputs import ReaderInputError, extract_text
from ducha.lib.sandbox import Limits
from tests.hostile import expanding_docx


def word_file(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_is_read_in_the_child_and_gives_its_text() -> None:
    assert "市政府重大工作事项" in extract_text(word_file("市政府重大工作事项"), "a.docx")


def test_a_docx_whose_xml_expands_beyond_the_limit_is_refused_unparsed() -> None:
    data = expanding_docx(300)  # 0.5 MB that expands to 300 MB of XML (1.75 GB to parse)
    with pytest.raises(ReaderInputError, match="解压后的内容超过32 MB"):
        extract_text(data, "通报.docx")


def test_a_parse_beyond_the_time_limit_ends_the_child_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The page is parsed in the child: its CPU limit stops it, this process goes on.
    monkeypatch.setattr(inputs, "READ_LIMITS", Limits(cpu_seconds=1, wall_seconds=30))
    page = ("<html><body>" + "<p>督查</p>" * 1_500_000 + "</body></html>").encode()
    with pytest.raises(ReaderInputError, match="时间超过限制（1 秒）"):
        extract_text(page, "通报.html")
    assert "督查" in extract_text("<html><body><p>督查</p></body></html>".encode(), "a.html")
