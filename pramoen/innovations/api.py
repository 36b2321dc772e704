"""Innovations API: list (filters and Thai search as on the page), create, read one."""

from __future__ import annotations

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
