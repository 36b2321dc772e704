"""Home pages per role and the audit log page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pramoen.core import navigation
from pramoen.dashboards import selectors, work
from pramoen.orgs.policy import Action, require


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    office = work.office_round(request.user)
    return render(
        request,
        "dashboards/home.html",
        {
            "home": selectors.home_for(request.user),
            "work": work.my_work(request.user),
            "office": office,
            "executive": work.executive_home(request.user),
            "imports": work.latest_imports() if office else [],
            "states": work.state_labels(),
            "home_sections": navigation.home_sections_for(request.user),
        },
    )


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_AUDIT)
    model = request.GET.get("model") or ""
    actor = (request.GET.get("actor") or "").strip()
    entries = selectors.audit_entries(model=model or None, actor=actor or None)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/audit_log.html",
        {"page": page, "model": model, "actor": actor, "models": selectors.audited_model_labels()},
    )
