"""The monitoring API (session or token): rounds, a committee's records, writes with the sheet version,
follow-up and the recurring-obstacle matrix.  Same services and policy as the pages; a write based on
an outdated version answers 409 with the usual ``{"message", "extra"}`` shape."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.errors import ApplicationError
from pramoen.core.schema import ERROR, many, obj
from pramoen.monitoring import selectors, services
from pramoen.monitoring.models import Observation, Obstacle, Round, Sheet, Suggestion
from pramoen.monitoring.selectors import Access
from pramoen.monitoring.vocab import Aspect, Component, Level
from pramoen.orgs.models import Agency


class RoundSerializer(serializers.ModelSerializer[Round]):
    status = serializers.CharField(read_only=True, help_text="draft or published")

    class Meta:
        model = Round
        fields = ["fiscal_year", "period", "status", "published_at"]


class ObstacleSerializer(serializers.ModelSerializer[Obstacle]):
    agencies: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Obstacle
        fields = [
            "id",
            "order",
            "component",
            "indicator",
            "aspect",
            "level",
            "text",
            "agencies",
            "systems",
            "systems_confirmed",
        ]


class SuggestionSerializer(serializers.ModelSerializer[Suggestion]):
    agency: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Suggestion
        fields = ["id", "order", "component", "level", "text", "agency", "sub_items"]


class ObservationSerializer(serializers.ModelSerializer[Observation]):
    assignee: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Observation
        fields = ["id", "order", "level", "text", "sub_items", "assignee", "due_date", "status", "evidence"]


ITEM_SERIALIZERS: dict[str, Any] = {
    "obstacle": ObstacleSerializer,
    "suggestion": SuggestionSerializer,
    "observation": ObservationSerializer,
}


class ItemInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=list(ITEM_SERIALIZERS))
    version = serializers.IntegerField(required=False, help_text="the sheet version your data is based on")
    text = serializers.CharField(help_text="several lines make several numbered items")
    component = serializers.ChoiceField(choices=Component.choices, required=False)
    aspect = serializers.ChoiceField(choices=Aspect.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False, default="")


class ItemUpdate(serializers.Serializer[Any]):
    version = serializers.IntegerField(required=False)
    text = serializers.CharField(required=False)
    component = serializers.ChoiceField(choices=Component.choices, required=False)
    aspect = serializers.ChoiceField(choices=Aspect.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    indicator = serializers.CharField(required=False, allow_blank=True)
    agencies = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Agency.objects.all(), required=False
    )
    systems = serializers.ListField(child=serializers.CharField(), required=False)
    sub_items = serializers.ListField(child=serializers.CharField(), required=False)


class FollowUpInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Observation.Status.choices)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


SHEET_SCHEMA = obj(
    "MonitoringSheet",
    committee=serializers.IntegerField(),
    version=serializers.IntegerField(),
    access=serializers.CharField(help_text="how much of the records the caller may read"),
    obstacles=ObstacleSerializer(many=True),
    suggestions=SuggestionSerializer(many=True),
    observations=ObservationSerializer(many=True),
)
_ANY_ITEM = PolymorphicProxySerializer(
    component_name="MonitoringItem",
    serializers=[ObstacleSerializer, SuggestionSerializer, ObservationSerializer],
    resource_type_field_name=None,
)
ITEMS_SCHEMA = obj(
    "MonitoringItemsAdded",
    version=serializers.IntegerField(),
    items=PolymorphicProxySerializer(
        component_name="MonitoringItem",
        serializers=[ObstacleSerializer, SuggestionSerializer, ObservationSerializer],
        resource_type_field_name=None,
        many=True,
    ),
)
ITEM_SCHEMA = obj("MonitoringItemUpdated", version=serializers.IntegerField(), item=_ANY_ITEM)
MATRIX_SCHEMA = obj(
    "RecurringMatrix",
    columns=many("RecurringColumn", key=serializers.CharField(), label=serializers.CharField()),
    rows=many(
        "RecurringRow",
        committee=serializers.IntegerField(),
        cells=serializers.DictField(
            child=serializers.ListField(child=serializers.IntegerField()),
            help_text="obstacle ids by column key",
        ),
    ),
)


def _conflict_or_400(exc: ApplicationError) -> Response:
    code = status.HTTP_409_CONFLICT if exc.extra.get("field") == "version" else status.HTTP_400_BAD_REQUEST
    return Response({"message": exc.message, "extra": exc.extra}, status=code)


def _sheet(year: int, period: str, number: int) -> Sheet:
    return get_object_or_404(
        Sheet.objects.select_related("round", "committee"),
        round__fiscal_year=year,
        round__period=period.upper(),
        committee__number=number,
    )


class Authenticated(APIView):
    permission_classes = [permissions.IsAuthenticated]


class RoundListView(Authenticated):
    @extend_schema(responses=RoundSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(RoundSerializer(selectors.rounds_for(request.user), many=True).data)


class SheetView(Authenticated):
    """A committee's records in a round, as far as the user may read them."""

    @extend_schema(responses=SHEET_SCHEMA)
    def get(self, request: Request, year: int, period: str, number: int) -> Response:
        sheet = _sheet(year, period, number)
        content = selectors.sheet_content(request.user, sheet)
        if content.access == Access.NONE:
            message = _("You may not read this committee's records.")
            return Response({"message": message, "extra": {}}, status=status.HTTP_403_FORBIDDEN)
        return Response(
            {
                "committee": sheet.committee.number,
                "version": sheet.version,
                "access": content.access.value,
                "obstacles": ObstacleSerializer(content.obstacles, many=True).data,
                "suggestions": SuggestionSerializer(content.suggestions, many=True).data,
                "observations": ObservationSerializer(content.observations, many=True).data,
            }
        )

    @extend_schema(request=ItemInput, responses={201: ITEMS_SCHEMA, 409: ERROR})
    def post(self, request: Request, year: int, period: str, number: int) -> Response:
        sheet = _sheet(year, period, number)
        data = ItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kind, version, text = values.pop("kind"), values.pop("version", None), values.pop("text")
        if kind == "observation":
            values.pop("component", None)
        if kind != "obstacle":
            values.pop("aspect", None)
        try:
            items = services.items_paste(
                actor=request.user, sheet=sheet, kind=kind, text=text, expected_version=version, **values
            )
        except ApplicationError as exc:
            return _conflict_or_400(exc)
        body = {"version": sheet.version, "items": ITEM_SERIALIZERS[kind](items, many=True).data}
        return Response(body, status=status.HTTP_201_CREATED)


class ItemView(Authenticated):
    @extend_schema(request=ItemUpdate, responses={200: ITEM_SCHEMA, 409: ERROR})
    def patch(self, request: Request, kind: str, pk: int) -> Response:
        item = self._item(kind, pk)
        data = ItemUpdate(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", None)
        try:
            item = services.item_update(actor=request.user, item=item, expected_version=version, **values)
        except ApplicationError as exc:
            return _conflict_or_400(exc)
        return Response({"version": item.sheet.version, "item": ITEM_SERIALIZERS[kind](item).data})

    @extend_schema(parameters=[OpenApiParameter("version", int)], responses={204: None, 409: ERROR})
    def delete(self, request: Request, kind: str, pk: int) -> Response:
        item = self._item(kind, pk)
        raw = request.query_params.get("version", "")
        try:
            services.item_delete(
                actor=request.user,
                item=item,
                expected_version=int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None,
            )
        except ApplicationError as exc:
            return _conflict_or_400(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _item(self, kind: str, pk: int) -> Any:
        model = services.ITEM_KINDS.get(kind)
        if model is None:
            from django.http import Http404

            raise Http404
        return get_object_or_404(model.objects.select_related("sheet__round", "sheet__committee"), pk=pk)


class FollowUpView(Authenticated):
    @extend_schema(request=FollowUpInput, responses=ObservationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        obs = get_object_or_404(Observation.objects.select_related("sheet"), pk=pk)
        data = FollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        obs = services.observation_follow_up(actor=request.user, observation=obs, **data.validated_data)
        return Response(ObservationSerializer(obs).data)


class OpenItemsView(Authenticated):
    @extend_schema(responses=ObservationSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(ObservationSerializer(selectors.open_items(request.user), many=True).data)


class MatrixView(Authenticated):
    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=["system", "aspect"])], responses=MATRIX_SCHEMA
    )
    def get(self, request: Request) -> Response:
        by = request.query_params.get("by", "system")
        if by not in ("system", "aspect"):
            return Response({"message": "by: system | aspect", "extra": {"field": "by"}}, status=400)
        matrix = selectors.recurring_matrix(request.user, by=by)
        return Response(
            {
                "columns": [{"key": k, "label": label} for k, label in matrix.columns],
                "rows": [
                    {
                        "committee": c.number,
                        "cells": {
                            k: [o.pk for o in cell.obstacles]
                            for (k, _l), cell in zip(matrix.columns, cells, strict=True)
                        },
                    }
                    for c, cells in matrix.rows
                ],
            }
        )
