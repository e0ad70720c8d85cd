"""The cockpit (驾驶舱) and the item lists behind its counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ducha.cockpit.figures import cockpit_figures, filtered_items
from ducha.cockpit.scope import NO_LEADER, UNRATED, ItemFilter, Scope, scope_for
from ducha.lib.params import page_number, parse_id
from ducha.org.models import Leader, Unit
from ducha.progress.queries import round_by_code
from ducha.review.models import Round

PAGE_SIZE = 50
REPORT_FILTERS = ("on_time", "late", "missing")


def _scope(request: HttpRequest) -> Scope:
    return scope_for(
        request.user,
        leader=parse_id(request.GET.get("for_leader")),
        unit=parse_id(request.GET.get("for_unit")),
    )


def _round(request: HttpRequest) -> Round:
    round = round_by_code(request.GET.get("round"))
    if round is None:
        raise Http404
    return round


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    figures = cockpit_figures(scope, _round(request))
    context = {
        "figures": figures,
        "charts": figures.charts(),
        "rounds": Round.objects.order_by("-period_end")[:50],
        "leaders": Leader.objects.all() if scope.can_choose else [],
        "units": Unit.objects.all() if scope.can_choose else [],
    }
    return render(request, "cockpit/cockpit.html", context)


@login_required
def items(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    round = _round(request)
    status = request.GET.get("status", "")
    item_filter = ItemFilter(
        status=status if status == UNRATED or status.isdigit() else "",
        leader=parse_id(request.GET.get("leader")),
        no_leader=request.GET.get("leader") == NO_LEADER,
        lead_unit=parse_id(request.GET.get("lead_unit")),
        source=parse_id(request.GET.get("source")),
    )
    report = request.GET.get("report", "")
    found = filtered_items(
        scope,
        round,
        item_filter,
        unit=parse_id(request.GET.get("unit")),
        report=report if report in REPORT_FILTERS else "",
        worse=request.GET.get("worse") == "1",
    )
    total = found.count()
    page = max(1, min(page_number(request.GET.get("page")), -(-total // PAGE_SIZE) or 1))
    rows = list(
        found.select_related("lead_unit", "source")
        .prefetch_related("leaders")
        .order_by("code")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    context = {
        "round": round,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "query": request.GET.urlencode(),
    }
    return render(request, "cockpit/items.html", context)
