"""Input checked before any service runs; the services check the policy and the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pramoen.monitoring.models import Meeting, Observation, Obstacle, Suggestion
from pramoen.monitoring.systems import SYSTEMS
from pramoen.monitoring.vocab import Aspect, Component, Level
from pramoen.orgs.models import Agency, Committee

SYSTEM_CHOICES = [(s.code, s.name) for s in SYSTEMS]


def _lines(value: str) -> list[str]:
    return [" ".join(line.split()) for line in value.splitlines() if line.strip()]


class SubItemsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return _lines(super().to_python(value) or "")


def committee_agencies(committee: Committee) -> Any:
    return Agency.objects.filter(pk__in=committee.agencies.values("pk")) | Agency.objects.filter(
        district__group=committee.district_group
    )


class ObstacleForm(forms.ModelForm):
    systems = forms.MultipleChoiceField(
        label=_("systems named"), choices=SYSTEM_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Obstacle
        fields = ["component", "aspect", "level", "text", "indicator", "agencies", "systems", "numbered"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "agencies": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = committee_agencies(committee)  # type: ignore[attr-defined]


class SuggestionForm(forms.ModelForm):
    sub_items = SubItemsField(label=_("sub-items (one per line)"), required=False)

    class Meta:
        model = Suggestion
        fields = ["component", "level", "text", "agency", "sub_items", "numbered"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = committee_agencies(committee)  # type: ignore[attr-defined]


class ObservationForm(forms.ModelForm):
    sub_items = SubItemsField(label=_("sub-items (one per line)"), required=False)

    class Meta:
        model = Observation
        fields = ["level", "text", "sub_items"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


ITEM_FORMS: dict[str, Any] = {
    "obstacle": ObstacleForm,
    "suggestion": SuggestionForm,
    "observation": ObservationForm,
}


class PasteForm(forms.Form):
    """Typed or pasted text: aspect and level headings, numbers and wrapped lines are read
    (``paste.py``); an obstacle's aspect has no default."""

    text = forms.CharField(label=_("text (one item per line)"), widget=forms.Textarea(attrs={"rows": 3}))
    component = forms.ChoiceField(label=_("component"), choices=Component.choices)
    aspect = forms.ChoiceField(
        label=_("aspect"), choices=[("", _("— choose the aspect —")), *Aspect.choices], required=False
    )
    level = forms.ChoiceField(label=_("level"), choices=Level.choices, required=False)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "place", "members_present", "other_attendees"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "members_present": forms.CheckboxSelectMultiple,
            "other_attendees": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, committee: Committee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = committee.members.all()  # type: ignore[attr-defined]


class AssignForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["assignee", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}


class FollowUpForm(forms.Form):
    """Checked by the service (which also keeps a file already attached); no model validation here, so
    a rule refused shows the service's Thai message, never a constraint's name."""

    status = forms.ChoiceField(label=_("status"), choices=Observation.Status.choices)
    evidence = forms.CharField(label=_("evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_file = forms.FileField(label=_("evidence file"), required=False)


class RoundForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("fiscal year (BE)"), min_value=2500, max_value=2700)
    period = forms.ChoiceField(
        label=pgettext_lazy("monitoring round", "period"),
        choices=[
            ("H1", _("first half of the fiscal year")),
            ("FY", pgettext_lazy("monitoring round", "whole fiscal year")),
        ],
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"))
