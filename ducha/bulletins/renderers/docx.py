"""DOCX to GB/T 9704-2012 (党政机关公文格式).

The file names the standard fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) so
Word or WPS on the recipients' machines uses them; digits and Latin letters are set in
Times New Roman, as is the practice. python-docx's `font.name` sets only the Latin fonts, so
the Chinese font is written to `w:rFonts/@w:eastAsia` explicitly.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from ducha.bulletins.document import BulletinDocument
from ducha.bulletins.layout import (
    Block,
    BlockKind,
    blocks,
    main_to_line,
    signature_right_indents,
)
from ducha.bulletins.renderers.base import Renderer

LATIN = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LEVEL_1_FONT = "黑体"
LEVEL_2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

SIZE_2 = Pt(22)  # 2号
SIZE_3 = Pt(16)  # 3号
SIZE_4 = Pt(14)  # 4号

# The type area is 156 mm × 225 mm and holds 22 lines of 28 characters.
TEXT_WIDTH_PT = 156 / 25.4 * 72
TEXT_HEIGHT_TWIPS = round(225 / 25.4 * 1440)
LINE_PITCH = TEXT_HEIGHT_TWIPS // 22  # 579 twips = 28.95 pt
# 28 characters a line: 156 mm / 28 = 15.79 pt, so 16 pt glyphs are set 0.25 pt closer
# (w:spacing is in twentieths of a point). A character grid (docGrid linesAndChars with a
# negative charSpace) would say the same to Word, but LibreOffice gives a glyph wider than
# its grid cell two cells, and lays out 14 characters a line; so the grid fixes the lines only.
CHAR_SPACING_TWENTIETHS = -5
CHAR = 320  # one 3号 character, in twips
SMALL_CHAR = 280  # one 4号 character

# Styles this document defines: the name users see, and an ASCII style id.
TITLE = "公文标题"
LEVEL_1 = "一级标题"
SIGNATURE = "署名和日期"
COLOPHON = "版记"
COLOPHON_RULE = "版记线"
MASTHEAD = "发文机关标志"
DOC_NUMBER = "发文字号"
MAIN_TO = "主送机关"
STYLE_IDS = {
    MASTHEAD: "GwMasthead",
    DOC_NUMBER: "GwNumber",
    MAIN_TO: "GwMainTo",
    TITLE: "GwTitle",
    LEVEL_1: "GwHeading1",
    SIGNATURE: "GwSignature",
    COLOPHON: "GwColophon",
    COLOPHON_RULE: "GwColophonRule",
}

# Where w:pPr children may go (ECMA-376 CT_PPrBase), to insert borders at a valid place.
_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


_RPR_AFTER_SPACING = [
    *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect"),
    *("w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"),
]


def set_fonts(element: object, east_asia: str, latin: str = LATIN) -> None:
    """Name the fonts of a style or run: Latin for ascii/hAnsi, Chinese for eastAsia."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _insert_ppr(ppr: object, child: object) -> None:
    tag = child.tag  # type: ignore[attr-defined]
    name = "w:" + tag.split("}")[1]
    successors = _PPR_ORDER[_PPR_ORDER.index(name) + 1 :]
    ppr.insert_element_before(child, *successors)  # type: ignore[attr-defined]


def _indent_chars(ppr: object, *, first: int = 0, left: float = 0, right: float = 0) -> None:
    """Indents in hundredths of a character (Word's *Chars), with twips for other readers."""
    ind = ppr.get_or_add_ind()  # type: ignore[attr-defined]
    ind.set(qn("w:firstLineChars"), str(first * 100))
    ind.set(qn("w:firstLine"), str(first * CHAR))
    if left:
        ind.set(qn("w:leftChars"), str(round(left * 100)))
        ind.set(qn("w:left"), str(round(left * CHAR)))
    if right:
        ind.set(qn("w:rightChars"), str(round(right * 100)))
        ind.set(qn("w:right"), str(round(right * CHAR)))


def _paragraph_style(doc: DocxDocument, name: str, font: str, size: Pt) -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.style_id = STYLE_IDS[name]
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = size
    set_fonts(style.element, font)
    return style


def _setup_styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.size = SIZE_3
    set_fonts(normal.element, BODY_FONT)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWENTIETHS))
    normal.element.get_or_add_rPr().insert_element_before(spacing, *_RPR_AFTER_SPACING)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.line_spacing = Twips(LINE_PITCH)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Twips(2 * CHAR)
    _indent_chars(normal.element.get_or_add_pPr(), first=2)

    title = _paragraph_style(doc, TITLE, TITLE_FONT, SIZE_2)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Twips(LINE_PITCH)
    _indent_chars(title.element.get_or_add_pPr(), first=0)

    level_1 = _paragraph_style(doc, LEVEL_1, LEVEL_1_FONT, SIZE_3)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    level_1.element.get_or_add_pPr().append(outline)

    signature = _paragraph_style(doc, SIGNATURE, BODY_FONT, SIZE_3)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _indent_chars(signature.element.get_or_add_pPr(), first=0)

    colophon = _paragraph_style(doc, COLOPHON, BODY_FONT, SIZE_4)
    colophon.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _indent_chars(colophon.element.get_or_add_pPr(), first=0)
    masthead = _paragraph_style(doc, MASTHEAD, TITLE_FONT, MASTHEAD_SIZE)
    masthead.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    masthead.paragraph_format.line_spacing = Pt(44)
    _indent_chars(masthead.element.get_or_add_pPr(), first=0)
    number = _paragraph_style(doc, DOC_NUMBER, BODY_FONT, SIZE_3)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Twips(2 * LINE_PITCH)
    _indent_chars(number.element.get_or_add_pPr(), first=0)
    main_to = _paragraph_style(doc, MAIN_TO, BODY_FONT, SIZE_3)
    main_to.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _indent_chars(main_to.element.get_or_add_pPr(), first=0)
    rule = _paragraph_style(doc, COLOPHON_RULE, BODY_FONT, Pt(1))
    _indent_chars(rule.element.get_or_add_pPr(), first=0)


def _setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The page number's top edge lies 7 mm below the type area (35 mm − 7 mm from the edge).
    section.footer_distance = Mm(28) - SIZE_4
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))


def _field_run(paragraph: Paragraph, kind: str, text: str = "") -> None:
    run = paragraph.add_run()
    set_fonts(run._r, PAGE_NUMBER_FONT)
    run.font.size = SIZE_4
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        run._r.append(instr)
    elif kind == "text":
        run.text = text
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """— 1 — in 4号 宋体: odd pages 居右空一字, even pages 居左空一字."""
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt.line_spacing = SIZE_4
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    ppr = paragraph._p.get_or_add_pPr()
    ind = ppr.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")
    ind.set(qn("w:right" if odd else "w:left"), str(SMALL_CHAR))
    _field_run(paragraph, "text", "— ")
    _field_run(paragraph, "begin")
    _field_run(paragraph, "instr", " PAGE ")
    _field_run(paragraph, "separate")
    _field_run(paragraph, "text", "1")
    _field_run(paragraph, "end")
    _field_run(paragraph, "text", " —")


def _setup_footers(doc: DocxDocument) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _add_paragraph(doc: DocxDocument, block: Block) -> None:
    paragraph = doc.add_paragraph()
    if block.lead and block.level == 2:
        # （一）关于…。 is a level-2 heading run into its paragraph: 楷体, the rest 仿宋.
        lead = paragraph.add_run(block.lead)
        set_fonts(lead._r, LEVEL_2_FONT)
        paragraph.add_run(block.rest)
    else:
        paragraph.add_run(block.text)


def _add_signature(doc: DocxDocument, lines: list[str]) -> None:
    issuer_indent, date_indent = signature_right_indents(lines[0], "".join(lines[1:2]))
    for n, line in enumerate(lines):
        paragraph = doc.add_paragraph(line, style=SIGNATURE)
        if n == 0:
            paragraph.paragraph_format.space_before = Twips(LINE_PITCH)  # one blank line
        _indent_chars(paragraph._p.get_or_add_pPr(), right=issuer_indent if n == 0 else date_indent)


def _at_foot_of_page(paragraph: Paragraph) -> Any:
    """Put the paragraph in a frame as wide as the type area, standing on its bottom edge:
    the 版记's last rule lies on the bottom edge of the page where the document ends (§7.4).
    Consecutive paragraphs with the same frame properties share one frame."""
    ppr = paragraph._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    for key, value in (
        ("w", str(round(TEXT_WIDTH_PT * 20))),
        ("wrap", "around"),
        ("vAnchor", "margin"),
        ("hAnchor", "margin"),
        ("xAlign", "center"),
        ("yAlign", "bottom"),
    ):
        frame.set(qn(f"w:{key}"), value)
    _insert_ppr(ppr, frame)
    return ppr


def _rule(doc: DocxDocument, width: Pt) -> None:
    """A 版记 rule across the type area: an empty framed paragraph, `width` high and filled
    black. Not a paragraph border: LibreOffice does not keep bordered paragraphs in a frame."""
    paragraph = doc.add_paragraph(style=COLOPHON_RULE)
    fmt = paragraph.paragraph_format
    fmt.line_spacing, fmt.line_spacing_rule = width, WD_LINE_SPACING.EXACTLY
    ppr = _at_foot_of_page(paragraph)
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", "000000")):
        shading.set(qn(f"w:{key}"), value)
    _insert_ppr(ppr, shading)
    paragraph.add_run().font.size = Pt(1)


THICK_RULE = Pt(1)  # 0.35 mm
THIN_RULE = Pt(0.7)  # 0.25 mm


def _add_colophon(doc: DocxDocument, lines: list[Block]) -> None:
    """版记 at the foot of the last page: thick rules above and below, thin between; 4号仿宋,
    one character in from each side. The 印发 line has its organ left and its date flush
    right, at a right tab stop."""
    right_tab = Twips(round(TEXT_WIDTH_PT * 20) - 2 * SMALL_CHAR)
    _rule(doc, THICK_RULE)
    for n, line in enumerate(lines):
        paragraph = doc.add_paragraph(style=COLOPHON)
        if line.lead:
            paragraph.add_run(line.lead)
            paragraph.add_run("\t" + line.rest.strip("\u3000"))
            paragraph.paragraph_format.tab_stops.add_tab_stop(right_tab, WD_TAB_ALIGNMENT.RIGHT)
        else:
            paragraph.add_run(line.text)
        ppr = _at_foot_of_page(paragraph)
        ind = ppr.get_or_add_ind()
        ind.set(qn("w:left"), str(SMALL_CHAR))
        ind.set(qn("w:right"), str(SMALL_CHAR))
        _rule(doc, THICK_RULE if n == len(lines) - 1 else THIN_RULE)


RED = RGBColor(0xE6, 0x00, 0x00)
MASTHEAD_SIZE = Pt(36)  # 小初: the standard leaves the size to the office


def _add_masthead(doc: DocxDocument, masthead: str, number: str) -> None:
    """版头 (§7.2): the issuing office in red 小标宋, its top 35 mm below the type area's top;
    the 发文字号 two lines below it, centred; the red rule 4 mm below the number."""
    spacer = doc.add_paragraph()
    spacer.paragraph_format.line_spacing = Mm(35)
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    head = doc.add_paragraph(style=MASTHEAD)
    run = head.add_run(masthead)
    run.font.color.rgb = RED
    line = doc.add_paragraph(number, style=DOC_NUMBER)
    ppr = line._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    # w:space is in points: the rule lies 4 mm (11 pt) below the number.
    for key, value in (("val", "single"), ("sz", "12"), ("space", "11"), ("color", "E60000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    _insert_ppr(ppr, border)


def write_docx(
    all_blocks: list[Block],
    *,
    title: str,
    author: str,
    masthead: str = "",
    number: str = "",
    main_to: str = "",
) -> bytes:
    """An official document from its blocks: optional 版头 and 主送, title, body, 署名 and
    date, 版记 at the foot of the last page."""
    out = Document()
    out.core_properties.title = title
    out.core_properties.author = author
    out.core_properties.language = "zh-CN"
    _setup_styles(out)
    _setup_page(out)
    _setup_footers(out)
    if masthead:
        _add_masthead(out, masthead, number)
    # The template's body starts empty; everything below is the document.
    for block in all_blocks:
        if block.kind == BlockKind.TITLE:
            heading = out.add_paragraph(block.text, style=TITLE)
            if masthead:  # two lines below the red rule
                heading.paragraph_format.space_before = Twips(2 * LINE_PITCH)
            if main_to:
                out.add_paragraph(main_to, style=MAIN_TO)
        elif block.kind == BlockKind.HEADING:
            out.add_paragraph(block.text, style=LEVEL_1)
        elif block.kind == BlockKind.PARAGRAPH:
            _add_paragraph(out, block)
    _add_signature(out, [b.text for b in all_blocks if b.kind == BlockKind.SIGNATURE])
    colophon = [b for b in all_blocks if b.kind == BlockKind.COLOPHON]
    if colophon:
        _add_colophon(out, colophon)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


class DocxRenderer(Renderer):
    identifier = "docx"
    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, doc: BulletinDocument) -> bytes:
        return write_docx(
            blocks(doc),
            title=doc.title,
            author=doc.issuer,
            masthead=doc.masthead,
            number=doc.number,
            main_to=main_to_line(doc.main_to),
        )
