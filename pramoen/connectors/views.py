"""The connectors page: each connector's settings, schedule (pause / resume), last pulls, pull now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pramoen.connectors import schedule, services
from pramoen.connectors.base import all_connectors
from pramoen.connectors.models import ConnectorState, Pull
from pramoen.core.errors import ApplicationError
from pramoen.orgs.policy import Action, can


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.MANAGE_FRAMEWORK):
        raise PermissionDenied(_("Only the evaluation office manages the data connectors."))
    states = {s.key: s for s in ConnectorState.objects.all()}
    rows = [
        {
            "connector": c,
            "state": states.get(c.key),
            "paused": services.connector_paused(c),
            "settings": c.describe(),
            "pulls": list(Pull.objects.filter(connector=c.key)[:10]),
        }
        for c in all_connectors()
    ]
    return render(request, "connectors/home.html", {"rows": rows})


@login_required
@require_POST
def pull_now(request: HttpRequest, key: str) -> HttpResponse:
    try:
        job = schedule.pull_now(actor=request.user, key=key)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("connectors:home")
    messages.success(request, _("The pull is queued; its progress is shown here."))
    return redirect("jobs:detail", job.pk)


@login_required
@require_POST
def pause(request: HttpRequest, key: str) -> HttpResponse:
    paused = request.POST.get("paused") == "1"
    try:
        paused = services.connector_pause(actor=request.user, key=key, paused=paused)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The schedule is paused.") if paused else _("The schedule is running again.")
        )
    return redirect("connectors:home")
