"""The rules page's form: the base score, and points, cap and reason per kind of event."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ducha.assessment.enums import EventKind
from ducha.assessment.models import RuleSet
from ducha.assessment.services import RuleValues

POINTS = {
    "max_digits": 5,
    "decimal_places": 2,
    "min_value": Decimal(-100),
    "max_value": Decimal(100),
}


class RulesForm(forms.Form):
    base_score = forms.DecimalField(
        label=_("base score"), max_digits=6, decimal_places=2, min_value=0, max_value=1000
    )
    base_origin = forms.CharField(
        label=_("why this base score"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, rule_set: RuleSet, **kwargs: Any) -> None:
        rules = {rule.kind: rule for rule in rule_set.rules.all()}
        initial = {"base_score": rule_set.base_score, "base_origin": rule_set.base_origin}
        for kind in EventKind.values:
            rule = rules.get(kind)
            initial[f"{kind}_points"] = rule.points if rule else Decimal(0)
            initial[f"{kind}_cap"] = rule.cap if rule else None
            initial[f"{kind}_origin"] = rule.origin if rule else ""
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for kind, label in EventKind.choices:
            self.fields[f"{kind}_points"] = forms.DecimalField(
                label=label,
                max_digits=5,
                decimal_places=2,
                min_value=Decimal(-100),
                max_value=Decimal(100),
            )
            self.fields[f"{kind}_cap"] = forms.DecimalField(
                label=_("at most"),
                required=False,
                max_digits=5,
                decimal_places=2,
                min_value=Decimal("0.01"),
                max_value=Decimal(100),
            )
            self.fields[f"{kind}_origin"] = forms.CharField(
                label=_("why"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label,
                "points": self[f"{kind}_points"],
                "cap": self[f"{kind}_cap"],
                "origin": self[f"{kind}_origin"],
            }
            for kind, label in EventKind.choices
        ]

    def rule_values(self) -> dict[str, RuleValues]:
        data = self.cleaned_data
        return {
            kind: RuleValues(data[f"{kind}_points"], data[f"{kind}_cap"], data[f"{kind}_origin"])
            for kind in EventKind.values
        }
