"""The assessment's pages: the ranking, a unit's score, the rules, the freeze and its export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ducha.accounts.roles import roles_of
from ducha.assessment import permissions, services
from ducha.assessment.forms import RulesForm
from ducha.assessment.models import Freeze
from ducha.core.request import actor_of
from ducha.lib.downloads import xlsx_response
from ducha.org.models import Unit
from ducha.progress.queries import current_round

YEARS = range(2000, 2101)


def _year(year: int) -> int:
    if year not in YEARS:
        raise Http404
    return year


@login_required
def index(request: HttpRequest) -> HttpResponse:
    round = current_round()
    year = round.period_end.year if round else timezone.localdate().year
    roles = roles_of(request.user)
    if not roles.is_office and len(roles.unit_ids) == 1:
        return redirect("assessment:unit", year=year, unit_id=next(iter(roles.unit_ids)))
    return redirect("assessment:ranking", year=year)


@login_required
def ranking(request: HttpRequest, year: int) -> HttpResponse:
    permissions.require(permissions.can_see_ranking(request.user))
    year = _year(year)
    context = {
        "year": year,
        "ranking": services.ranking_for(year),
        "frozen": Freeze.objects.filter(year=year).first(),
        "can_freeze": permissions.can_freeze(request.user),
        "can_edit": permissions.can_edit_rules(request.user),
    }
    return render(request, "assessment/ranking.html", context)


@login_required
def unit(request: HttpRequest, year: int, unit_id: int) -> HttpResponse:
    permissions.require(permissions.can_see_unit(request.user, unit_id))
    year = _year(year)
    found = Unit.objects.filter(pk=unit_id).first()
    if found is None:
        raise Http404
    ranking = services.ranking_for(year)
    context = {
        "year": year,
        "unit": found,
        "ranking": ranking,
        "score": ranking.unit(unit_id) if ranking else None,
        "rules": services.rules_for(year),
    }
    return render(request, "assessment/unit.html", context)


@login_required
def rules(request: HttpRequest, year: int) -> HttpResponse:
    permissions.require(permissions.can_edit_rules(request.user))
    year = _year(year)
    rule_set = services.rules_for(year)
    if rule_set is None:
        if request.method == "POST":
            services.create_rules(year, actor=actor_of(request))
            messages.success(request, f"已按默认规则建立{year}年考核规则，可在此修改。")
            return redirect("assessment:rules", year=year)
        return render(request, "assessment/rules.html", {"year": year, "form": None})
    form = RulesForm(request.POST or None, rule_set=rule_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rules(
                rule_set,
                base_score=form.cleaned_data["base_score"],
                base_origin=form.cleaned_data["base_origin"],
                rules=form.rule_values(),
                actor=actor_of(request),
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, "考核规则已保存。")
            return redirect("assessment:rules", year=year)
    return render(request, "assessment/rules.html", {"year": year, "form": form})


@login_required
@require_POST
def freeze(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    try:
        services.freeze_year(year, actor=actor_of(request))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, f"{year}年考核结果已发布，此后的修改不再改变它。")
    return redirect("assessment:ranking", year=year)


@login_required
def export(request: HttpRequest, year: int) -> HttpResponseBase:
    permissions.require(permissions.can_see_ranking(request.user))
    ranking = services.ranking_for(_year(year))
    if ranking is None:
        raise Http404
    suffix = "" if ranking.frozen_at else "（未发布）"
    return xlsx_response(services.ranking_xlsx(ranking), f"{year}年度考核结果{suffix}.xlsx")
