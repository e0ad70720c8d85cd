"""The public column (督查在线) and its articles. Anyone may read published bulletins."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.layout import blocks
from ducha.bulletins.queries import get_published_bulletin, published_bulletins
from ducha.bulletins.services import count_read

PAGE_SIZE = 20


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
    document = compose_bulletin(article.round, published_at=article.published_at)
    context = {"article": article, "document": document, "blocks": blocks(document)}
    return render(request, "portal/article.html", context)
