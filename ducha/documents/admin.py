"""Admin: series and escalation rules are edited here too (audited); issued documents are read
here and change only through the services (issuing, 签收)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ducha.core.admin import AuditedAdmin, ReadOnlyAdmin
from ducha.documents.models import Document, DocumentSeries, EscalationRule


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(AuditedAdmin):
    list_display = ["kind", "pattern", "issuer", "printed_by"]


@admin.register(EscalationRule)
class EscalationRuleAdmin(AuditedAdmin):
    list_display = ["days_late", "kind", "level", "addressee", "copy_lead_leader", "active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # issued documents name their rule: switch it off instead


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "level", "unit", "item", "issued_at", "acknowledged_at"]
    list_filter = ["kind", "level", "year"]
    search_fields = ["number", "title", "main_to"]
    list_select_related = ["unit", "item"]
