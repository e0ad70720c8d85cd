"""The trail's filters: by person, kind of object, and dates (inclusive, local time)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.auditlog.describe import kind_label, person_name
from ducha.core.models import AuditEvent


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = person_name(obj)
        return name if name == obj.get_username() else f"{name}（{obj.get_username()}）"


class AuditFilterForm(forms.Form):
    actor = UserChoice(
        label=_("Who"),
        required=False,
        queryset=get_user_model().objects.order_by("username"),
        empty_label=_("all"),
    )
    kind = forms.ChoiceField(label=_("Kind of object"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = AuditEvent.objects.order_by().values_list("target_type", flat=True).distinct()
        choices = sorted(((kind, kind_label(kind)) for kind in kinds), key=lambda c: c[1])
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("all")), *choices]

    def events(self) -> QuerySet[AuditEvent]:
        """The events that match the valid filters, newest first; all when none is set."""
        events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("actor"):
            events = events.filter(actor=data["actor"])
        if data.get("kind"):
            events = events.filter(target_type=data["kind"])
        if data.get("since"):
            events = events.filter(at__gte=_start_of(data["since"]))
        if data.get("until"):
            events = events.filter(at__lt=_start_of(data["until"] + datetime.timedelta(days=1)))
        return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
