from __future__ import annotations

from ducha.bulletins.document import BulletinDocument
from ducha.bulletins.layout import BlockKind, blocks
from ducha.bulletins.renderers.base import Renderer


class TxtRenderer(Renderer):
    """Plain text: one paragraph a line, blank lines between, body indented two characters."""

    identifier = "txt"
    extension = "txt"
    content_type = "text/plain; charset=utf-8"

    def render(self, doc: BulletinDocument) -> bytes:
        lines = []
        for block in blocks(doc):
            if block.kind == BlockKind.TITLE:
                lines.append(block.text)
            elif block.kind == BlockKind.SIGNATURE:
                lines.append(block.text.rjust(24, "\u3000"))
            elif block.kind == BlockKind.COLOPHON:
                lines.append("\u3000" + block.text)
            else:
                lines.append("\u3000\u3000" + block.text)
        return ("\n\n".join(lines) + "\n").encode("utf-8")
