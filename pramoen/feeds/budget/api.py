"""API of the budget feed: an agency's figure with lines, quarters, projection and stuck procurement;
all agencies side by side; imports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.schema import many, obj
from pramoen.feeds.budget import selectors, views
from pramoen.orgs.policy import visible_agency_ids

PARAMETERS = [
    OpenApiParameter("fy", OpenApiTypes.INT, description="fiscal year (BE); default: the latest with lines"),
    OpenApiParameter("period", OpenApiTypes.STR, enum=["FY", "H1", "H2", "Q1", "Q2", "Q3", "Q4"]),
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="overrides the period end"),
]


T = serializers.CharField
MONEY = "baht as a decimal string"
_FIGURE = {
    "approved": T(allow_null=True, help_text=MONEY),
    "transfer_in": T(allow_null=True, help_text=MONEY),
    "transfer_out": T(allow_null=True, help_text=MONEY),
    "budget_after_transfers": T(allow_null=True, help_text=MONEY),
    "committed": T(allow_null=True, help_text=MONEY),
    "disbursed": T(allow_null=True, help_text=MONEY),
    "percent": T(allow_null=True, help_text="disbursed / budget after transfers, %"),
}
PROJECTION = obj(
    "BudgetProjection",
    planned_now=T(allow_null=True, help_text="the plan's cumulative share (%) on the as-of date"),
    pace=T(allow_null=True),
    year_end=T(allow_null=True),
    behind=serializers.BooleanField(),
)
AGENCY_SCHEMA = obj(
    "BudgetAgency",
    agency=T(),
    fiscal_year=serializers.IntegerField(),
    as_of=serializers.DateField(),
    **_FIGURE,
    thresholds=serializers.ListField(
        child=T(), allow_null=True, help_text="KPI 3.2's criteria for the period"
    ),
    criteria_source=T(allow_null=True, help_text="year_end, period or plan_curve (framework.criteria)"),
    plan_source=T(
        help_text="plan_curve: the indicator's cumulative plan; straight_line: none (0 to 100 % in a year)"
    ),
    level=serializers.IntegerField(allow_null=True),
    score=T(allow_null=True),
    projection=PROJECTION,
    quarters=many(
        "BudgetQuarter",
        quarter=serializers.IntegerField(),
        end=serializers.DateField(),
        planned=T(allow_null=True, help_text="the plan's cumulative share (%) at the quarter end"),
        actual=T(allow_null=True),
    ),
    lines=many(
        "BudgetLine",
        line=T(),
        name=T(),
        budget_type=T(),
        source=T(),
        welfare=serializers.BooleanField(),
        approved=T(allow_null=True, help_text=MONEY),
        transfer_in=T(allow_null=True, help_text=MONEY),
        transfer_out=T(allow_null=True, help_text=MONEY),
        committed=T(allow_null=True, help_text=MONEY),
        disbursed=T(allow_null=True, help_text=MONEY),
        excluded=T(allow_null=True, help_text="the reason the KPI leaves the line out"),
    ),
    stuck_in_procurement=many(
        "BudgetStuckLine",
        line=T(),
        name=T(),
        events=many("ProcurementEvent", date=serializers.DateField(), event=T(), ref=T(), note=T()),
    ),
)
OVERVIEW_SCHEMA = obj(
    "BudgetOverview",
    fiscal_year=serializers.IntegerField(),
    as_of=serializers.DateField(),
    agencies=many(
        "BudgetOverviewAgency",
        agency=T(),
        name_th=T(),
        **_FIGURE,
        projection=PROJECTION,
        level=serializers.IntegerField(allow_null=True),
        score=T(allow_null=True),
    ),
)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _figure(f: selectors.Disbursement) -> dict[str, Any]:
    return {
        "approved": _num(f.approved),
        "transfer_in": _num(f.transfer_in),
        "transfer_out": _num(f.transfer_out),
        "budget_after_transfers": _num(f.base),
        "committed": _num(f.committed),
        "disbursed": _num(f.disbursed),
        "percent": _num(f.percent),
    }


def _projection(p: selectors.Projection) -> dict[str, Any]:
    return {
        "planned_now": _num(p.planned_now),
        "pace": _num(p.pace),
        "year_end": _num(p.year_end),
        "behind": p.behind,
    }


class AgencyDisbursementView(APIView):
    """One agency's disbursement (its staff, its committee, evaluation office, executives)."""

    @extend_schema(parameters=PARAMETERS, responses={200: AGENCY_SCHEMA})
    def get(self, request: Request, code: str) -> Response:
        agency = views._agency(request, code)
        choice = views._choice(request)
        rules, plan, as_of = choice["rules"], choice["plan"], choice["as_of"]
        figure = selectors.disbursement(
            agency_id=agency.pk, fiscal_year=choice["fiscal_year"], as_of=as_of, rules=rules
        )
        actual = figure.percent
        criteria = choice["criteria"]
        score, level = criteria.score(actual) if criteria and actual is not None else (None, None)
        return Response(
            {
                "agency": agency.code,
                "fiscal_year": choice["fiscal_year"],
                "as_of": as_of,
                **_figure(figure),
                "thresholds": [str(t) for t in criteria.thresholds] if criteria else None,
                "criteria_source": criteria.source if criteria else None,
                "plan_source": "plan_curve" if plan.curve.from_indicator else "straight_line",
                "level": level,
                "score": _num(score),
                "projection": _projection(selectors.projection(actual=actual, plan=plan, as_of=as_of)),
                "quarters": [
                    {"quarter": q.quarter, "end": q.end, "planned": _num(q.planned), "actual": _num(q.actual)}
                    for q in selectors.quarter_table(agency_id=agency.pk, rules=rules, plan=plan, as_of=as_of)
                ],
                "lines": [
                    {
                        "line": f.line.code,
                        "name": f.line.name,
                        "budget_type": f.line.budget_type,
                        "source": f.line.source,
                        "welfare": f.line.welfare,
                        "approved": _num(f.line.approved),
                        "transfer_in": _num(f.transfer_in),
                        "transfer_out": _num(f.transfer_out),
                        "committed": _num(f.committed),
                        "disbursed": _num(f.disbursed),
                        "excluded": f.excluded,
                    }
                    for f in figure.lines
                ],
                "stuck_in_procurement": [
                    {
                        "line": line.code,
                        "name": line.name,
                        "events": [
                            {"date": e.date, "event": e.kind, "ref": e.ref, "note": e.note}
                            for e in getattr(line, "events_so_far", [])
                        ],
                    }
                    for line in selectors.stuck_in_procurement(
                        agency_id=agency.pk, fiscal_year=choice["fiscal_year"], as_of=as_of
                    )
                ],
            }
        )


class OverviewView(APIView):
    """Every agency the caller may see, side by side."""

    @extend_schema(parameters=PARAMETERS, responses={200: OVERVIEW_SCHEMA})
    def get(self, request: Request) -> Response:
        ids = visible_agency_ids(request.user)
        if ids is not None and not ids:
            raise PermissionDenied
        choice = views._choice(request)
        rows = selectors.overview(
            fiscal_year=choice["fiscal_year"],
            as_of=choice["as_of"],
            criteria=choice["criteria"],
            agency_ids=ids,
            plan=choice["plan"],
        )
        return Response(
            {
                "fiscal_year": choice["fiscal_year"],
                "as_of": choice["as_of"],
                "agencies": [
                    {
                        "agency": r.agency.code,
                        "name_th": r.agency.name_th,
                        **_figure(r.figure),
                        "projection": _projection(r.projection),
                        "level": r.level,
                        "score": _num(r.score),
                    }
                    for r in rows
                ],
            }
        )
