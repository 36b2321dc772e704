"""API of the online-service feed: a district's figure with its trail, all districts, imports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.schema import many, obj
from pramoen.feeds.services import selectors, views

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "fy", OpenApiTypes.INT, description="fiscal year (BE); default: the latest with records"
    ),
    OpenApiParameter("period", OpenApiTypes.STR, enum=["FY", "H1", "H2", "Q1", "Q2", "Q3", "Q4"]),
]


T = serializers.CharField
Int = serializers.IntegerField
_FIGURES = {
    "online": Int(),
    "counter": Int(),
    "other": Int(),
    "total": Int(),
    "share": T(allow_null=True, help_text="%"),
}
DISTRICT_SCHEMA = obj(
    "ServicesDistrict",
    district=Int(),
    fiscal_year=Int(),
    period=T(),
    start=serializers.DateField(),
    end=serializers.DateField(),
    **_FIGURES,
    thresholds=serializers.ListField(
        child=T(), allow_null=True, help_text="KPI 3.1's criteria for the period"
    ),
    criteria_source=T(allow_null=True, help_text="year_end, period or plan_curve (framework.criteria)"),
    level=Int(allow_null=True),
    score=T(allow_null=True),
    trend=many(
        "ServicesMonth", month=T(help_text="YYYY-MM"), **_FIGURES, cumulative_share=T(allow_null=True)
    ),
    drivers=many(
        "ServicesProcess",
        process=T(),
        name_th=T(),
        online=Int(),
        total=Int(),
        share=T(allow_null=True),
        share_of_online=T(allow_null=True),
    ),
    gaps=many(
        "ServicesLevelGap",
        level=Int(),
        threshold=T(),
        more_online_applications=Int(),
        reached=serializers.BooleanField(),
        within_this_month=serializers.BooleanField(),
    ),
)
OVERVIEW_SCHEMA = obj(
    "ServicesOverview",
    fiscal_year=Int(),
    period=T(),
    districts=many(
        "ServicesOverviewDistrict",
        district=Int(),
        name_th=T(),
        group=Int(),
        **_FIGURES,
        level=Int(allow_null=True),
        score=T(allow_null=True),
    ),
)


def _num(value: Any) -> str | None:
    return None if value is None else str(value)


def _figures(f: selectors.ShareFigures) -> dict[str, Any]:
    return {
        "online": f.online,
        "counter": f.counter,
        "other": f.other,
        "total": f.total,
        "share": _num(f.share),
    }


class DistrictShareView(APIView):
    """One district's share online for a period, its monthly trend, the processes behind it and the gap
    to each level (district staff, its committee, evaluation office, executives)."""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: DISTRICT_SCHEMA})
    def get(self, request: Request, code: int) -> Response:
        district = views._district(request, code)  # 404 / 403 by the policy
        choice = views._choice(request)
        agency_id = district.office_id
        figures = selectors.share_figures(agency_id=agency_id, start=choice["start"], end=choice["end"])
        criteria = selectors.criteria_for_period(choice["fiscal_year"], choice["period"])
        share = figures.share
        score, level = criteria.score(share) if criteria and share is not None else (None, None)
        trend = selectors.monthly_trend(agency_id=agency_id, fiscal_year=choice["fiscal_year"])
        last = [p.month for p in trend if choice["start"] <= p.month <= choice["end"] and p.figures.total]
        movable = selectors.movable_counter_applications(agency_id=agency_id, month=last[-1]) if last else 0
        gaps = (
            selectors.level_gaps(
                figures=figures, thresholds=list(criteria.thresholds), movable_this_month=movable
            )
            if criteria
            else []
        )
        return Response(
            {
                "district": district.code,
                "fiscal_year": choice["fiscal_year"],
                "period": choice["period"],
                "start": choice["start"],
                "end": choice["end"],
                **_figures(figures),
                "thresholds": [str(t) for t in criteria.thresholds] if criteria else None,
                "criteria_source": criteria.source if criteria else None,
                "level": level,
                "score": _num(score),
                "trend": [
                    {
                        "month": p.month.isoformat()[:7],
                        **_figures(p.figures),
                        "cumulative_share": _num(p.cumulative.share),
                    }
                    for p in trend
                ],
                "drivers": [
                    {
                        "process": r.process.code,
                        "name_th": r.process.name_th,
                        "online": r.online,
                        "total": r.total,
                        "share": _num(r.share),
                        "share_of_online": _num(r.share_of_online),
                    }
                    for r in selectors.process_drivers(
                        agency_id=agency_id, start=choice["start"], end=choice["end"]
                    )
                ],
                "gaps": [
                    {
                        "level": g.level,
                        "threshold": str(g.threshold),
                        "more_online_applications": g.needed,
                        "reached": g.reached,
                        "within_this_month": g.within_this_month,
                    }
                    for g in gaps
                ],
            }
        )


class OverviewView(APIView):
    """Every district the caller may see, side by side."""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: OVERVIEW_SCHEMA})
    def get(self, request: Request) -> Response:
        ids = views.visible_district_office_ids(request.user)
        if ids is not None and not ids:
            raise PermissionDenied
        choice = views._choice(request)
        criteria = selectors.criteria_for_period(choice["fiscal_year"], choice["period"])
        rows = selectors.overview(start=choice["start"], end=choice["end"], criteria=criteria, agency_ids=ids)
        return Response(
            {
                "fiscal_year": choice["fiscal_year"],
                "period": choice["period"],
                "districts": [
                    {
                        "district": r.district.code,
                        "name_th": r.district.name_th,
                        "group": r.district.group.code,
                        **_figures(r.figures),
                        "level": r.level,
                        "score": _num(r.score),
                    }
                    for r in rows
                ],
            }
        )
