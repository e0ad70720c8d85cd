from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ducha.bulletins.models import Bulletin, BulletinState
from ducha.documents.enums import DocumentKind, Level
from ducha.documents.models import DocumentSeries, EscalationRule


class RegisterFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all kinds")), *DocumentKind.choices], required=False
    )
    unacknowledged = forms.BooleanField(label=_("Not acknowledged"), required=False)
    item = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class BulletinRegisterForm(forms.Form):
    bulletin = forms.ModelChoiceField(
        label=_("Published bulletin"),
        queryset=Bulletin.objects.filter(state=BulletinState.PUBLISHED).select_related("round"),
    )
    main_to = forms.CharField(
        label=_("Addressed to"),
        max_length=300,
        initial="各县（市、区）人民政府，市人民政府各部门",
    )


class UrgeForm(forms.Form):
    """催办 by hand: the items chosen on the workbench and the kind of document."""

    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[
            (DocumentKind.URGE, DocumentKind.URGE.label),
            (f"{DocumentKind.ORDER}:{Level.BLUE}", "蓝色督查单"),
            (f"{DocumentKind.ORDER}:{Level.YELLOW}", "黄色督查单"),
            (f"{DocumentKind.ORDER}:{Level.RED}", "红色督查单"),
        ],
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SeriesForm(forms.ModelForm):
    class Meta:
        model = DocumentSeries
        fields = ["kind", "pattern", "issuer", "printed_by"]


class RuleForm(forms.ModelForm):
    class Meta:
        model = EscalationRule
        fields = ["days_late", "kind", "level", "addressee", "copy_lead_leader", "active"]
