from __future__ import annotations

from abc import ABC, abstractmethod

from ducha.bulletins.document import BulletinDocument


class Renderer(ABC):
    """Turns a bulletin document into the bytes of one file format."""

    identifier: str = ""
    extension: str = ""
    content_type: str = ""

    @abstractmethod
    def render(self, doc: BulletinDocument) -> bytes: ...
