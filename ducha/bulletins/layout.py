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


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    section: str = ""  # "opening", "overview", "highlights", "recommendations", "closing"


def opening(doc: BulletinDocument) -> str:
    subject = f"{doc.period}{doc.scope}{doc.total}项工作"
    return f"{doc.issuer}对{subject}落实情况进行了专项督查。现通报如下："


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


def highlight_paragraph(entry: HighlightEntry) -> str:
    return f"{entry.number}、{entry.title}。{responsibility_sentence(entry)}{entry.text}"


def recommendation_paragraph(entry: RecommendationEntry) -> str:
    head = f"（{chinese_numeral(entry.number)}）关于{entry.subject}。"
    if len(entry.points) == 1:
        return head + entry.points[0]
    return head + "".join(
        f"{ordinal_point(n)}{point}" for n, point in enumerate(entry.points, start=1)
    )


def blocks(doc: BulletinDocument) -> list[Block]:
    """The bulletin from title to signature; sections without content are left out."""
    out = [Block(BlockKind.TITLE, doc.title), Block(BlockKind.PARAGRAPH, opening(doc), "opening")]
    sections: list[tuple[str, str, list[str]]] = [
        (
            "overview",
            "整体情况",
            [overview_sentence(doc)] + [category_paragraph(c) for c in doc.categories if c.count],
        )
    ]
    if doc.highlights:
        paragraphs = [highlights_intro(doc)] + [highlight_paragraph(h) for h in doc.highlights]
        sections.append(("highlights", "工作亮点", paragraphs))
    if doc.recommendations:
        paragraphs = [recommendation_paragraph(r) for r in doc.recommendations]
        sections.append(("recommendations", "督查建议", paragraphs))
    for number, (key, heading, paragraphs) in enumerate(sections, start=1):
        out.append(Block(BlockKind.HEADING, f"{chinese_numeral(number)}、{heading}", key))
        out.extend(Block(BlockKind.PARAGRAPH, text, key) for text in paragraphs)
    out.append(Block(BlockKind.SIGNATURE, doc.issuer, "closing"))
    if doc.issued_on:
        out.append(Block(BlockKind.SIGNATURE, format_date(doc.issued_on), "closing"))
    return out
