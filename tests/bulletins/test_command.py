"""`ducha bulletin ROUND --format … -o FILE` writes every format."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from ducha.demo.loader import load_demo

TITLE = "市政府1-6月份重大工作事项落实情况"


@pytest.mark.django_db
def test_every_format_is_written(tmp_path: Path) -> None:
    load_demo()
    files = {f: tmp_path / f"bulletin.{f}" for f in ("txt", "html", "docx", "pdf")}
    for fmt, path in files.items():
        call_command("bulletin", "2017-H1", format=fmt, output=path)
    assert files["txt"].read_text(encoding="utf-8").startswith(TITLE)
    assert f"<h1>{TITLE}</h1>" in files["html"].read_text(encoding="utf-8")
    assert Document(str(files["docx"])).paragraphs[0].text == TITLE
    assert TITLE in PdfReader(files["pdf"]).pages[0].extract_text().replace(" ", "")
