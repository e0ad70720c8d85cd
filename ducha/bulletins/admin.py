from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ducha.bulletins.models import Bulletin, BulletinState
from ducha.bulletins.services import approve_bulletin
from ducha.core.request import actor_of


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    """Bulletins are composed from their round; the admin only shows and publishes them."""

    list_display = ["round", "version", "state", "published_at", "read_count"]
    list_filter = ["state"]
    list_select_related = ["round"]
    readonly_fields = [
        "round",
        "version",
        "state",
        "published_at",
        "author",
        "read_count",
        "wording",
        "change_note",
        "created_by",
        "submitted_by",
        "submitted_at",
        "approved_by",
    ]
    actions = ["publish"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Publish on the portal"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Bulletin]) -> None:
        # The same approval as the office's pages, with its two-person rule.
        for bulletin in queryset.filter(state=BulletinState.SUBMITTED).select_related("round"):
            approve_bulletin(bulletin, actor=actor_of(request))
        self.message_user(request, _("Published."), messages.SUCCESS)
