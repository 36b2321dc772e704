"""Score API: the trail of one score and an agency's scorecard, under the same rules as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.inputs import parse_int
from pramoen.core.schema import JsonMapField, many, obj
from pramoen.framework.models import FiscalYear, Period
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require
from pramoen.scoring import selectors
from pramoen.scoring.models import ScoreResult

T = serializers.CharField
TRAIL_SCHEMA = obj(
    "ScoreTrail",
    id=serializers.IntegerField(),
    agency=obj("ScoreTrailAgency", code=T(), name_th=T()),
    indicator=obj(
        "ScoreTrailIndicator",
        code=T(),
        name_th=T(),
        name_en=T(),
        unit=T(),
        component=T(),
        joint=serializers.BooleanField(),
    ),
    fiscal_year=serializers.IntegerField(),
    period=T(),
    status=T(),
    actual=T(allow_null=True),
    target=T(allow_null=True),
    level=serializers.IntegerField(allow_null=True),
    score=T(allow_null=True),
    percent_of_max=T(allow_null=True),
    method=T(),
    criteria=obj(
        "ScoreCriteria",
        thresholds=serializers.ListField(child=T()),
        higher_is_better=serializers.BooleanField(),
        floor=T(),
        source=T(
            help_text="where the thresholds came from: year_end, period or plan_curve (framework.criteria)"
        ),
        source_label=T(help_text="the same, in words, in the active language"),
        demo=serializers.BooleanField(help_text="the period's criteria or plan curve are demo values"),
    ),
    inputs=JsonMapField(help_text="the method's own inputs"),
    exclusions=JsonMapField(help_text="what the method left out, and why"),
    lines=many(
        "ScoreTrailLine",
        label=T(),
        value=T(help_text="written in the request's language: separators, BE dates, %, baht"),
        link=T(help_text="the page listing the records behind the figure, or empty"),
    ),
    left_out=many(
        "ScoreTrailLeftOut",
        label=T(help_text="the reason"),
        value=T(help_text="how many, and their figures"),
        link=T(help_text="the page listing the records left out, or empty"),
    ),
    appeals=many(
        "ScoreAppeal",
        reference=T(),
        kind=T(),
        summary=T(),
        decided_by=T(allow_null=True),
        decided_at=T(allow_null=True),
    ),
    verified_by=T(allow_null=True),
    verified_at=serializers.DateTimeField(allow_null=True),
    computed_at=serializers.DateTimeField(),
    explanation_th=serializers.ListField(child=T(), help_text="the steps in plain Thai"),
)
CARD_SCHEMA = obj(
    "Scorecard",
    agency=T(),
    fiscal_year=serializers.IntegerField(),
    period=T(),
    overall=T(allow_null=True),
    percent_of_max=T(allow_null=True),
    trend_periods=serializers.ListField(child=T()),
    overall_trend=serializers.ListField(child=T(allow_null=True)),
    components=many(
        "ScorecardComponent",
        # every component the agency has indicators in, each followed by its sub-components
        code=T(),
        name_th=T(),
        parent=T(allow_null=True, help_text="the component a sub-component belongs to; null for a component"),
        weight=T(help_text="share of the overall score, or a sub-component's share within its parent"),
        weight_is_demo=serializers.BooleanField(help_text="the weight is a placeholder of the demo"),
        score=T(allow_null=True),
        weight_scored=T(allow_null=True),
        weight_total=T(allow_null=True),
        indicators=many(
            "ScorecardIndicator",
            code=T(),
            name_th=T(),
            weight=T(allow_null=True),
            target=T(allow_null=True),
            actual=T(allow_null=True),
            level=serializers.IntegerField(allow_null=True),
            score=T(allow_null=True),
            status=T(),
            light=T(allow_null=True),
            trend=serializers.ListField(child=T(allow_null=True)),
            score_id=serializers.IntegerField(allow_null=True),
        ),
    ),
)


class ScoreTrailView(APIView):
    """How one score was reached: inputs, method, criteria, exclusions, who verified it, in plain Thai."""

    @extend_schema(responses={200: TRAIL_SCHEMA})
    def get(self, request: Request, pk: int) -> Response:
        try:
            result = selectors.score_detail(pk=pk)
        except ScoreResult.DoesNotExist as exc:
            raise Http404 from exc
        require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=result.assignment.agency_id)
        return Response(selectors.score_trail(result, selectors.score_verification(result)))


class ScorecardView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("fiscal_year", OpenApiTypes.INT),
            OpenApiParameter("period", OpenApiTypes.STR),
        ],
        responses={200: CARD_SCHEMA},
    )
    def get(self, request: Request, code: str) -> Response:
        try:
            agency = Agency.objects.get(code=code)
        except Agency.DoesNotExist as exc:
            raise Http404 from exc
        require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=agency)
        year = parse_int(
            request.query_params.get("fiscal_year"),
            field="fiscal_year",
            label=_("fiscal year"),
            default=0,
            maximum=9999,
        )
        fy = FiscalYear.objects.filter(year=year).first() or selectors.default_fiscal_year()
        if fy is None:
            raise Http404
        code_ = request.query_params.get("period")
        period = (
            Period.objects.filter(fiscal_year=fy, code=code_).first()
            if code_
            else selectors.default_period(fy)
        )
        if period is None:
            raise Http404
        card = selectors.scorecard(agency=agency, fiscal_year=fy, period=period)
        return Response(_card_json(card))


def _d(value: Any) -> str | None:
    return None if value is None else str(value)


def _card_json(card: selectors.Scorecard) -> dict[str, Any]:
    return {
        "agency": card.agency.code,
        "fiscal_year": card.fiscal_year.year,
        "period": card.period.code,
        "overall": _d(card.overall),
        "percent_of_max": _d(card.percent),
        "trend_periods": [p.code for p in card.trend_periods],
        "overall_trend": [_d(s) for s in card.overall_trend],
        "components": [
            {
                "code": c.component.code,
                "name_th": c.component.name_th,
                "parent": c.component.parent.code if c.component.parent else None,
                "weight": _d(c.component.weight),
                "weight_is_demo": c.component.weight_is_demo,
                "score": _d(c.score),
                "weight_scored": _d(c.weight_scored),
                "weight_total": _d(c.weight_total),
                "indicators": [
                    {
                        "code": line.indicator.code,
                        "name_th": line.indicator.name_th,
                        "weight": _d(line.assignment.weight),
                        "target": _d(line.result.target if line.result else None),
                        "actual": _d(line.result.actual if line.result else None),
                        "level": line.result.level if line.result else None,
                        "score": _d(line.result.score if line.result else None),
                        "status": line.result.status if line.result else "no_data",
                        "light": line.light,
                        "trend": [_d(s) for s in line.trend],
                        "score_id": line.result.pk if line.result else None,
                    }
                    for line in c.lines
                ],
            }
            for top in card.components
            for c in [top, *top.children]
        ],
    }
