"""Evaluation rounds API: read by anyone signed in; moved on or set by the evaluation office."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.errors import ApplicationError
from pramoen.framework import selectors
from pramoen.framework.models import EvaluationRound, FiscalYear
from pramoen.framework.services import round_advance, round_set


class EvaluationRoundSerializer(serializers.Serializer[EvaluationRound]):
    fiscal_year = serializers.IntegerField(source="fiscal_year.year")
    period = serializers.CharField(source="period.code", help_text="H1 or H2")
    period_name_th = serializers.CharField(source="period.name_th")
    state = serializers.ChoiceField(choices=EvaluationRound.State.choices)
    state_th = serializers.SerializerMethodField()
    is_current = serializers.BooleanField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)

    def get_state_th(self, obj: EvaluationRound) -> str:
        from django.utils import translation

        with translation.override("th"):
            return str(obj.get_state_display())


class YearEvaluationRoundsSerializer(serializers.Serializer[Any]):
    fiscal_year = serializers.IntegerField()
    closed_at = serializers.DateTimeField(allow_null=True, help_text="set once the year is closed")
    current = EvaluationRoundSerializer(allow_null=True)
    rounds = EvaluationRoundSerializer(many=True)


class RoundAdvanceRequestSerializer(serializers.Serializer[Any]):
    fiscal_year = serializers.IntegerField(min_value=2500, max_value=2700)


class RoundSetRequestSerializer(RoundAdvanceRequestSerializer):
    period = serializers.ChoiceField(choices=list(selectors.ROUND_PERIOD_CODES))
    state = serializers.ChoiceField(choices=EvaluationRound.State.choices)


def _year(fy: FiscalYear) -> dict[str, Any]:
    return {
        "fiscal_year": fy.year,
        "closed_at": fy.closed_at,
        "current": selectors.current_round(fy.year),
        "rounds": selectors.year_rounds(fy.year),
    }


def _fiscal_year(value: Any) -> FiscalYear:
    fy = FiscalYear.objects.filter(year=value).first() if str(value).isdigit() else None
    if fy is None:
        raise ApplicationError(_("No such fiscal year."), {"field": "fiscal_year", "value": value})
    return fy


class RoundListView(APIView):
    """Every fiscal year's rounds, where each stands and which is current (``?fiscal_year=`` for one)."""

    @extend_schema(
        parameters=[OpenApiParameter("fiscal_year", OpenApiTypes.INT, description="BE, e.g. 2567")],
        responses={200: YearEvaluationRoundsSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        years = FiscalYear.objects.order_by("-year")
        wanted = request.query_params.get("fiscal_year")
        if wanted:
            years = years.filter(pk=_fiscal_year(wanted).pk)
        return Response(YearEvaluationRoundsSerializer([_year(fy) for fy in years], many=True).data)


class RoundAdvanceView(APIView):
    """The evaluation office moves a year one step on (H1 open → H1 closed → H1 published → H2 open → …)."""

    @extend_schema(request=RoundAdvanceRequestSerializer, responses={200: YearEvaluationRoundsSerializer})
    def post(self, request: Request) -> Response:
        data = RoundAdvanceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fy = round_advance(actor=request.user, fiscal_year=data.validated_data["fiscal_year"])
        return Response(YearEvaluationRoundsSerializer(_year(fy)).data)


class RoundSetView(APIView):
    """The evaluation office makes a half-year the current round in a given state."""

    @extend_schema(request=RoundSetRequestSerializer, responses={200: YearEvaluationRoundsSerializer})
    def post(self, request: Request) -> Response:
        data = RoundSetRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = round_set(
            actor=request.user,
            fiscal_year=data.validated_data["fiscal_year"],
            period_code=data.validated_data["period"],
            state=data.validated_data["state"],
        )
        return Response(YearEvaluationRoundsSerializer(_year(found.fiscal_year)).data)
