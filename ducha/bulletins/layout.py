"""The wording of a bulletin: turns the document's facts into numbered blocks of text.

Every renderer (txt, html, and later docx/pdf) prints these blocks, so the sentences are
written once and every number in them is read from the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ducha.bulletins.document import (
    BulletinDocument,
    Category,
    HighlightEntry,
    RecommendationEntry,
)
from ducha.lib.cn import chinese_numeral, enumerate_list, format_date, join_and, ordinal_point


class BlockKind(StrEnum):
    TITLE = "title"
    PARAGRAPH = "paragraph"
    HEADING = "heading"  # 一、整体情况
    SIGNATURE = "signature"  # issuer and date at the end
    COLOPHON = "colophon"  # 版记: 抄送, 印发机关和印发日期


@dataclass(frozen=True)
class Block:
    """One paragraph. `level` is its GB/T 9704 structure level: 1 一、 2 （一） 3 1、 4 （1）.

    A paragraph that opens with a numbered run-in heading (（一）关于…。) has that heading in
    `lead`; `text` always holds the whole paragraph, lead included.
    """

    kind: BlockKind
    text: str
    section: str = ""  # "opening", "overview", "highlights", "recommendations", "closing"
    level: int = 0
    lead: str = ""

    @property
    def rest(self) -> str:
        """The paragraph after its run-in heading."""
        return self.text[len(self.lead) :]


# Where the office's own wording of the opening gets the computed values: the wording is
# theirs, the numbers are the database's.
PERIOD_FIELD = "【期间】"
TOTAL_FIELD = "【总数】"


def default_opening_template(doc: BulletinDocument) -> str:
    subject = f"{PERIOD_FIELD}{doc.scope}{TOTAL_FIELD}项工作"
    return f"{doc.issuer}对{subject}落实情况进行了专项督查。现通报如下："


def opening_template_errors(template: str) -> list[str]:
    """Why an edited opening cannot be used (empty when it can), in the office's language."""
    errors = []
    if template.count(TOTAL_FIELD) != 1:
        errors.append(f"开头必须含有一次“{TOTAL_FIELD}”，总数由评定结果计算，不能手工填写。")
    if PERIOD_FIELD in template.replace(PERIOD_FIELD, "", 1):
        errors.append(f"“{PERIOD_FIELD}”只能出现一次。")
    typed = template.replace(TOTAL_FIELD, "").replace(PERIOD_FIELD, "")
    digits = sorted({ch for ch in typed if ch.isdigit()})
    if digits:
        errors.append(
            f"开头不能手工填写数字（发现“{''.join(digits)}”）：请用“{PERIOD_FIELD}”“{TOTAL_FIELD}”。"
        )
    return errors


def opening(doc: BulletinDocument) -> str:
    template = doc.opening_template or default_opening_template(doc)
    return template.replace(PERIOD_FIELD, doc.period).replace(TOTAL_FIELD, str(doc.total))


def overview_sentence(doc: BulletinDocument) -> str:
    parts = [f"{c.count}项{c.label}" for c in doc.categories if c.count]
    return f"从督查情况看，{doc.total}项工作中，{'，'.join(parts)}。"


def category_paragraph(category: Category) -> str:
    """47项已完成。分别是：A、B等。 — 等 only when fewer examples are named than counted."""
    head = f"{category.count}项{category.label}。"
    examples = category.examples
    if not examples:
        return head
    if category.count == 1 and len(examples) == 1:
        return f"{head}即：{examples[0]}。"
    etc = "等" if len(examples) < category.count else ""
    return f"{head}分别是：{enumerate_list(examples)}{etc}。"


def highlights_intro(doc: BulletinDocument) -> str:
    labels = join_and([c.label for c in doc.on_track_categories])
    return f"在{doc.on_track_total}项{labels}的工作中有{len(doc.highlights)}大亮点："


def responsibility_sentence(entry: HighlightEntry) -> str:
    """由石迎军常务副市长牵头，市发改委等单位负责。"""
    leaders = enumerate_list([f"{lead.name}{lead.title}" for lead in entry.leaders])
    units = enumerate_list(entry.units) + ("等单位" if entry.units_partial else "")
    if leaders and units:
        return f"由{leaders}牵头，{units}负责。"
    if leaders:
        return f"由{leaders}牵头。"
    if units:
        return f"由{units}负责。"
    return ""


def highlight_lead(entry: HighlightEntry) -> str:
    return f"{entry.number}、{entry.title}。"


def highlight_paragraph(entry: HighlightEntry) -> str:
    return f"{highlight_lead(entry)}{responsibility_sentence(entry)}{entry.text}"


def recommendation_lead(entry: RecommendationEntry) -> str:
    return f"（{chinese_numeral(entry.number)}）关于{entry.subject}。"


def recommendation_paragraph(entry: RecommendationEntry) -> str:
    head = recommendation_lead(entry)
    if len(entry.points) == 1:
        return head + entry.points[0]
    return head + "".join(
        f"{ordinal_point(n)}{point}" for n, point in enumerate(entry.points, start=1)
    )


def colophon_lines(doc: BulletinDocument) -> tuple[str, str]:
    """抄送：A，B。 and the 印发 line (organ, then date + 印发), either possibly empty."""
    copy_to = f"抄送：{'，'.join(doc.copy_to)}。" if doc.copy_to else ""
    printed = ""
    if doc.printed_by:
        printed = doc.printed_by
        if doc.issued_on:
            printed += f"\u3000{format_date(doc.issued_on)}印发"
    return copy_to, printed


def _paragraph(text: str, key: str, *, level: int = 0, lead: str = "") -> Block:
    return Block(BlockKind.PARAGRAPH, text, key, level, lead)


def blocks(doc: BulletinDocument) -> list[Block]:
    """The bulletin from title to signature; sections without content are left out."""
    out = [Block(BlockKind.TITLE, doc.title), _paragraph(opening(doc), "opening")]
    overview = [_paragraph(overview_sentence(doc), "overview")] + [
        _paragraph(category_paragraph(c), "overview") for c in doc.categories if c.count
    ]
    sections: list[tuple[str, str, list[Block]]] = [("overview", "整体情况", overview)]
    if doc.highlights:
        paragraphs = [_paragraph(highlights_intro(doc), "highlights")] + [
            _paragraph(highlight_paragraph(h), "highlights", level=3, lead=highlight_lead(h))
            for h in doc.highlights
        ]
        sections.append(("highlights", "工作亮点", paragraphs))
    if doc.recommendations:
        paragraphs = [
            _paragraph(
                recommendation_paragraph(r), "recommendations", level=2, lead=recommendation_lead(r)
            )
            for r in doc.recommendations
        ]
        sections.append(("recommendations", "督查建议", paragraphs))
    for number, (key, heading, paragraphs) in enumerate(sections, start=1):
        out.append(Block(BlockKind.HEADING, f"{chinese_numeral(number)}、{heading}", key, 1))
        out.extend(paragraphs)
    out.append(Block(BlockKind.SIGNATURE, doc.issuer, "closing"))
    if doc.issued_on:
        out.append(Block(BlockKind.SIGNATURE, format_date(doc.issued_on), "closing"))
    copy_to, printed = colophon_lines(doc)
    if copy_to:
        out.append(Block(BlockKind.COLOPHON, copy_to, "colophon"))
    if printed:
        # The organ is the line's `lead`: 印发机关 stands left, 印发日期 right (§7.4.3).
        out.append(Block(BlockKind.COLOPHON, printed, "colophon", lead=doc.printed_by))
    return out


def main_to_line(names: tuple[str, ...] | list[str]) -> str:
    """主送机关: the names separated by 、 and ended with a full-width colon (§7.3.2)."""
    return f"{'、'.join(names)}：" if names else ""


def text_width(text: str) -> float:
    """Width in 字 (one Chinese character): half-width digits and letters count half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def signature_right_indents(issuer: str, date: str) -> tuple[float, float]:
    """Right indents in 字 of the 署名 and the 成文日期 of an unsealed document (GB/T 9704 7.3.5.2).

    The 署名 stands 右空二字 and the date starts two characters right of the 署名's first
    character; when the date is the longer, it takes 右空二字 and the 署名 moves left.
    """
    issuer_width, date_width = text_width(issuer), text_width(date)
    if not date or date_width + 2 <= issuer_width:
        return 2.0, issuer_width - 2 - date_width + 2
    return 2 + date_width + 2 - issuer_width, 2.0
