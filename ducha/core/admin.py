"""Admin for the audit trail (read-only) and the mixin that audits every admin change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from ducha.core.models import AuditEvent
from ducha.core.request import actor_of
from ducha.core.services import delete_audited, record_m2m_change, save_audited, snapshot


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through the audited services instead of model.save()/delete()."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_audited(obj, actor=actor_of(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_audited(obj, actor=actor_of(request))

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            delete_audited(obj, actor=actor_of(request))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        before = snapshot(form.instance)
        super().save_related(request, form, formsets, change)
        record_m2m_change(form.instance, before, actor=actor_of(request))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_audited(obj, actor=actor_of(request))
        for obj in instances:
            save_audited(obj, actor=actor_of(request))
        formset.save_m2m()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody edits by hand: shown, never added, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "action"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
