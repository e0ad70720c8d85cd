from __future__ import annotations

from django.contrib import admin

from ducha.core.admin import AuditedAdmin
from ducha.org.models import Leader, Unit, UnitAlias


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["short_name", "name", "kind", "valid_from", "valid_to", "replaced_by"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "aliases__name"]
    list_select_related = ["replaced_by"]
    inlines = [UnitAliasInline]


@admin.register(Leader)
class LeaderAdmin(AuditedAdmin):
    list_display = ["name", "title", "precedence", "active"]
    list_editable = ["precedence"]
    search_fields = ["name", "title"]
