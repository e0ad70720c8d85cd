"""No input makes the reader crash: arbitrary text and damaged real bulletins give a
(partial) document and findings, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ducha.bulletins.reader import ReadDocument, read_bytes, read_text
from ducha.bulletins.reader.inputs import ReaderInputError

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = [*sorted((DATA / "bulletins").glob("*.txt")), DATA / "seed-xuchang-2017-h1.txt"]
TEXTS = [path.read_text(encoding="utf-8") for path in REAL]
# Characters bulletins are made of, so the fuzzer reaches the reader's patterns often.
ALPHABET = (
    "一二三四五六七八九十、。，,:：;；()（）%０1234567890项个件"
    "已完成有序推进需要加大力度存在突出问题由牵头等单位负责是分别即共中市县区局委办月日年\n 　"
)


def check(doc: ReadDocument, text: str) -> None:
    assert isinstance(doc, ReadDocument)
    for finding in doc.findings:
        assert 0 <= finding.offset <= len(text)
        assert text[finding.offset : finding.offset + len(finding.excerpt)] == finding.excerpt
        assert finding.message
    doc.to_dict()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_read(text: str) -> None:
    check(read_text(text), text)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=400))
def test_text_made_of_bulletin_characters_is_read(text: str) -> None:
    check(read_text(text), text)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """A real bulletin with characters deleted, lines duplicated and punctuation swapped."""
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == "duplicate":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[: i + 1] + lines[i:])
        elif kind == "swap":
            swap = {",": "。", "。": ",", "、": ",", ":": ";", "(": ")", "项": "", "月": ""}
            text = text[:at] + swap.get(text[at : at + 1], "、") + text[at + 1 :]
        else:
            text = text[:at] + draw(st.text(ALPHABET, max_size=10)) + text[at:]
    return text


@settings(max_examples=300, deadline=None)
@given(damaged())
def test_damaged_real_bulletins_are_read(text: str) -> None:
    check(read_text(text), text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.txt", "a.html", "a.docx", "a", "a.htm"]))
def test_any_bytes_give_a_document_or_a_clear_error(data: bytes, name: str) -> None:
    try:
        doc = read_bytes(data, name)
    except ReaderInputError as error:
        assert str(error)  # a Chinese sentence for the user
        return
    assert isinstance(doc, ReadDocument)


@pytest.mark.parametrize("name", ["a.doc", "a.wps", "a.xls"])
def test_unsupported_formats_are_refused_in_chinese(name: str) -> None:
    with pytest.raises(ReaderInputError, match="不支持"):
        read_bytes(b"%PDF-1.4 something", name)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ReaderInputError, match="空"):
        read_bytes(b"  \n", "a.txt")
