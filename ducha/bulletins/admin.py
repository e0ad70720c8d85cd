from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ducha.bulletins.models import Bulletin
from ducha.bulletins.services import publish_bulletin


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    """Bulletins are composed from their round; the admin only shows and publishes them."""

    list_display = ["round", "version", "state", "published_at", "read_count"]
    list_filter = ["state"]
    list_select_related = ["round"]
    readonly_fields = ["round", "version", "state", "published_at", "author", "read_count"]
    actions = ["publish"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Publish on the portal"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Bulletin]) -> None:
        for bulletin in queryset.select_related("round"):
            publish_bulletin(bulletin.round, actor=request.user)
        self.message_user(request, _("Published."), messages.SUCCESS)
