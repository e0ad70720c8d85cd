from __future__ import annotations

from django.contrib import admin

from ducha.accounts.models import Membership
from ducha.core.admin import AuditedAdmin


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "unit", "leader"]
    list_filter = ["role"]
    list_select_related = ["user", "unit", "leader"]
    autocomplete_fields = ["unit", "leader"]
