from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pramoen.feeds.surveys.models import Question, Survey
from pramoen.feeds.surveys.services import QuestionInput, SurveyInput


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        if isinstance(field.widget, forms.CheckboxInput):
            css = "form-check-input"
        field.widget.attrs.setdefault("class", css)


class SurveyForm(forms.Form):
    indicator = forms.ChoiceField(label=_("indicator"))
    period = forms.ChoiceField(label=_("reported for the period"))
    title = forms.CharField(label=_("title"), max_length=300)
    intro = forms.CharField(
        label=_("text shown to respondents"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_group = forms.CharField(label=_("target group"), max_length=300)
    population = forms.IntegerField(
        label=_("population (people in the target group)"), required=False, min_value=1
    )
    sample_rule = forms.ChoiceField(label=_("sample size rule"), choices=Survey.SampleRule.choices)
    margin = forms.DecimalField(
        label=_("margin of error"), initial="0.05", min_value=0.01, max_value=0.2, decimal_places=3
    )
    rule = forms.ChoiceField(label=_("satisfaction rule"), choices=Survey.Rule.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, indicators: list[Any], periods: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        period = self.fields["period"]
        assert isinstance(indicator, forms.ChoiceField) and isinstance(period, forms.ChoiceField)
        indicator.choices = [(str(i.pk), f"{i.fiscal_year.year} · {i.code} {i.name}") for i in indicators]
        period.choices = periods
        _style(self)

    def to_input(self) -> SurveyInput:
        d = self.cleaned_data
        return SurveyInput(
            title=d["title"],
            target_group=d["target_group"],
            period_code=d["period"],
            intro=d.get("intro") or "",
            population=d.get("population"),
            sample_rule=d["sample_rule"],
            margin=d["margin"],
            rule=d["rule"],
        )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("question"), max_length=500)
    kind = forms.ChoiceField(label=_("kind"), choices=Question.Kind.choices)
    choices = forms.CharField(
        label=_("choices (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    required = forms.BooleanField(label=_("an answer is required"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def to_input(self) -> QuestionInput:
        d = self.cleaned_data
        return QuestionInput(
            text=d["text"],
            kind=d["kind"],
            choices=(d.get("choices") or "").splitlines(),
            required=bool(d.get("required")),
        )


class PaperForm(forms.Form):
    file = forms.FileField(label=_("paper responses (XLSX or CSV)"))
