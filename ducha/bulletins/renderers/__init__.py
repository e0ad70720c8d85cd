"""One class per output format, each reading a BulletinDocument."""

from __future__ import annotations

from ducha.bulletins.renderers.base import Renderer
from ducha.bulletins.renderers.docx import DocxRenderer
from ducha.bulletins.renderers.html import HtmlRenderer
from ducha.bulletins.renderers.pdf import PdfRenderer
from ducha.bulletins.renderers.txt import TxtRenderer

RENDERERS: dict[str, type[Renderer]] = {
    r.identifier: r for r in (TxtRenderer, HtmlRenderer, DocxRenderer, PdfRenderer)
}

__all__ = ["RENDERERS", "DocxRenderer", "HtmlRenderer", "PdfRenderer", "Renderer", "TxtRenderer"]
