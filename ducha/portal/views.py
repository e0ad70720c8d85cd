"""The public column (督查在线) and its articles. Anyone may read published bulletins.

Articles and their downloads are rendered from the snapshot frozen at publication, so
later changes to ratings never alter what was published.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from ducha.bulletins.queries import get_published_bulletin, published_bulletins
from ducha.bulletins.renderers import DocxRenderer, PdfRenderer, Renderer
from ducha.bulletins.renderers.html import article_body
from ducha.bulletins.services import count_read

PAGE_SIZE = 20
FONT_SIZES = ("large", "medium", "small")  # 字号 大/中/小
DOWNLOADS: dict[str, type[Renderer]] = {"docx": DocxRenderer, "pdf": PdfRenderer}


@require_safe
def column(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_bulletins(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/column.html", {"page": page})


@require_safe
def bulletin(request: HttpRequest, code: str) -> HttpResponse:
    article = get_published_bulletin(code)
    if request.method == "GET":
        count_read(article)
        article.read_count += 1
    document = article.snapshot_document()
    size = request.GET.get("size")
    context = {
        "article": article,
        "document": document,
        "body": article_body(document),
        "font_size": size if size in FONT_SIZES else "medium",
        "font_sizes": FONT_SIZES,
    }
    return render(request, "portal/article.html", context)


@require_safe
def download(request: HttpRequest, code: str, extension: str) -> HttpResponse:
    """The published bulletin as an official document (.docx or .pdf)."""
    if extension not in DOWNLOADS:
        raise Http404
    article = get_published_bulletin(code)
    document = article.snapshot_document()
    renderer = DOWNLOADS[extension]()
    response = HttpResponse(renderer.render(document), content_type=renderer.content_type)
    filename = f"{document.title}.{renderer.extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
