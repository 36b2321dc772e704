"""Innovations API: list (filters and Thai search as on the page), create, read one; a fiscal year's
criteria (read by anyone signed in, replaced by the host's head or the evaluation office)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import parse_int
from pramoen.core.schema import obj
from pramoen.innovations import selectors, services
from pramoen.innovations.models import Innovation
from pramoen.orgs.models import Agency


def innovation_json(i: Innovation) -> dict[str, Any]:
    assessment = getattr(i, "assessment", None)
    return {
        "id": i.pk,
        "agency": i.agency.code,
        "fiscal_year": i.fiscal_year,
        "title": i.title,
        "problem": i.problem,
        "solution": i.solution,
        "results": i.results,
        "status": i.status,
        "category": i.category,
        "kind": i.kind,
        "adopted_from": i.adopted_from_id,
        "adoptable_by": i.adoptable_by,
        "state": i.state,
        "group": i.group.name if i.group else None,
        "level": None if assessment is None else str(assessment.level),
        "scored": assessment is not None and assessment.scored_at is not None,
    }


T = serializers.CharField
INNOVATION = obj(
    "Innovation",
    id=serializers.IntegerField(),
    agency=T(),
    fiscal_year=serializers.IntegerField(),
    title=T(),
    problem=T(),
    solution=T(),
    results=T(),
    status=T(),
    category=T(),
    kind=T(),
    adopted_from=serializers.IntegerField(allow_null=True),
    adoptable_by=T(),
    state=T(),
    group=T(allow_null=True),
    level=T(allow_null=True),
    scored=serializers.BooleanField(),
)


class InnovationInputSerializer(serializers.Serializer):
    agency = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    problem = serializers.CharField()
    solution = serializers.CharField()
    results = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=Innovation.Status.choices, default=Innovation.Status.IN_USE)
    category = serializers.ChoiceField(choices=Innovation.Category.choices, default=Innovation.Category.OTHER)
    kind = serializers.ChoiceField(choices=Innovation.Kind.choices, default=Innovation.Kind.NEW)
    adoptable_by = serializers.ChoiceField(
        choices=Innovation.AdoptableBy.choices, default=Innovation.AdoptableBy.ANY
    )
    adopted_from = serializers.IntegerField(required=False, allow_null=True, default=None)


_FILTERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=text)
    for name, text in (
        ("q", "Thai words, all must match"),
        ("status", "in_use | developable | retired"),
        ("category", "category code"),
        ("kind", "new | improved | adopted"),
        ("state", "draft | submitted | assessed | scored"),
        ("agency", "agency code"),
        ("fy", "fiscal year (BE)"),
    )
]


class InnovationListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=_FILTERS,
        responses=obj("InnovationList", results=INNOVATION.__class__(many=True)),
        operation_id="innovations_list",
    )
    def get(self, request: Request) -> Response:
        params = {k: str(v) for k, v in request.query_params.items()}
        rows = selectors.filtered(request.user, params).select_related("assessment")[:500]
        return Response({"results": [innovation_json(i) for i in rows]})

    @extend_schema(
        request=InnovationInputSerializer, responses={201: INNOVATION}, operation_id="innovations_create"
    )
    def post(self, request: Request) -> Response:
        data = InnovationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        agency = Agency.objects.filter(code=d["agency"]).first()
        if agency is None:
            raise ApplicationError(_("Unknown agency."), {"field": "agency"})
        origin = None
        if d.get("adopted_from"):
            origin = selectors.visible(request.user).filter(pk=d["adopted_from"]).first()
            if origin is None:
                raise ApplicationError(
                    _("No submitted innovation has this number."), {"field": "adopted_from"}
                )
        innovation = services.innovation_create(
            actor=request.user,
            agency=agency,
            data=services.InnovationInput(
                **{k: v for k, v in d.items() if k not in ("agency", "adopted_from")}, adopted_from=origin
            ),
        )
        return Response(innovation_json(innovation), status=status.HTTP_201_CREATED)


class InnovationDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=INNOVATION, operation_id="innovations_detail")
    def get(self, request: Request, pk: int) -> Response:
        return Response(innovation_json(get_object_or_404(selectors.visible(request.user), pk=pk)))


def criteria_json(user: Any, fiscal_year: int) -> dict[str, Any]:
    view = selectors.criteria_view(selectors.criteria_for(fiscal_year))
    locked = selectors.criteria_lock(fiscal_year)
    return {
        "fiscal_year": fiscal_year,
        "own": view["own"],
        "rubric": [
            {"key": r["key"], "label": r["label"], "weight": int(r["weight"])} for r in view["rubric"]
        ],
        "kind_caps": {c["kind"]: c["cap"] for c in view["kind_caps"]},
        "spread_bonus": format(Decimal(str(view["spread_bonus"])).normalize(), "f"),
        "locked": locked,
        "editable": locked is None and selectors.may_set_criteria(user, fiscal_year),
    }


CRITERION = obj("InnovationCriterion", key=T(), label=T(), weight=serializers.IntegerField())
KIND_CAPS = obj(
    "InnovationKindCaps",
    new=T(help_text="highest level of a new innovation, 1–5"),
    improved=T(help_text="of one improved from an earlier one"),
    adopted=T(help_text="of one adopted from another agency"),
)
CRITERIA = obj(
    "InnovationCriteria",
    fiscal_year=serializers.IntegerField(),
    own=serializers.BooleanField(
        help_text="false: the year has no criteria of its own and the defaults apply"
    ),
    rubric=CRITERION.__class__(many=True),
    kind_caps=KIND_CAPS,
    spread_bonus=T(help_text="added per other agency that adopted the innovation this year"),
    locked=T(allow_null=True, help_text="why the criteria can no longer change (a round of the year closed)"),
    editable=serializers.BooleanField(help_text="whether the caller may replace them now"),
)
CRITERIA_SAVED = obj(
    "InnovationCriteriaSaved",
    criteria=CRITERIA,
    changed=serializers.BooleanField(help_text="false: these were the criteria in force already"),
    relevelled=serializers.IntegerField(help_text="assessments of the year the new weights re-levelled"),
    job=serializers.IntegerField(
        allow_null=True, help_text="the job recomputing component 2 (/api/v1/jobs/<id>/)"
    ),
)


class CriteriaInputSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(
        min_value=selectors.FIRST_CRITERIA_YEAR, max_value=selectors.LAST_CRITERIA_YEAR
    )
    weights = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="criterion key → whole number 0–100, adding up to 100",
    )
    kind_caps = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="new / improved / adopted → highest level 1–5 (two places), new ≥ improved ≥ adopted",
    )
    spread_bonus = serializers.CharField(help_text="0–5, two decimal places")


class InnovationCriteriaView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "fy", OpenApiTypes.INT, description="fiscal year (BE); the current round's when omitted"
            )
        ],
        responses=CRITERIA,
        operation_id="innovations_criteria",
    )
    def get(self, request: Request) -> Response:
        fy = request.query_params.get("fy")
        year = selectors.criteria_year(None)
        if fy is not None:
            year = parse_int(
                fy,
                field="fy",
                label=_("fiscal year (BE)"),
                minimum=selectors.FIRST_CRITERIA_YEAR,
                maximum=selectors.LAST_CRITERIA_YEAR,
            )
        return Response(criteria_json(request.user, year))

    @extend_schema(
        request=CriteriaInputSerializer, responses=CRITERIA_SAVED, operation_id="innovations_criteria_replace"
    )
    def put(self, request: Request) -> Response:
        data = CriteriaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        saved = services.innovation_criteria_save(
            actor=request.user,
            fiscal_year=d["fiscal_year"],
            weights=d["weights"],
            caps=d["kind_caps"],
            spread_bonus=d["spread_bonus"],
        )
        return Response(
            {
                "criteria": criteria_json(request.user, d["fiscal_year"]),
                "changed": saved.changed,
                "relevelled": saved.relevelled,
                "job": saved.job.pk if saved.job is not None else None,
            }
        )
