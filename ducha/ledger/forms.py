from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ducha.ledger.models import Source
from ducha.lib.excel import CSV_SUFFIXES, MAX_FILE_BYTES, SPREADSHEET_SUFFIXES
from ducha.review.models import Round


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Ledger file"), help_text=_(".xlsx, .xls, .ods or .csv (UTF-8 or GB18030)")
    )
    default_source = forms.ModelChoiceField(
        Source.objects.all(),
        label=_("Source of rows without one"),
        required=False,
    )
    round = forms.ModelChoiceField(
        Round.objects.all(),
        label=_("Round rated in the 状态 column"),
        required=False,
        help_text=_("Only for files with a 状态 column, such as a ratings export."),
    )
    year = forms.IntegerField(
        label=_("Year of dates written without a year"), min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(SPREADSHEET_SUFFIXES + CSV_SUFFIXES):
            raise forms.ValidationError(_("Please upload an .xlsx, .xls, .ods or .csv file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 64 MB."))
        return upload


class ConfirmImportForm(forms.Form):
    create_missing = forms.BooleanField(
        label=_("Create the units and leaders listed above"), required=False
    )
