"""The executive overview: one page, cached on the data generation, every number one tap from its
scorecard and two from how it was made."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pramoen.core import generation
from pramoen.framework.models import Period
from pramoen.insights import selectors
from pramoen.insights.forecast import Line
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require
from pramoen.scoring.selectors import default_period, fiscal_years

HEAT_ROWS = 15  # rows shown before "show all"


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_ALL)
    years = fiscal_years()
    wanted = request.GET.get("fy", "")
    fy = years.filter(year=wanted).first() if wanted.isdigit() else years.first()
    if fy is None:
        raise Http404(_("No fiscal year has been set up yet."))
    code = request.GET.get("period", "")
    period = Period.objects.filter(fiscal_year=fy, code=code).first() if code else None
    period = period or default_period(fy)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Agency.Kind.values else ""
    group_text = request.GET.get("group", "")
    group = int(group_text) if group_text.isdigit() else None
    choices = generation.cached(
        f"overview:choices:{kind}:{group}", lambda: selectors.agency_choices(kind, group)
    )
    agency = request.GET.get("agency", "")
    agency = agency if any(code == agency for code, _th, _en in choices) else ""
    name = selectors.overview_name(fy.year, period.code, kind, group, agency)
    data, token = selectors.cached_overview(
        fiscal_year=fy, period=period, kind=kind, group=group, agency=agency
    )
    chosen = {"fy": fy.year, "period": period.code, "kind": kind, "group": group or "", "agency": agency}
    indicator = request.GET.get("indicator", "")
    mode, lines = "", list[Line]()
    if data.forecast is not None:
        mode, lines = data.forecast.shown(one_agency=bool(agency), indicator=indicator)
    return render(
        request,
        "insights/overview.html",
        {
            "o": data,
            "fy": fy,
            "period": period,
            "years": years,
            "periods": fy.periods.order_by("end", "start"),
            "kinds": Agency.Kind.choices,
            "kind": kind,
            "groups": selectors.district_groups(),
            "group": group,
            "agencies": choices,
            "agency": agency,
            # the tables are rendered once per generation and filters: the generation of ``data``, which is
            # the one before while another request builds the current one
            "fragment_key": f"{token}:{name}:{indicator if mode == 'indicator' else ''}",
            "filter_query": urlencode({k: v for k, v in chosen.items() if v}),
            "proj_mode": mode,
            "proj_lines": lines,
            "proj_indicator": indicator,
            "heat_rows": HEAT_ROWS,
            # hundreds of links to scorecards: one reversed prefix instead of a {% url %} per cell
            "card_prefix": reverse("scorecard", args=["CODE"]).removesuffix("CODE/"),
            "card_query": f"?fy={data.year}&period={data.period_code}",
            "map_json": json.dumps(data.district_scores),
            "trend_json": json.dumps([[n, float(v) if v is not None else None] for n, v in data.trend]),
        },
    )
