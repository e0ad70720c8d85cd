"""A rendered bulletin as a file download: one place for its type and file name."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from ducha.bulletins.document import BulletinDocument
from ducha.bulletins.renderers.base import Renderer


def document_download(document: BulletinDocument, renderer: Renderer, *, name: str) -> HttpResponse:
    """`document` rendered by `renderer`, as an attachment named `name`.<extension>."""
    response = HttpResponse(renderer.render(document), content_type=renderer.content_type)
    filename = f"{name}.{renderer.extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
