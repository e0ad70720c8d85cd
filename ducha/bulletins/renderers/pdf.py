"""PDF through WeasyPrint, from the HTML renderer's page and the GB/T 9704 print stylesheet.

Why WeasyPrint rather than LibreOffice converting the DOCX: it runs in-process (no 260 MB
office suite, no profile directory, no subprocess per download), it renders the demo bulletin
in about a second, and the same HTML and print stylesheet serve the portal's 打印.
"""

from __future__ import annotations

from ducha.bulletins.document import BulletinDocument
from ducha.bulletins.renderers.base import Renderer
from ducha.bulletins.renderers.html import HtmlRenderer
from ducha.lib.fonts import use_project_fontconfig


class PdfRenderer(Renderer):
    identifier = "pdf"
    extension = "pdf"
    content_type = "application/pdf"

    def render(self, doc: BulletinDocument) -> bytes:
        return write_pdf(HtmlRenderer().render(doc))


def write_pdf(html: bytes) -> bytes:
    """The official document's page (renderers/html.py) printed to PDF."""
    # Fontconfig reads its configuration once, when WeasyPrint first lays out text.
    use_project_fontconfig()
    from weasyprint import HTML

    return bytes(HTML(string=html.decode("utf-8")).write_pdf() or b"")
