"""Surveys API: list (filters), create with its questions, read one with its results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.errors import ApplicationError
from pramoen.core.schema import many, obj
from pramoen.feeds.surveys import selectors, services
from pramoen.feeds.surveys.models import Question, Survey
from pramoen.framework.models import Indicator


def survey_json(s: Survey, *, results: bool = False, agencies: list[int] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": s.pk,
        "indicator": s.indicator.code,
        "fiscal_year": s.indicator.fiscal_year.year,
        "period": s.period.code,
        "title": s.title,
        "target_group": s.target_group,
        "population": s.population,
        "sample_rule": s.sample_rule,
        "margin": str(s.margin),
        "sample_size": selectors.required_sample(s),
        "rule": s.rule,
        "state": s.state,
        "questions": [
            {"number": n, "kind": q.kind, "text": q.text, "choices": q.choices, "required": q.required}
            for n, q in enumerate(selectors.questions(s), start=1)
        ],
    }
    if results and s.state in (Survey.State.OPEN, Survey.State.CLOSED):
        by_agency = selectors.answers_by_agency(s, agencies)
        data["satisfaction"] = {
            str(a): {"responses": f.responses, "percent": None if f.percent is None else str(f.percent)}
            for a, f in ((a, selectors.satisfaction(s, rows)) for a, rows in by_agency.items())
        }
        data["items"] = [
            {
                "number": i.number,
                "answered": i.answered,
                "counts": dict(i.counts),
                "mean": None if i.mean is None else str(i.mean),
                "top_two_percent": None if i.top_two_percent is None else str(i.top_two_percent),
                "topics": [{"words": w, "count": len(t)} for w, t in i.topics],
            }
            for i in selectors.item_results(s, agencies)
        ]
    return data


T = serializers.CharField
SURVEY = obj(
    "Survey",
    id=serializers.IntegerField(),
    indicator=T(),
    fiscal_year=serializers.IntegerField(),
    period=T(),
    title=T(),
    target_group=T(),
    population=serializers.IntegerField(allow_null=True),
    sample_rule=T(),
    margin=T(),
    sample_size=serializers.IntegerField(allow_null=True),
    rule=T(),
    state=T(),
    questions=many(
        "SurveyQuestion",
        number=serializers.IntegerField(),
        kind=T(),
        text=T(),
        choices=serializers.ListField(child=T()),
        required=serializers.BooleanField(),
    ),
    satisfaction=serializers.DictField(
        child=obj("SurveySatisfaction", responses=serializers.IntegerField(), percent=T(allow_null=True)),
        required=False,
        help_text="by agency id; open and closed surveys only",
    ),
    items=inline_serializer(
        "SurveyItemResult",
        {
            "number": serializers.IntegerField(),
            "answered": serializers.IntegerField(),
            "counts": serializers.DictField(child=serializers.IntegerField(), help_text="answers per choice"),
            "mean": T(allow_null=True),
            "top_two_percent": T(allow_null=True),
            "topics": many(
                "SurveyTopic", words=T(help_text="typical words"), count=serializers.IntegerField()
            ),
        },
        many=True,
        required=False,
        help_text="per question; open and closed surveys only",
    ),
)


class QuestionSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    kind = serializers.ChoiceField(choices=Question.Kind.choices, default=Question.Kind.SCALE)
    choices = serializers.ListField(child=serializers.CharField(), required=False, default=list)


# "required" is also an attribute of every DRF field: declare the question's flag under its API name here
QuestionSerializer._declared_fields["required"] = serializers.BooleanField(default=True)


class SurveyInputSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    indicator = serializers.CharField()
    period = serializers.CharField(default="FY")
    title = serializers.CharField(max_length=300)
    intro = serializers.CharField(required=False, allow_blank=True, default="")
    target_group = serializers.CharField(max_length=300)
    population = serializers.IntegerField(required=False, allow_null=True, default=None)
    sample_rule = serializers.ChoiceField(choices=Survey.SampleRule.choices, default=Survey.SampleRule.YAMANE)
    margin = serializers.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.05"))
    rule = serializers.ChoiceField(choices=Survey.Rule.choices, default=Survey.Rule.TOP_TWO_BOX)
    questions = QuestionSerializer(many=True, required=False, default=list)


_FILTERS = [
    OpenApiParameter("fy", OpenApiTypes.INT, description="fiscal year (BE)"),
    OpenApiParameter("indicator", OpenApiTypes.STR, description="indicator code"),
    OpenApiParameter("state", OpenApiTypes.STR, description="draft | shared | approved | open | closed"),
]


class SurveyListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=_FILTERS,
        responses=obj("SurveyList", results=SURVEY.__class__(many=True)),
        operation_id="surveys_list",
    )
    def get(self, request: Request) -> Response:
        p = request.query_params
        rows = selectors.visible(request.user)
        if str(p.get("fy", "")).isdigit():
            rows = [s for s in rows if s.indicator.fiscal_year.year == int(p["fy"])]
        if p.get("indicator"):
            rows = [s for s in rows if s.indicator.code == p["indicator"]]
        if p.get("state"):
            rows = [s for s in rows if s.state == p["state"]]
        return Response({"results": [survey_json(s) for s in rows]})

    @extend_schema(request=SurveyInputSerializer, responses={201: SURVEY}, operation_id="surveys_create")
    @transaction.atomic
    def post(self, request: Request) -> Response:
        data = SurveyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        indicator = Indicator.objects.filter(fiscal_year__year=d["fiscal_year"], code=d["indicator"]).first()
        if indicator is None:
            raise ApplicationError(
                _("No indicator has this code in that fiscal year."), {"field": "indicator"}
            )
        survey = services.survey_create(
            actor=request.user,
            indicator=indicator,
            data=services.SurveyInput(
                title=d["title"],
                target_group=d["target_group"],
                period_code=d["period"],
                intro=d["intro"],
                population=d["population"],
                sample_rule=d["sample_rule"],
                margin=d["margin"],
                rule=d["rule"],
            ),
        )
        for n, q in enumerate(d["questions"], start=1):
            try:
                services.question_add(actor=request.user, survey=survey, data=services.QuestionInput(**q))
            except ApplicationError as exc:
                raise ApplicationError(
                    _("Question %(n)d: %(reason)s") % {"n": n, "reason": exc.message},
                    {"field": f"questions[{n}]"},
                ) from exc
        return Response(survey_json(survey), status=status.HTTP_201_CREATED)


class SurveyDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=SURVEY, operation_id="surveys_detail")
    def get(self, request: Request, pk: int) -> Response:
        survey = get_object_or_404(Survey.objects.select_related("indicator__fiscal_year", "period"), pk=pk)
        if not selectors.can_read(request.user, survey):
            raise PermissionDenied(str(selectors.READ_REFUSED))
        shown = selectors.results_scope(request.user, survey)
        return Response(survey_json(survey, results=True, agencies=shown))
