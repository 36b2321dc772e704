"""Complaint KPI API: the same figures as ``pramoen complaint_kpi``, limited to what the caller may read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import MAX_DATE, MIN_DATE, date_in_range
from pramoen.core.schema import many, obj
from pramoen.feeds.complaints.selectors import district_kpis
from pramoen.orgs.models import District
from pramoen.orgs.policy import visible_agency_ids

Int = serializers.IntegerField
KPI_SCHEMA = obj(
    "ComplaintKpi",
    start=serializers.DateField(),
    end=serializers.DateField(),
    fiscal_year=Int(),
    dedup=serializers.BooleanField(),
    resolved_states=serializers.ListField(child=serializers.CharField()),
    alternative_resolved_states=serializers.ListField(child=serializers.CharField()),
    min_tickets_for_ranking=Int(),
    stars_place=serializers.ChoiceField(
        choices=["beside", "counted"],
        help_text="counted: kpi_percent = (100 − stars_weight) % of the share resolved + stars_weight % of "
        "star_percent; beside: kpi_percent is the share resolved",
    ),
    stars_weight=Int(help_text="the stars' weight in % (used by kpi_percent_with_stars when beside)"),
    stars_weight_is_demo=serializers.BooleanField(help_text="true: no decision named for the weight"),
    districts=many(
        "ComplaintKpiDistrict",
        code=serializers.CharField(),
        name_th=serializers.CharField(),
        name_en=serializers.CharField(),
        received=Int(),
        excluded=obj(
            "ComplaintExclusions", not_relevant=Int(), forwarded=Int(), duplicate=Int(), appeal=Int()
        ),
        counted=Int(),
        resolved=Int(),
        kpi_percent=serializers.FloatField(allow_null=True),
        kpi_percent_without_stars=serializers.FloatField(
            allow_null=True, help_text="resolved ÷ counted × 100"
        ),
        kpi_percent_with_stars=serializers.FloatField(
            allow_null=True, help_text="the KPI with the stars counted at stars_weight"
        ),
        star_percent=serializers.FloatField(
            allow_null=True, help_text="mean stars of the rated counted resolved tickets ÷ 5 × 100"
        ),
        mean_star=serializers.FloatField(allow_null=True),
        rated=Int(),
        reopened=Int(),
        median_days_to_resolve=serializers.FloatField(allow_null=True),
        median_days_source=serializers.CharField(allow_null=True),
        resolved_if_pending_steps_done=Int(),
        kpi_percent_if_pending_steps_done=serializers.FloatField(allow_null=True),
        population=Int(allow_null=True),
        per_10k_residents=serializers.FloatField(allow_null=True),
        peer_group=serializers.CharField(allow_null=True, help_text="inner, middle or outer"),
        rank_in_peer_group=Int(allow_null=True),
    ),
    unattributed=Int(),
)


def _date(value: str | None, name: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        raise ApplicationError(
            _("%(name)s must be a date YYYY-MM-DD (Christian Era)") % {"name": name}, {"field": name}
        ) from None
    if not date_in_range(day):
        raise ApplicationError(
            _("%(name)s must be a date from %(first)s to %(last)s")
            % {"name": name, "first": MIN_DATE.isoformat(), "last": MAX_DATE.isoformat()},
            {"field": name},
        )
    return day


class ComplaintKpiView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.DATE, required=True, description="first day (Bangkok), inclusive"
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, required=True, description="last day (Bangkok), inclusive"
            ),
            OpenApiParameter("dedup", OpenApiTypes.STR, enum=["on", "off"]),
        ],
        responses=KPI_SCHEMA,
        summary="Complaint KPI per district (districts the caller may read)",
    )
    def get(self, request: Request) -> Response:
        start, end = (
            _date(request.query_params.get("from"), "from"),
            _date(request.query_params.get("to"), "to"),
        )
        if end < start:
            raise ApplicationError(_("'to' is before 'from'"), {"field": "to"})
        visible = visible_agency_ids(request.user)
        district_ids = None
        if visible is not None:
            district_ids = list(District.objects.filter(office_id__in=visible).values_list("pk", flat=True))
        report: dict[str, Any] = district_kpis(
            start=start,
            end=end,
            dedup=request.query_params.get("dedup", "on") != "off",
            district_ids=district_ids,
        )
        return Response(report)
