from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ducha.core.admin import AuditedAdmin
from ducha.core.request import actor_of
from ducha.review.models import (
    Highlight,
    HighlightUnit,
    Rating,
    Recommendation,
    RecommendationPoint,
    Round,
    Status,
)
from ducha.review.services import set_rating


@admin.register(Status)
class StatusAdmin(AuditedAdmin):
    list_display = ["order", "label", "code", "colour", "is_done", "is_on_track"]
    list_display_links = ["label"]


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["code", "name", "period_start", "period_end", "cutoff", "issuer"]
    search_fields = ["code", "name"]


@admin.register(Rating)
class RatingAdmin(AuditedAdmin):
    list_display = ["item", "round", "status", "is_example", "example_order", "updated_at"]
    list_filter = ["round", "status", "is_example"]
    search_fields = ["item__title", "item__code"]
    list_select_related = ["item", "round", "status"]
    autocomplete_fields = ["item", "round"]
    readonly_fields = ["is_example", "updated_at", "updated_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The same use case as the rating page and the API, so the audit and checks apply.
        rating = set_rating(
            obj.round,
            obj.item,
            status=obj.status,
            note=obj.note,
            example_order=obj.example_order,
            actor=actor_of(request),
        )
        obj.pk = rating.pk


class HighlightUnitInline(admin.TabularInline):
    model = HighlightUnit
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(Highlight)
class HighlightAdmin(AuditedAdmin):
    list_display = ["position", "title", "round"]
    list_display_links = ["title"]
    list_filter = ["round"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["items", "leaders"]
    inlines = [HighlightUnitInline]


class RecommendationPointInline(admin.TabularInline):
    model = RecommendationPoint
    extra = 1


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    list_display = ["position", "subject", "round"]
    list_display_links = ["subject"]
    list_filter = ["round"]
    search_fields = ["subject"]
    autocomplete_fields = ["items"]
    inlines = [RecommendationPointInline]
