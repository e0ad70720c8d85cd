"""The DOCX follows GB/T 9704-2012: read back with python-docx and checked against the rules."""

from __future__ import annotations

import io
import math

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ducha.bulletins.document import BulletinDocument
from ducha.bulletins.renderers import DocxRenderer

# The module-scoped document fixture needs the test database set up.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def docx(demo_document: BulletinDocument) -> object:
    return Document(io.BytesIO(DocxRenderer().render(demo_document)))


def east_asia(element: object) -> str | None:
    rfonts = element.find(".//" + qn("w:rFonts"))  # type: ignore[attr-defined]
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def near(length: int, expected: int) -> bool:
    return abs(length - expected) <= Mm(0.1)


def test_page_is_a4_with_the_standard_margins(docx: object) -> None:
    section = docx.sections[0]  # type: ignore[attr-defined]
    assert near(section.page_width, Mm(210)) and near(section.page_height, Mm(297))
    assert near(section.top_margin, Mm(37)) and near(section.bottom_margin, Mm(35))
    assert near(section.left_margin, Mm(28)) and near(section.right_margin, Mm(26))


def test_document_grid_gives_22_lines_of_28_characters(docx: object) -> None:
    grid = docx.sections[0]._sectPr.find(qn("w:docGrid"))  # type: ignore[attr-defined]
    assert grid.get(qn("w:type")) == "lines"
    text_height_twips = (297 - 37 - 35) / 25.4 * 1440
    assert math.floor(text_height_twips / int(grid.get(qn("w:linePitch")))) == 22
    normal = docx.styles["Normal"].element.rPr  # type: ignore[attr-defined]
    char_pitch = 16 + int(normal.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert math.floor((210 - 28 - 26) / 25.4 * 72 / char_pitch) == 28


def test_fonts_and_sizes_name_the_standard_faces(docx: object) -> None:
    styles = docx.styles  # type: ignore[attr-defined]
    normal, title, level_1 = styles["Normal"], styles["公文标题"], styles["一级标题"]
    assert (east_asia(normal.element), normal.font.size) == ("仿宋_GB2312", Pt(16))
    assert normal.font.name == "Times New Roman"
    assert (east_asia(title.element), title.font.size) == ("方正小标宋简体", Pt(22))
    assert (east_asia(level_1.element), level_1.font.size) == ("黑体", Pt(16))
    paragraphs = docx.paragraphs  # type: ignore[attr-defined]
    assert paragraphs[0].style.name == "公文标题"
    assert paragraphs[0].text == "市政府1-6月份重大工作事项落实情况"


def test_body_is_indented_two_characters_with_exact_line_pitch(docx: object) -> None:
    normal = docx.styles["Normal"]  # type: ignore[attr-defined]
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert normal.paragraph_format.line_spacing == Pt(28.95)


def test_section_headings_are_numbered_and_in_heiti(docx: object) -> None:
    headings = [p.text for p in docx.paragraphs if p.style.name == "一级标题"]  # type: ignore[attr-defined]
    assert headings == ["一、整体情况", "二、工作亮点", "三、督查建议"]


def test_recommendation_leads_are_level_two_in_kaiti_and_the_rest_in_fangsong(
    docx: object,
) -> None:
    paragraph = next(p for p in docx.paragraphs if p.text.startswith("（一）关于"))  # type: ignore[attr-defined]
    lead, rest = paragraph.runs
    assert lead.text == "（一）关于大气环境治理工作。"
    assert east_asia(lead._r) == "楷体_GB2312"
    assert east_asia(rest._r) is None  # the body's 仿宋_GB2312, from the Normal style
    assert rest.text.startswith("一是认清严峻形势。")


def test_signature_is_the_issuer_and_an_unpadded_date(docx: object) -> None:
    signature = [p for p in docx.paragraphs if p.style.name == "署名和日期"]  # type: ignore[attr-defined]
    assert [p.text for p in signature] == ["市政府督查室", "2017年7月3日"]
    issuer, date = (p.paragraph_format.right_indent for p in signature)
    assert issuer > date  # the date starts two characters right of the issuer


def test_page_numbers_are_dashed_odd_right_even_left_in_songti(docx: object) -> None:
    assert docx.settings.odd_and_even_pages_header_footer  # type: ignore[attr-defined]
    section = docx.sections[0]  # type: ignore[attr-defined]
    for footer, alignment in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert paragraph.alignment.name == alignment.upper()
        assert "PAGE" in paragraph._p.xml
        assert {east_asia(run._r) for run in paragraph.runs} == {"宋体"}
        assert {run.font.size for run in paragraph.runs} == {Pt(14)}


def test_colophon_lists_copies_and_the_printing_office(docx: object) -> None:
    colophon = [p for p in docx.paragraphs if p.style.name == "版记"]  # type: ignore[attr-defined]
    assert [p.text for p in colophon] == [
        "抄送：市委办公室，市人大常委会办公室，市政协办公室。",
        "市政府督查室\t2017年7月3日印发",
    ]
    [tab] = colophon[1].paragraph_format.tab_stops
    assert tab.alignment.name == "RIGHT"
    style = docx.styles["版记"]  # type: ignore[attr-defined]
    assert (east_asia(style.element), style.font.size) == ("仿宋_GB2312", Pt(14))
    # At the foot of the last page: in a frame standing on the type area's bottom edge,
    # between rules drawn as filled paragraphs.
    for paragraph in colophon:
        frame = paragraph._p.pPr.find(qn("w:framePr"))
        assert frame.get(qn("w:yAlign")) == "bottom" and frame.get(qn("w:vAnchor")) == "margin"
    rules = [p for p in docx.paragraphs if p.style.name == "版记线"]  # type: ignore[attr-defined]
    assert len(rules) == 3 and all(p._p.pPr.find(qn("w:shd")) is not None for p in rules)


def test_docx_text_is_the_txt_rendering(demo_document: BulletinDocument, docx: object) -> None:
    from ducha.bulletins.renderers import TxtRenderer

    text = "".join(p.text for p in docx.paragraphs)  # type: ignore[attr-defined]
    text = text.replace(" ", "").replace("\t", "")
    expected = "".join(TxtRenderer().render(demo_document).decode().split()).replace("\u3000", "")
    assert text.replace("\u3000", "") == expected
