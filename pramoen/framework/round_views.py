"""The evaluation rounds page: where each year stands, and (evaluation office) moving it on."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.framework import selectors
from pramoen.framework.models import EvaluationRound, FiscalYear
from pramoen.framework.services import round_advance, round_set
from pramoen.orgs.policy import Action, can, require


class SetForm(forms.Form):
    fiscal_year = forms.IntegerField(min_value=2500, max_value=2700)
    period = forms.ChoiceField(
        label=gettext_lazy("Round"), choices=[(c, c) for c in selectors.ROUND_PERIOD_CODES]
    )
    state = forms.ChoiceField(label=gettext_lazy("State"), choices=EvaluationRound.State.choices)


@require_GET
@login_required
def rounds_page(request: HttpRequest) -> HttpResponse:
    """Anyone signed in reads where the rounds stand; only the evaluation office changes them."""
    years = []
    for fy in FiscalYear.objects.order_by("-year"):
        step, following = selectors.current_step(fy), selectors.next_step(fy)
        years.append(
            {
                "fy": fy,
                "rounds": selectors.year_rounds(fy.year),
                "step": step.label(fy) if step else None,
                "next": following.label(fy) if following else None,
                "half_years": list(fy.periods.filter(code__in=selectors.ROUND_PERIOD_CODES)),
            }
        )
    return render(
        request,
        "framework/rounds.html",
        {
            "years": years,
            "states": EvaluationRound.State.choices,
            "may_manage": can(request.user, Action.MANAGE_FRAMEWORK),
        },
    )


@require_POST
@login_required
def rounds_advance(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_FRAMEWORK)
    year = request.POST.get("fiscal_year", "")
    try:
        if not year.isdigit():
            raise ApplicationError(_("Choose a fiscal year."), {"field": "fiscal_year"})
        fy = round_advance(actor=request.user, fiscal_year=int(year))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        step = selectors.current_step(fy)
        messages.success(
            request,
            _("FY %(year)s is now at: %(step)s.")
            % {"year": fy.year, "step": step.label(fy) if step else "–"},
        )
    return redirect("framework-rounds")


@require_POST
@login_required
def rounds_set(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_FRAMEWORK)
    form = SetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a fiscal year, a round and a state."))
        return redirect("framework-rounds")
    data = form.cleaned_data
    try:
        found = round_set(
            actor=request.user,
            fiscal_year=data["fiscal_year"],
            period_code=data["period"],
            state=data["state"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("FY %(year)s: the current round is %(period)s, %(state)s.")
            % {
                "year": found.fiscal_year.year,
                "period": found.period.name,
                "state": found.get_state_display(),
            },
        )
    return redirect("framework-rounds")
