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


def test_running_out_of_memory_while_parsing_is_a_message_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(inputs, "READ_LIMITS", Limits(memory=8 * 1024 * 1024, cpu_seconds=5))
    page = ("<html><body>" + "<p>督查</p>" * 200_000 + "</body></html>").encode()
    with pytest.raises(ReaderInputError, match="内存超过限制"):
        extract_text(page, "通报.html")
