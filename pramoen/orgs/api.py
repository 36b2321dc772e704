"""Public organisation API (no sign-in: organisation data is public information) and ``/me/``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, renderers, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.schema import obj
from pramoen.orgs import selectors
from pramoen.orgs.models import Agency, Committee, CommitteeMember, District, DistrictGroup
from pramoen.orgs.policy import roles_of
from pramoen.orgs.serializers import (
    AgencySerializer,
    CommitteeSerializer,
    DistrictGroupSerializer,
    DistrictSerializer,
)


class GeoJSONRenderer(renderers.JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class PublicReadOnly(viewsets.ReadOnlyModelViewSet[Any]):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []


class DistrictGroupViewSet(PublicReadOnly):
    serializer_class = DistrictGroupSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[DistrictGroup]:
        return DistrictGroup.objects.select_related("committee").prefetch_related(
            Prefetch("districts", queryset=District.objects.only("code", "group_id"))
        )


class AgencyViewSet(PublicReadOnly):
    serializer_class = AgencySerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Agency]:
        qs = (
            Agency.objects.filter(is_active=True)
            .select_related("district__group__committee")
            .prefetch_related("committees")
            .order_by("kind", "code")
        )
        kind = self.request.query_params.get("kind")
        return qs.filter(kind=kind) if kind else qs


_I, _S = serializers.IntegerField, serializers.CharField
FEATURE = obj(
    "DistrictFeature",
    type=_S(help_text="Feature"),
    id=_I(),
    geometry=obj(
        "DistrictGeometry",
        type=_S(help_text="Polygon or MultiPolygon"),
        coordinates=serializers.ListField(
            child=serializers.JSONField(), help_text="[longitude, latitude] rings"
        ),
    ),
    properties=obj(
        "DistrictFeatureProperties",
        code=_I(),
        name_th=_S(),
        name_en=_S(),
        group_code=_I(),
        group_name_th=_S(),
        group_name_en=_S(),
        group_color=_S(),
        office_code=_S(),
        population=_I(),
        area_km2=_S(),
    ),
)
FEATURE_COLLECTION = obj(
    "DistrictFeatureCollection", type=_S(help_text="FeatureCollection"), features=FEATURE.__class__(many=True)
)
# one object even when the list action answers it (drf-spectacular would otherwise wrap it in an array)
set_override(FEATURE_COLLECTION.__class__, "many", False)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "format",
            OpenApiTypes.STR,
            enum=["json", "geojson"],
            description="`geojson` returns a FeatureCollection with each district's boundary",
        ),
        OpenApiParameter(
            "simplify",
            OpenApiTypes.BOOL,
            description="with format=geojson: outlines simplified to about 20 m (for web maps)",
        ),
    ]
)
@extend_schema_view(
    list=extend_schema(
        responses={
            (200, "application/json"): DistrictSerializer(many=True),
            (200, "application/geo+json"): FEATURE_COLLECTION,
        }
    ),
    retrieve=extend_schema(
        responses={
            (200, "application/json"): DistrictSerializer,
            (200, "application/geo+json"): FEATURE,
        }
    ),
)
class DistrictViewSet(PublicReadOnly):
    serializer_class = DistrictSerializer
    lookup_field = "code"
    renderer_classes = [renderers.JSONRenderer, GeoJSONRenderer, renderers.BrowsableAPIRenderer]

    def get_queryset(self) -> QuerySet[District]:
        return District.objects.select_related("group__committee", "office").defer("boundary", "map_boundary")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.accepted_renderer.format == "geojson":
            simplify = request.query_params.get("simplify", "").lower() in {"1", "true", "yes"}
            return Response(selectors.districts_geojson(simplify=simplify))
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        code = str(self.kwargs.get("code", ""))
        if not code.isdigit():
            raise Http404
        if request.accepted_renderer.format == "geojson":
            district = get_object_or_404(District.objects.select_related("group", "office"), code=int(code))
            simplify = request.query_params.get("simplify", "").lower() in {"1", "true", "yes"}
            return Response(selectors.district_feature(district, simplify=simplify))
        return super().retrieve(request, *args, **kwargs)


class CommitteeViewSet(PublicReadOnly):
    serializer_class = CommitteeSerializer
    lookup_field = "number"

    def get_queryset(self) -> QuerySet[Committee]:
        return Committee.objects.select_related("district_group").prefetch_related(
            "agencies", Prefetch("members", queryset=CommitteeMember.objects.order_by("order", "pk"))
        )


ME_SCHEMA = obj(
    "Me",
    username=serializers.CharField(),
    display_name=serializers.CharField(),
    global_roles=serializers.ListField(child=serializers.CharField()),
    agency_roles=serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="roles by agency code"
    ),
    committee_roles=serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="roles by committee number"
    ),
)


class MeView(APIView):
    """The signed-in user and their scoped roles."""

    @extend_schema(responses={200: ME_SCHEMA})
    def get(self, request: Request) -> Response:
        user = request.user
        roles = roles_of(user)
        return Response(
            {
                "username": user.get_username(),
                "display_name": getattr(user, "display_name", user.get_username()),
                "global_roles": sorted(roles.global_roles),
                "agency_roles": {
                    code: sorted(roles.agency_roles(pk))
                    for pk, code in Agency.objects.filter(pk__in=roles.by_agency).values_list("pk", "code")
                },
                "committee_roles": {
                    str(number): sorted(roles.committee_roles(pk))
                    for pk, number in Committee.objects.filter(pk__in=roles.by_committee).values_list(
                        "pk", "number"
                    )
                },
            }
        )
