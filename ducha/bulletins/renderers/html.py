from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ducha.bulletins.document import BulletinDocument
from ducha.bulletins.layout import Block, BlockKind, blocks, main_to_line, signature_right_indents
from ducha.bulletins.renderers.base import Renderer

STATIC = Path(__file__).resolve().parents[1] / "static" / "bulletins"
STYLESHEETS = (STATIC / "gbt9704.css", STATIC / "signature.css")


@cache
def official_stylesheet() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in STYLESHEETS)


def body_context(doc: BulletinDocument, *, run_in_leads: bool = True) -> dict[str, Any]:
    """What bulletins/body.html needs: the blocks, and the signature with its indents.

    `run_in_leads` marks up （一）关于…。 so the official layout can set it in 楷体; the
    portal prints paragraphs plain, as government sites do.
    """
    return blocks_context(blocks(doc), doc, run_in_leads=run_in_leads)


def blocks_context(
    all_blocks: list[Block], document: Any, *, run_in_leads: bool = True
) -> dict[str, Any]:
    """The same for any official document's blocks; `document` gives the title and issuer."""
    lines = [b.text for b in all_blocks if b.kind == BlockKind.SIGNATURE]
    signature: list[tuple[str, str]] = []
    if lines:
        issuer_indent, date_indent = signature_right_indents(lines[0], "".join(lines[1:2]))
        signature = [(lines[0], signature_indent_class(issuer_indent))]
        signature += [(line, signature_indent_class(date_indent)) for line in lines[1:]]
    return {
        "document": document,
        "blocks": all_blocks,
        "signature": signature,
        "colophon": [b for b in all_blocks if b.kind == BlockKind.COLOPHON],
        "run_in_leads": run_in_leads,
    }


MAX_INDENT_STEPS = 120  # signature.css has classes for 0 to 60 字 in half characters


def signature_indent_class(indent: float) -> str:
    """The class of signature.css that indents a line `indent` 字 from the right."""
    steps = min(max(round(indent * 2), 0), MAX_INDENT_STEPS)
    return f"ri-{steps}"


def article_body(doc: BulletinDocument) -> SafeString:
    """The bulletin below its title, as the portal article shows it."""
    context = body_context(doc, run_in_leads=False)
    return SafeString(render_to_string("bulletins/body.html", context))


class HtmlRenderer(Renderer):
    """A standalone HTML page laid out as the official document (the PDF is printed from it)."""

    identifier = "html"
    extension = "html"
    content_type = "text/html; charset=utf-8"

    def render(self, doc: BulletinDocument) -> bytes:
        return official_html(
            body_context(doc), masthead=doc.masthead, number=doc.number, main_to=doc.main_to
        )


def official_html(
    context: dict[str, Any], *, masthead: str = "", number: str = "", main_to: Sequence[str] = ()
) -> bytes:
    """The page the PDF is printed from: optional 版头 and 主送, then the body's blocks."""
    page = {
        **context,
        "stylesheet": official_stylesheet(),
        "masthead": masthead,
        "number": number,
        "main_to": main_to_line(list(main_to)),
    }
    return render_to_string("bulletins/document.html", page).encode("utf-8")
