"""The search pages: the office's (everything the user may see) and the portal's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ducha.lib.params import page_number
from ducha.review.models import Round
from ducha.search import services


@login_required
def office_search(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in services.KINDS else ""
    round = Round.objects.filter(code=request.GET.get("round") or "").first()
    page = page_number(request.GET.get("page"))
    results = services.search_office(
        request.user, request.GET.get("q"), kind=kind, round=round, page=page
    )
    context = {
        "results": results,
        "kind": kind,
        "kinds": services.KINDS,
        "round": round,
        "rounds": Round.objects.order_by("-period_end")[:50],
    }
    return render(request, "search/office.html", context)


def portal_search(request: HttpRequest) -> HttpResponse:
    results = services.search_portal(
        request.GET.get("q"), page=page_number(request.GET.get("page"))
    )
    return render(request, "search/portal.html", {"results": results})
