"""The office's forms for a bulletin's wording. Counts and examples have no field here."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ducha.bulletins.layout import (
    PERIOD_FIELD,
    TOTAL_FIELD,
    default_opening_template,
    opening_template_errors,
)
from ducha.bulletins.models import Bulletin
from ducha.lib.cn import chinese_numeral
from ducha.review.models import Highlight, Recommendation


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class StartForm(forms.Form):
    change_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the bulletin has been published: what the correction changes."),
    )


class WordingForm(forms.Form):
    """The opening, each highlight's text and each recommendation's points, and the 版记.

    Built from the round's highlights and recommendations; the initial values are the draft's
    own wording where it has one, otherwise the round's text.
    """

    def __init__(self, bulletin: Bulletin, document: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wording = bulletin.wording
        self.highlights = list(Highlight.objects.filter(round=bulletin.round).order_by("position"))
        self.recommendations = list(
            Recommendation.objects.filter(round=bulletin.round)
            .prefetch_related("points")
            .order_by("position")
        )
        self.fields["opening"] = forms.CharField(
            label=_("Opening"),
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=wording.get("opening") or default_opening_template(document),
            help_text=_("%(period)s and %(total)s are filled in from the round and its ratings.")
            % {"period": PERIOD_FIELD, "total": TOTAL_FIELD},
        )
        texts = wording.get("highlights", {})
        for n, highlight in enumerate(self.highlights, start=1):
            self.fields[f"highlight_{highlight.pk}"] = forms.CharField(
                label=f"{n}、{highlight.title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=texts.get(str(highlight.pk), highlight.text),
            )
        points = wording.get("recommendations", {})
        for n, recommendation in enumerate(self.recommendations, start=1):
            stored = points.get(str(recommendation.pk)) or [
                p.text for p in recommendation.points.all()
            ]
            self.fields[f"recommendation_{recommendation.pk}"] = forms.CharField(
                label=f"（{chinese_numeral(n)}）关于{recommendation.subject}",
                widget=forms.Textarea(attrs={"rows": 6}),
                initial="\n".join(stored),
                help_text=_(
                    "One point a line; 一是, 二是 … are added when the bulletin is laid out."
                ),
            )
        self.fields["copy_to"] = forms.CharField(
            label=_("Copies to (抄送)"),
            required=False,
            initial="，".join(wording.get("copy_to", [])),
            help_text=_("Organs separated by commas; leave empty for no colophon."),
        )
        self.fields["printed_by"] = forms.CharField(
            label=_("Printed by (印发机关)"),
            required=False,
            max_length=50,
            initial=wording.get("printed_by", ""),
        )
        if bulletin.version > 1:
            self.fields["change_note"] = forms.CharField(
                label=_("Correction note"),
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=bulletin.change_note,
            )

    def clean_opening(self) -> str:
        opening = str(self.cleaned_data["opening"]).strip()
        errors = opening_template_errors(opening)
        if errors:
            raise forms.ValidationError(errors)
        return opening

    def clean_copy_to(self) -> list[str]:
        text = str(self.cleaned_data["copy_to"]).replace(",", "，").replace("、", "，")
        return [part.strip() for part in text.split("，") if part.strip()]

    def wording(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "opening": data["opening"],
            "highlights": {
                str(h.pk): str(data[f"highlight_{h.pk}"]).strip() for h in self.highlights
            },
            "recommendations": {
                str(r.pk): _lines(data[f"recommendation_{r.pk}"]) for r in self.recommendations
            },
            "copy_to": data["copy_to"],
            "printed_by": str(data["printed_by"]).strip(),
        }


MAX_UPLOAD = 5 * 1024 * 1024


class ImportBulletinForm(forms.Form):
    """The upload: a published bulletin file, the code of the round it becomes, its period."""

    file = forms.FileField(label=_("Bulletin file (.txt, .html, .docx or .pdf)"), required=False)
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
