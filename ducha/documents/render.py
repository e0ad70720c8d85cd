"""A registered document as DOCX and PDF (GB/T 9704-2012), with the bulletin's renderers:
版头 (the issuing office in red, the 文号, the red rule), title, 主送, body, 署名 and
成文日期, and the 版记 (抄送, 印发) at the foot of the last page."""

from __future__ import annotations

import dataclasses

from django.utils import timezone

from ducha.bulletins.layout import Block, BlockKind
from ducha.bulletins.renderers.docx import write_docx
from ducha.bulletins.renderers.html import blocks_context, official_html
from ducha.bulletins.renderers.pdf import write_pdf
from ducha.documents.enums import DocumentKind
from ducha.documents.models import Document
from ducha.lib.cn import format_date

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"docx": DOCX_TYPE, "pdf": "application/pdf"}


def blocks(document: Document) -> list[Block]:
    issued_on = timezone.localdate(document.issued_at)
    out = [Block(BlockKind.TITLE, document.title)]
    out += [Block(BlockKind.PARAGRAPH, text, "body") for text in document.paragraphs]
    out.append(Block(BlockKind.SIGNATURE, document.issuer, "closing"))
    out.append(Block(BlockKind.SIGNATURE, format_date(issued_on), "closing"))
    if document.copies:
        out.append(Block(BlockKind.COLOPHON, f"抄送：{'，'.join(document.copies)}。", "colophon"))
    if document.printed_by:
        printed = f"{document.printed_by}\u3000{format_date(issued_on)}印发"
        out.append(Block(BlockKind.COLOPHON, printed, "colophon", lead=document.printed_by))
    return out


def render(document: Document, extension: str) -> bytes:
    """The document's file; a bulletin is its published version with the register's 版头."""
    if document.kind == DocumentKind.BULLETIN and document.bulletin is not None:
        return _bulletin(document, extension)
    all_blocks = blocks(document)
    header = {"masthead": document.issuer, "number": document.number}
    if extension == "docx":
        return write_docx(
            all_blocks,
            title=document.title,
            author=document.issuer,
            main_to=f"{document.main_to}：",
            **header,
        )
    context = blocks_context(all_blocks, document)
    return write_pdf(official_html(context, main_to=[document.main_to], **header))


def _bulletin(document: Document, extension: str) -> bytes:
    from ducha.bulletins.renderers import DocxRenderer, PdfRenderer

    assert document.bulletin is not None
    published = document.bulletin.snapshot_document()
    headed = dataclasses.replace(
        published,
        masthead=document.issuer,
        number=document.number,
        main_to=(document.main_to,),  # as the office wrote it, with its own separators
    )
    renderer = DocxRenderer() if extension == "docx" else PdfRenderer()
    return renderer.render(headed)
