"""Admin: targets, milestones and deadlines are edited here (audited); reports, requests,
reminders and notifications are read here and change only through the workflow's services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ducha.core.admin import AuditedAdmin, ReadOnlyAdmin
from ducha.core.request import actor_of
from ducha.progress import services
from ducha.progress.models import (
    Assignment,
    CloseOutRequest,
    ExtensionRequest,
    Milestone,
    Notification,
    ProgressReport,
    Reminder,
    ReportingDeadline,
    Target,
)


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(AuditedAdmin):
    list_display = ["round", "due"]


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ["item", "name", "value", "unit_of_measure", "period_start", "period_end"]
    search_fields = ["item__title", "name"]
    autocomplete_fields = ["item"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ["item", "due", "title", "expected_percent"]
    search_fields = ["item__title", "title"]
    autocomplete_fields = ["item"]


def _run(request: HttpRequest, modeladmin: admin.ModelAdmin, call: Any, objects: Any) -> None:
    done = 0
    for obj in objects:
        try:
            call(obj)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(n)d done.") % {"n": done}, messages.SUCCESS)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["item", "unit", "round", "state", "updated_at"]
    list_filter = ["round", "state"]
    search_fields = ["item__title", "unit__short_name"]
    list_select_related = ["item", "unit", "round"]
    actions = ["accept"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProgressReport]:
        # The same visibility as the pages: the office never sees a unit's drafts.
        from ducha.progress.permissions import reports_visible_to

        return reports_visible_to(request.user).select_related("item", "unit", "round")

    @admin.action(description=_("Accept the selected reports"))
    def accept(self, request: HttpRequest, queryset: QuerySet[ProgressReport]) -> None:
        _run(request, self, lambda r: services.accept_report(r, actor=actor_of(request)), queryset)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["item", "unit", "assigned_at", "acknowledged_at"]
    list_select_related = ["item", "unit"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["item", "unit", "requested_deadline", "state", "requested_at"]
    list_filter = ["state"]
    list_select_related = ["item", "unit"]


@admin.register(CloseOutRequest)
class CloseOutRequestAdmin(ReadOnlyAdmin):
    list_display = ["item", "unit", "state", "requested_at"]
    list_filter = ["state"]
    list_select_related = ["item", "unit"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["item", "unit", "kind", "created_at", "sent_at", "recipients"]
    list_filter = ["kind", "round"]
    list_select_related = ["item", "unit"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "text", "created_at", "read_at"]
    list_select_related = ["user"]
