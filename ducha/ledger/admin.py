from __future__ import annotations

from django.contrib import admin

from ducha.core.admin import AuditedAdmin
from ducha.ledger.models import Source, WorkItem


@admin.register(Source)
class SourceAdmin(AuditedAdmin):
    list_display = ["name", "kind", "meeting_number", "meeting_date"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(WorkItem)
class WorkItemAdmin(AuditedAdmin):
    list_display = ["code", "title", "lead_unit", "source", "deadline"]
    list_filter = ["source__kind", "category", "lead_unit"]
    search_fields = ["code", "title", "description"]
    list_select_related = ["lead_unit", "source"]
    autocomplete_fields = ["lead_unit", "co_units", "leaders", "parent", "source"]
