"""Online-service pages: thin views over selectors and services; the policy decides who sees what."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from pramoen.core.errors import ApplicationError
from pramoen.core.thai import fiscal_year_be
from pramoen.feeds.jobs import feed_import_start
from pramoen.feeds.selectors import recent_runs
from pramoen.feeds.services import selectors
from pramoen.feeds.services.catalogue import CATALOGUE
from pramoen.feeds.services.models import ServiceProcess, ServiceRecord
from pramoen.feeds.services.systems_views import can_see_any_bureau
from pramoen.feeds.services.tabular import table_response
from pramoen.framework.periods import (
    current_fiscal_year,
    parse_fiscal_year,
    parse_period,
    period_bounds,
    period_choices,
)
from pramoen.orgs.models import District
from pramoen.orgs.policy import Action, can, require, visible_agency_ids


def visible_district_office_ids(user: Any) -> frozenset[int] | None:
    """District offices whose service figures ``user`` may read; None means all of them."""
    ids = visible_agency_ids(user)
    if ids is None:
        return None
    return frozenset(District.objects.filter(office_id__in=ids).values_list("office_id", flat=True))


def can_see_any_district(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    ids = visible_district_office_ids(user)
    return ids is None or bool(ids)


def can_see_services(user: Any) -> bool:
    """The menu entry: district offices' BMA OSS figures or bureaus' and offices' systems' use."""
    return can_see_any_district(user) or can_see_any_bureau(user)


def latest_fiscal_year() -> int:
    last = ServiceRecord.objects.aggregate(m=Max("month"))["m"]
    return fiscal_year_be(last) if last else current_fiscal_year()


def _choice(request: HttpRequest) -> dict[str, Any]:
    fiscal_year = parse_fiscal_year(request.GET.get("fy"), latest_fiscal_year())
    period = parse_period(request.GET.get("period"))
    start, end = period_bounds(fiscal_year, period)
    periods = period_choices(fiscal_year)
    return {
        "fiscal_year": fiscal_year,
        "period": period,
        "start": start,
        "end": end,
        "periods": periods,
        "period_label": dict(periods)[period],
    }


OVERVIEW_COLUMNS = [
    "geocode", "district", "group", "online", "counter", "other", "total", "share_percent", "level", "score"
]  # fmt: skip


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    ids = visible_district_office_ids(request.user)
    if ids is not None and not ids:
        if can_see_any_bureau(request.user):  # a bureau or office: its 3.1 is the systems' use
            query = request.GET.urlencode()
            return redirect(reverse("services:systems") + (f"?{query}" if query else ""))
        raise PermissionDenied(
            _("Online-service figures are shown to district offices and those who review them.")
        )
    choice = _choice(request)
    criteria = selectors.criteria_for_period(choice["fiscal_year"], choice["period"])
    thresholds = criteria.thresholds if criteria else None
    rows = selectors.overview(start=choice["start"], end=choice["end"], criteria=criteria, agency_ids=ids)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return table_response(
            f"online-services-{choice['fiscal_year']}-{choice['period']}",
            fmt,
            OVERVIEW_COLUMNS,
            [
                [
                    r.district.code, r.district.name_th, r.district.group.name_th, r.figures.online,
                    r.figures.counter, r.figures.other, r.figures.total,
                    float(r.figures.share) if r.figures.share is not None else None, r.level,
                    float(r.score) if r.score is not None else None,
                ]
                for r in rows
            ],
        )  # fmt: skip
    chart = {
        "labels": [r.district.name for r in rows],
        "values": [float(r.figures.share) if r.figures.share is not None else None for r in rows],
        "colors": [r.district.group.color for r in rows],
        "t1": float(thresholds[0]) if thresholds else None,
    }
    return render(
        request,
        "services/overview.html",
        {
            **choice,
            "rows": rows,
            "thresholds": thresholds,
            "criteria": criteria,
            "chart": chart,
            "demo": selectors.has_demo_records(agency_ids=ids),
            "can_import": can(request.user, Action.MANAGE_FRAMEWORK),
            "can_see_systems": can_see_any_bureau(request.user),
        },
    )


def _district(request: HttpRequest, code: int) -> District:
    district = (
        District.objects.select_related("group", "office")
        .defer("boundary", "map_boundary")
        .filter(code=code)
        .first()
    )
    if district is None:
        raise Http404
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=district.office_id)
    return district


@require_GET
@login_required
def district_detail(request: HttpRequest, code: int) -> HttpResponse:
    district = _district(request, code)
    choice = _choice(request)
    agency_id = district.office_id
    figures = selectors.share_figures(agency_id=agency_id, start=choice["start"], end=choice["end"])
    criteria = selectors.criteria_for_period(choice["fiscal_year"], choice["period"])
    thresholds = criteria.thresholds if criteria else None
    trend = selectors.monthly_trend(agency_id=agency_id, fiscal_year=choice["fiscal_year"])
    in_period = [p for p in trend if choice["start"] <= p.month <= choice["end"] and p.figures.total]
    this_month = in_period[-1].month if in_period else choice["start"]
    gaps = []
    level = score = None
    if criteria is not None and figures.share is not None:
        score, level = criteria.score(figures.share)
        movable = selectors.movable_counter_applications(agency_id=agency_id, month=this_month)
        gaps = [
            g
            for g in selectors.level_gaps(
                figures=figures, thresholds=list(criteria.thresholds), movable_this_month=movable
            )
            if not g.reached
        ]
    chart = {
        "labels": [p.month.isoformat()[:7] for p in trend],
        "monthly": [float(p.figures.share) if p.figures.share is not None else None for p in trend],
        "cumulative": [
            float(p.cumulative.share) if p.cumulative.share is not None and p.figures.total else None
            for p in trend
        ],
        "t1": float(thresholds[0]) if thresholds else None,
    }
    return render(
        request,
        "services/district_detail.html",
        {
            **choice,
            "district": district,
            "figures": figures,
            "thresholds": thresholds,
            "criteria": criteria,
            "level": level,
            "score": score,
            "trend": trend,
            "chart": chart,
            "drivers": selectors.process_drivers(
                agency_id=agency_id, start=choice["start"], end=choice["end"]
            )[:15],
            "gaps": gaps,
            "this_month": this_month,
            "demo": selectors.has_demo_records(agency_ids=[agency_id]),
        },
    )


@require_GET
@login_required
def district_records(request: HttpRequest, code: int, fmt: str) -> HttpResponse:
    """Exactly the records the district's figure is computed from, as CSV or XLSX."""
    district = _district(request, code)
    choice = _choice(request)
    records = selectors.records_for_download(
        agency_id=district.office_id, start=choice["start"], end=choice["end"]
    )
    return table_response(
        f"online-services-{district.code}-{choice['fiscal_year']}-{choice['period']}",
        fmt,
        ["district", "process", "process_name", "month", "channel", "count", "import"],
        [
            [district.code, r.process.code, r.process.name_th, r.month.isoformat()[:7], r.channel, r.count,
             r.batch.file_name if r.batch else ""]
            for r in records
        ],
    )  # fmt: skip


TEMPLATE_ROWS = [
    ["1004", "ENV-03", "2566-10", "online", "12"],
    ["1004", "ENV-03", "2566-10", "counter", "30"],
    ["บางรัก", "REG-06", "2023-10", "counter", "410"],
]


@require_GET
@login_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    return table_response(
        "service-records-template", fmt, ["district", "process", "month", "channel", "count"], TEMPLATE_ROWS
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


@require_http_methods(["GET", "POST"])
@login_required
def import_records(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_FRAMEWORK)
    form = UploadForm(request.POST or None, request.FILES or None)
    error: ApplicationError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            job = feed_import_start(feed="services", upload=form.cleaned_data["file"], actor=request.user)
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("jobs:detail", pk=job.pk)
    status = 400 if error else 200
    return render(
        request,
        "services/import.html",
        {"form": form, "error": error, "imports": recent_runs("services")},
        status=status,
    )


@require_GET
@login_required
def process_list(request: HttpRequest) -> HttpResponse:
    processes = list(ServiceProcess.objects.all())
    return render(
        request,
        "services/process_list.html",
        {
            "processes": processes,
            "online_count": sum(1 for p in processes if p.online),
            "demo": any(p.is_demo for p in processes),
            "catalogue_size": len(CATALOGUE),
        },
    )


@require_GET
@login_required
def criteria(request: HttpRequest) -> HttpResponse:
    """KPI 3.1's criteria for every period of a fiscal year, read from the indicator (framework.criteria):
    the one source the scores, this feed's pages and the advice use.  Set in the framework workbook."""
    choice = _choice(request)
    rows = [
        (code, label, selectors.criteria_for_period(choice["fiscal_year"], code))
        for code, label in choice["periods"]
    ]
    return render(
        request,
        "services/criteria.html",
        {**choice, "rows": rows, "may_edit": can(request.user, Action.MANAGE_FRAMEWORK)},
    )
