"""The progress API: read a report, save its draft with the version read, move it through the workflow.

Errors have the project's shape ``{"message", "extra"}``; a stale version answers 409."""

from __future__ import annotations

from collections.abc import Mapping
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

from pramoen.core.api import paginate
from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import parse_int
from pramoen.core.schema import paginated
from pramoen.framework.models import Assignment, Period
from pramoen.progress import listing, periods, services
from pramoen.progress.inputs import parse_form
from pramoen.progress.models import ActionPlan, Milestone, ProgressReport
from pramoen.progress.plans import plan_check


class ReportSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="assignment.indicator.code")
    agency = serializers.CharField(source="assignment.agency.code")
    fiscal_year = serializers.IntegerField(source="period.fiscal_year.year")
    period = serializers.CharField(source="period.code")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "indicator",
            "agency",
            "fiscal_year",
            "period",
            "status",
            "version",
            "value",
            "numerator",
            "denominator",
            "survey_responses",
            "survey_satisfied",
            "milestones",
            "narrative",
            "is_late",
            "last_comment",
            "submitted_at",
            "verified_at",
            "actions",
        ]

    def get_actions(self, report: ProgressReport) -> list[str]:
        # a list passes one ReportingStates for the page; a single report reads its period's state
        states = self.context.get("reporting_states")
        return services.allowed_actions(self.context["request"].user, report, states)


class SaveBody(serializers.Serializer):
    """The draft's fields as typed; ``done_<i>`` (percent done of step i) may be added per milestone."""

    version = serializers.IntegerField()
    value = serializers.CharField(required=False, allow_blank=True)
    numerator = serializers.CharField(required=False, allow_blank=True)
    denominator = serializers.CharField(required=False, allow_blank=True)
    survey_responses = serializers.CharField(required=False, allow_blank=True)
    survey_satisfied = serializers.CharField(required=False, allow_blank=True)
    narrative = serializers.CharField(required=False, allow_blank=True)


class StepBody(serializers.Serializer):
    version = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True)


def _report(request: Request, pk: int) -> ProgressReport:
    report = get_object_or_404(
        ProgressReport.objects.select_related(
            "assignment__indicator", "assignment__agency", "period__fiscal_year"
        ),
        pk=pk,
    )
    services.require_view(request.user, report)
    return report


def _body(request: Request) -> dict[str, Any]:
    data = request.data
    if not isinstance(data, Mapping):
        raise ApplicationError(_("The request body must be an object."), {"reason": "shape"})
    return dict(data.items())


def _answer(request: Request, report: ProgressReport) -> Response:
    return Response(ReportSerializer(report, context={"request": request}).data)


class ReportOpenView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None, responses=ReportSerializer, summary="Open (or create) the report of an assignment"
    )
    def post(self, request: Request, assignment_id: int, code: str) -> Response:
        assignment = get_object_or_404(Assignment.objects.select_related("indicator"), pk=assignment_id)
        period = get_object_or_404(Period, fiscal_year=assignment.indicator.fiscal_year_id, code=code)
        return _answer(
            request, services.report_open(actor=request.user, assignment=assignment, period=period)
        )


class ReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ReportSerializer, summary="A progress report")
    def get(self, request: Request, pk: int) -> Response:
        return _answer(request, _report(request, pk))

    @extend_schema(request=SaveBody, responses=ReportSerializer, summary="Save the draft (send `version`)")
    def patch(self, request: Request, pk: int) -> Response:
        report = _report(request, pk)
        body = _body(request)
        data = parse_form(body, milestone_count=len(report.milestones))
        try:
            report = services.report_save(
                actor=request.user,
                report=report,
                version=parse_int(body.get("version"), field="version", label=_("version"), default=0),
                data=data,
            )
        except services.ConflictError as exc:
            return Response({"message": exc.message, "extra": exc.extra}, status=status.HTTP_409_CONFLICT)
        return _answer(request, report)


class ReportActionView(APIView):
    permission_classes = [IsAuthenticated]
    STEPS: dict[str, Any] = {
        "send-to-head": services.report_send_to_head,
        "submit": services.report_submit,
        "review": services.report_host_review,
        "verify": services.report_verify,
        "send-back": services.report_send_back,
    }

    @extend_schema(request=StepBody, responses=ReportSerializer, summary="A workflow step")
    def post(self, request: Request, pk: int, action: str) -> Response:
        step = self.STEPS.get(action)
        if step is None:
            return Response(
                {"message": f"unknown step {action!r}", "extra": {}}, status=status.HTTP_404_NOT_FOUND
            )
        report = _report(request, pk)
        body = _body(request)
        kwargs: dict[str, Any] = {
            "actor": request.user,
            "report": report,
            "version": parse_int(body.get("version"), field="version", label=_("version"), default=0),
        }
        if action not in ("submit", "send-to-head"):
            kwargs["comment"] = str(body.get("comment") or "")
        try:
            report = step(**kwargs)
        except services.ConflictError as exc:
            return Response({"message": exc.message, "extra": exc.extra}, status=status.HTTP_409_CONFLICT)
        return _answer(request, report)


class MilestoneSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Milestone.Status.choices)

    class Meta:
        model = Milestone
        fields = ["order", "name", "planned_start", "planned_end", "weight", "level", "status"]


class PlanSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="assignment_id")
    indicator = serializers.CharField(source="assignment.indicator.code")
    agency = serializers.CharField(source="assignment.agency.code")
    fiscal_year = serializers.IntegerField(source="assignment.indicator.fiscal_year.year")
    milestones = MilestoneSerializer(many=True)
    problems = serializers.SerializerMethodField(help_text="what the completeness check finds missing")
    deduction = serializers.SerializerMethodField(
        help_text="the year's deduction while the plan is incomplete"
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "assignment",
            "indicator",
            "agency",
            "fiscal_year",
            "target_text",
            "version",
            "updated_at",
            "milestones",
            "problems",
            "deduction",
        ]

    def _check(self, plan: ActionPlan) -> Any:
        if not hasattr(plan, "_check"):
            plan._check = plan_check(plan.assignment, plan)  # type: ignore[attr-defined]
        return plan._check  # type: ignore[attr-defined]

    def get_problems(self, plan: ActionPlan) -> list[str]:
        return [str(p) for p in self._check(plan).problems]

    def get_deduction(self, plan: ActionPlan) -> str:
        return str(self._check(plan).deduction)


_PAGE = [
    OpenApiParameter("page", OpenApiTypes.INT, description="from 1; past the last page answers 400"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1–200, default 50"),
]
_FY = OpenApiParameter("fy", OpenApiTypes.INT, description="fiscal year (BE), e.g. 2567")
_AGENCY = OpenApiParameter("agency", OpenApiTypes.STR, description="agency code, e.g. 1004")
_INDICATOR = OpenApiParameter("indicator", OpenApiTypes.STR, description="indicator code, e.g. 1.3")


class ReportListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            _FY,
            _AGENCY,
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="period code (M01–M12, Q1–Q4, H1, H2, FY); several separated by commas; "
                "without `fy`, that period of every year",
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                description="one of "
                + ", ".join(ProgressReport.Status.values)
                + "; several separated by commas",
            ),
            _INDICATOR,
            *_PAGE,
        ],
        responses=paginated("ProgressReportPage", ReportSerializer),
        summary="Progress reports the caller may read, filtered, a page at a time",
        operation_id="progress_reports_list",
    )
    def get(self, request: Request) -> Response:
        rows = listing.reports_for(request.user, request.query_params)
        # one context for the page: each period's reporting state is read once, not once per report
        context = {"request": request, "reporting_states": periods.ReportingStates()}
        return paginate(request, rows, lambda r: ReportSerializer(r, context=context).data)


class PlanListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[_FY, _AGENCY, _INDICATOR, *_PAGE],
        responses=paginated("ActionPlanPage", PlanSerializer),
        summary="Action plans the caller may read, with their steps and completeness",
        operation_id="progress_action_plans_list",
    )
    def get(self, request: Request) -> Response:
        rows = listing.plans_for(request.user, request.query_params)
        return paginate(request, rows, lambda p: PlanSerializer(p).data)
