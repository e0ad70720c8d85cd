"""Server-side validation of the workflow's forms; a rejected form keeps what was typed."""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ducha.ledger.models import Source, WorkItem
from ducha.lib.excel import CSV_SUFFIXES, MAX_FILE_BYTES, SPREADSHEET_SUFFIXES
from ducha.org.models import Leader, Unit
from ducha.progress.enums import Warning
from ducha.progress.files import CheckedFile, check_upload
from ducha.progress.limits import (
    NARRATIVE_MAX,
    NOTE_MAX,
    REASON_MAX,
    SUMMARY_MAX,
    VALUE_DECIMAL_PLACES,
    VALUE_MAX_DIGITS,
)
from ducha.review.models import Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        checked, errors = [], []
        for upload in uploads:
            if not isinstance(upload, UploadedFile):
                continue
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class ReportForm(forms.Form):
    """The unit's report: narrative, one field per target of the item, evidence files."""

    narrative = forms.CharField(
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=NARRATIVE_MAX,
    )
    evidence = MultipleFileField(
        label=_("Evidence files (PDF, Word, Excel, JPEG, PNG)"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, item: WorkItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = list(item.targets.all())
        for target in self.targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=f"{target.name}（{target.unit_of_measure}，年度目标{target.value.normalize():f}）",
                min_value=decimal.Decimal(0),
                max_digits=VALUE_MAX_DIGITS,
                decimal_places=VALUE_DECIMAL_PLACES,
                required=False,
            )

    def values(self) -> dict[int, decimal.Decimal]:
        return {
            t.pk: self.cleaned_data[f"target_{t.pk}"]
            for t in self.targets
            if self.cleaned_data.get(f"target_{t.pk}") is not None
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RatingForm(forms.Form):
    """One item's rating. The statuses are read once per page and shared by every row's form."""

    status = forms.TypedChoiceField(label=_("Status"), coerce=int)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX,
    )
    updated_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, statuses: list[Status] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statuses = {
            s.pk: s for s in (statuses if statuses is not None else Status.objects.all())
        }
        self.fields["status"].choices = [(pk, s.label) for pk, s in self.statuses.items()]  # type: ignore[attr-defined]

    def clean_status(self) -> Status:
        return self.statuses[self.cleaned_data["status"]]


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Combined statement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NARRATIVE_MAX,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ExtensionForm(forms.Form):
    requested_deadline = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("approve")), ("0", _("deny"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_MAX
    )


class CloseOutForm(forms.Form):
    summary = forms.CharField(
        label=_("Work done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=SUMMARY_MAX
    )


class WorkbenchFilterForm(forms.Form):
    warning = forms.ChoiceField(
        label=_("Warning"), required=False, choices=[("", _("all")), *Warning.choices]
    )
    leader = forms.ModelChoiceField(
        label=_("Lead leader"), queryset=Leader.objects.all(), required=False, empty_label=_("all")
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.all(), required=False, empty_label=_("all")
    )
    status = forms.ModelChoiceField(
        label=_("Status"), queryset=Status.objects.all(), required=False, empty_label=_("all")
    )
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.all(), required=False, empty_label=_("all")
    )


class ProgressSheetForm(forms.Form):
    """A unit's filled-in progress sheet, saved as drafts or sent at once."""

    file = forms.FileField(label=_("Progress sheet"), help_text=_(".xlsx, .xls, .ods or .csv"))
    submit = forms.BooleanField(
        label=_("Send the reports to the office"),
        required=False,
        help_text=_("Without this, the reports are saved as drafts to check before sending."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SPREADSHEET_SUFFIXES + CSV_SUFFIXES):
            raise forms.ValidationError(_("Please upload an .xlsx, .xls, .ods or .csv file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 64 MB."))
        return upload
