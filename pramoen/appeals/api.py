"""Appeals API (read): the published rules of a year, so agencies can read them before filing, and the
cases the caller may read.  Filing and deciding happen in the web pages."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.appeals import selectors
from pramoen.appeals.models import AppealCase, AppealCategory
from pramoen.core.schema import JsonMapField, many, obj


def category_json(c: AppealCategory) -> dict[str, Any]:
    return {
        "code": c.code,
        "effect": c.effect,
        "name_th": c.name_th,
        "name_en": c.name_en,
        "eligibility_th": c.eligibility_th,
        "eligibility_en": c.eligibility_en,
        "required_documents": c.required_documents,
        "component": c.component.code if c.component else None,
        "opens_on": c.opens_on.isoformat(),
        "closes_on": c.closes_on.isoformat(),
        "decider": c.decider,
        "published": c.published_at is not None,
    }


def case_json(case: AppealCase) -> dict[str, Any]:
    return {
        "number": case.number,
        "fiscal_year": case.category.fiscal_year.year,
        "category": case.category.code,
        "agency": case.agency.code,
        "indicator": case.assignment.indicator.code,
        "component": case.assignment.indicator.component.code,
        "period": case.period.code if case.period else None,
        "status": case.status,
        "reason": case.reason,
        "requested_value": None if case.requested_value is None else str(case.requested_value),
        "approved_value": None if case.approved_value is None else str(case.approved_value),
        "items": [{"kind": i.kind, "id": i.ref, "decision": i.decision} for i in case.items.all()],
        "decision_reason": case.decision_reason,
        "decided_by": case.decided_by.get_username() if case.decided_by else None,
        "decided_at": case.decided_at.isoformat() if case.decided_at else None,
        "scores_before": case.scores_before,
        "scores_after": case.scores_after,
    }


C = serializers.CharField
CATEGORY = obj(
    "AppealCategory",
    code=C(),
    effect=C(),
    name_th=C(),
    name_en=C(),
    eligibility_th=C(),
    eligibility_en=C(),
    required_documents=many("AppealRequiredDocument", code=C(), name_th=C(), name_en=C()),
    component=C(allow_null=True),
    opens_on=serializers.DateField(),
    closes_on=serializers.DateField(),
    decider=C(),
    published=serializers.BooleanField(),
)
RULES = obj(
    "AppealRules",
    fiscal_year=serializers.IntegerField(allow_null=True),
    categories=CATEGORY.__class__(many=True),
)


def _scores() -> JsonMapField:
    return JsonMapField(allow_null=True, help_text="the affected scores, by score id")


CASE = obj(
    "AppealCase",
    number=C(),
    fiscal_year=serializers.IntegerField(),
    category=C(),
    agency=C(),
    indicator=C(),
    component=C(),
    period=C(allow_null=True),
    status=C(),
    reason=C(),
    requested_value=C(allow_null=True),
    approved_value=C(allow_null=True),
    items=many("AppealItem", kind=C(), id=C(), decision=C()),
    decision_reason=C(),
    decided_by=C(allow_null=True),
    decided_at=serializers.DateTimeField(allow_null=True),
    scores_before=_scores(),
    scores_after=_scores(),
)
_FY = OpenApiParameter("fy", OpenApiTypes.INT, description="fiscal year (BE); the latest when omitted")


class RulesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[_FY],
        responses=RULES,
        summary="Appeal rules of a fiscal year",
        operation_id="appeals_rules",
    )
    def get(self, request: Request) -> Response:
        fy = selectors.fiscal_year_or_latest(request.query_params.get("fy"))
        if fy is None:
            return Response({"fiscal_year": None, "categories": []})
        rows = selectors.categories(user=request.user, fiscal_year=fy)
        return Response({"fiscal_year": fy.year, "categories": [category_json(c) for c in rows]})


class CaseListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            _FY,
            OpenApiParameter("agency", OpenApiTypes.STR),
            OpenApiParameter("category", OpenApiTypes.STR),
            OpenApiParameter("status", OpenApiTypes.STR),
            OpenApiParameter("component", OpenApiTypes.STR),
        ],
        responses=obj("AppealCaseList", results=CASE.__class__(many=True)),
        summary="Appeals the caller may read",
        operation_id="appeals_list",
    )
    def get(self, request: Request) -> Response:
        filters = selectors.RegisterFilters.from_query(request.query_params)
        cases = selectors.register(user=request.user, filters=filters).prefetch_related("items")
        return Response({"results": [case_json(c) for c in cases]})


class CaseDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CASE, summary="One appeal", operation_id="appeals_case")
    def get(self, request: Request, number: str) -> Response:
        return Response(case_json(get_object_or_404(selectors.visible_cases(request.user), number=number)))
