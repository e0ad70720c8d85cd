from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 5 * 1024 * 1024


class ImportBulletinForm(forms.Form):
    """The upload: a published bulletin file, the code of the round it becomes, its period."""

    file = forms.FileField(label=_("Bulletin file (.txt, .html or .docx)"), required=False)
    text = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)
    code = forms.SlugField(label=_("Code of the new round"), max_length=20)
    period_start = forms.DateField(
        label=_("Period start (if the bulletin names none)"), required=False
    )
    period_end = forms.DateField(label=_("Period end"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("text"):
            raise forms.ValidationError(_("Choose a bulletin file."))
        start, end = data.get("period_start"), data.get("period_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both the start and the end of the period."))
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date] | None:
        start, end = self.cleaned_data.get("period_start"), self.cleaned_data.get("period_end")
        return (start, end) if start and end else None
