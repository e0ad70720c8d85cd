"""The public column (督查在线) and its articles. Anyone may read published bulletins.

Articles and their downloads are rendered from the snapshot frozen at publication, so
later changes to ratings never alter what was published. Because a published version
never changes, its article body is rendered once and then served from the cache.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ducha.bulletins.models import Bulletin
from ducha.bulletins.queries import (
    PublishedVersion,
    get_published_bulletin,
    latest_published_version,
    published_bulletins,
)
from ducha.bulletins.renderers import DocxRenderer, PdfRenderer, Renderer
from ducha.bulletins.renderers.download import document_download
from ducha.bulletins.renderers.html import article_body

PAGE_SIZE = 20
FONT_SIZES = ("large", "medium", "small")  # 字号 大/中/小
DOWNLOADS: dict[str, type[Renderer]] = {"docx": DocxRenderer, "pdf": PdfRenderer}


@require_safe
def column(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_bulletins(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/column.html", {"page": page})


@dataclass(frozen=True)
class ArticleText:
    """What an article page shows of its published version: all of it fixed at publication."""

    title: str
    issuer: str
    body: SafeString


def article_text(article: Bulletin) -> ArticleText:
    """The published version's text, rendered on the first read and cached from then on.

    The key names the version's row, which is never republished (a correction is a new
    row), so the cached text can never be stale; drafts never come here.
    """
    key = f"portal:article:{article.pk}:v{article.version}"
    text = cache.get(key)
    if text is None:
        document = article.snapshot_document()
        text = ArticleText(document.title, document.issuer, article_body(document))
        cache.set(key, text, timeout=None)
    return text


# Stand-ins for what differs between two reads of one version: unguessable per process.
_READS = f"reads-{secrets.token_hex(8)}"
_CSRF = f"csrf-{secrets.token_hex(8)}"


def _article_context(article: Bulletin, size: str, **extra: Any) -> dict[str, Any]:
    text = article_text(article)
    return {
        "article": article,
        "document": text,
        "body": text.body,
        "read_count": article.read_count,
        "font_size": size,
        "font_sizes": FONT_SIZES,
        **extra,
    }


def _cached_page(request: HttpRequest, version: PublishedVersion, size: str) -> str:
    """The article page with stand-ins for the read count and the CSRF token, rendered once
    per version, language and text size (all the page depends on besides those two)."""
    key = f"portal:page:{version.pk}:v{version.version}:{get_language()}:{size}"
    page = cache.get(key)
    if page is None:
        article = Bulletin.objects.select_related("round").get(pk=version.pk)
        context = _article_context(article, size, read_count=_READS, csrf_token=_CSRF)
        page = render_to_string("portal/article.html", context, request)
        cache.set(key, page, timeout=None)
    return str(page)


@require_safe
def bulletin(request: HttpRequest, code: str) -> HttpResponse:
    """A published bulletin: each GET is counted, and the page shows the exact total."""
    size = request.GET.get("size") or "medium"
    if size not in FONT_SIZES or set(request.GET) - {"size"}:
        # Addresses with other parameters are rendered afresh rather than filling the cache.
        article = get_published_bulletin(code)
        if request.method == "GET":
            found = latest_published_version(code, count_read=True)
            article.read_count = found.read_count if found else article.read_count
        return render(request, "portal/article.html", _article_context(article, "medium"))
    version = latest_published_version(code, count_read=request.method == "GET")
    if version is None:
        raise Http404
    page = _cached_page(request, version, size)
    page = page.replace(_READS, str(version.read_count)).replace(_CSRF, get_token(request))
    return HttpResponse(page)


@require_safe
def download(request: HttpRequest, code: str, extension: str) -> HttpResponse:
    """The published bulletin as an official document (.docx or .pdf)."""
    if extension not in DOWNLOADS:
        raise Http404
    article = get_published_bulletin(code)
    document = article.snapshot_document()
    return document_download(document, DOWNLOADS[extension](), name=document.title)
