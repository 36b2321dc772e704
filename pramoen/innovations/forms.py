from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pramoen.innovations.models import Innovation
from pramoen.innovations.services import InnovationInput


class InnovationForm(forms.Form):
    agency = forms.ChoiceField(label=_("agency"))
    fiscal_year = forms.IntegerField(label=_("fiscal year (BE)"), min_value=2500, max_value=2700)
    title = forms.CharField(label=_("title"), max_length=300)
    problem = forms.CharField(label=_("problem it solves"), widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("results"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("category"), choices=Innovation.Category.choices)
    status = forms.ChoiceField(label=_("status"), choices=Innovation.Status.choices)
    kind = forms.ChoiceField(label=_("kind"), choices=Innovation.Kind.choices)
    adopted_from = forms.IntegerField(
        label=_("adopted from (innovation number)"), required=False, min_value=1
    )
    adoptable_by = forms.ChoiceField(label=_("who may adopt it"), choices=Innovation.AdoptableBy.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = [(a.code, a.name) for a in agencies]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def to_input(self) -> InnovationInput:
        d = self.cleaned_data
        origin = None
        if d.get("adopted_from"):
            origin = (
                Innovation.objects.filter(pk=d["adopted_from"]).exclude(state=Innovation.State.DRAFT).first()
            )
            if origin is None:
                self.add_error("adopted_from", _("No submitted innovation has this number."))
        return InnovationInput(
            fiscal_year=d["fiscal_year"],
            title=d["title"],
            problem=d["problem"],
            solution=d["solution"],
            results=d.get("results") or "",
            status=d["status"],
            category=d["category"],
            kind=d["kind"],
            adoptable_by=d["adoptable_by"],
            adopted_from=origin,
        )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("photo or PDF"))
    caption = forms.CharField(label=_("caption"), required=False, max_length=300)
