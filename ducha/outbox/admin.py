"""Admin: users' and units' channels (mobile numbers, robots), audited."""

from __future__ import annotations

from django.contrib import admin

from ducha.core.admin import AuditedAdmin
from ducha.outbox.models import UnitChannels, UserChannels


@admin.register(UserChannels)
class UserChannelsAdmin(AuditedAdmin):
    list_display = ["user", "mobile", "by_email", "by_sms"]
    search_fields = ["user__username", "mobile"]
    autocomplete_fields = ["user"]


@admin.register(UnitChannels)
class UnitChannelsAdmin(AuditedAdmin):
    list_display = ["unit", "head_name", "head_mobile"]
    search_fields = ["unit__name", "unit__short_name", "head_name"]
    autocomplete_fields = ["unit"]
