"""One class per output format, each reading a BulletinDocument."""

from __future__ import annotations

from ducha.bulletins.renderers.base import Renderer
from ducha.bulletins.renderers.txt import TxtRenderer

RENDERERS: dict[str, type[Renderer]] = {r.identifier: r for r in (TxtRenderer,)}

__all__ = ["RENDERERS", "Renderer", "TxtRenderer"]
