"""Drafting a round or one committee's sheet from the data, and the secretary's decisions on the drafts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pramoen.core.errors import ApplicationError
from pramoen.monitoring import draft_review as draft
from pramoen.monitoring.models import Observation, Obstacle, Sheet
from pramoen.monitoring.views.common import get_round, get_sheet, posted_version
from pramoen.orgs.policy import Action, can

_KINDS: dict[str, Any] = {"obstacle": Obstacle, "observation": Observation}


@require_POST
@login_required
def round_draft(request: HttpRequest, year: int, period: str) -> HttpResponse:
    rnd = get_round(year, period)
    if not can(request.user, Action.MANAGE_FRAMEWORK):
        raise PermissionDenied(_("Only evaluation officers draft a whole round."))
    try:
        job = draft.start_draft(
            actor=request.user, fiscal_year=rnd.fiscal_year, period=rnd.period, committees=None
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("monitoring:round", rnd.fiscal_year, rnd.period)
    messages.success(request, _("The draft has started; this page follows it."))
    return redirect("jobs:detail", job.pk)


@require_POST
@login_required
def sheet_draft(request: HttpRequest, year: int, period: str, number: int) -> HttpResponse:
    sheet = get_sheet(year, period, number)
    if not can(request.user, Action.RECORD_MONITORING, committee=sheet.committee_id):
        raise PermissionDenied(_("You may not change this committee's records."))
    try:
        job = draft.start_draft(
            actor=request.user,
            fiscal_year=sheet.round.fiscal_year,
            period=sheet.round.period,
            committees=[number],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("monitoring:sheet", year, period.upper(), number)
    messages.success(request, _("The draft has started; this page follows it."))
    return redirect("jobs:detail", job.pk)


@require_POST
@login_required
def draft_decide(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = _KINDS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model.every.select_related("sheet__round", "sheet__committee"), pk=pk)
    sheet = item.sheet
    try:
        draft.draft_decide(
            actor=request.user,
            item=item,
            accept=request.POST.get("decision") == "accept",
            expected_version=posted_version(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("monitoring:sheet", sheet.round.fiscal_year, sheet.round.period, sheet.committee.number)


@require_POST
@login_required
def summary_save(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = get_object_or_404(Sheet.objects.select_related("round", "committee"), pk=sheet_id)
    try:
        draft.summary_save(
            actor=request.user,
            sheet=sheet,
            text=request.POST.get("summary", ""),
            expected_version=posted_version(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Summary saved."))
    return redirect("monitoring:sheet", sheet.round.fiscal_year, sheet.round.period, sheet.committee.number)
