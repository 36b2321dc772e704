from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.schema import JsonMapField
from pramoen.jobs import selectors
from pramoen.jobs.models import Job

JOB_FIELDS: dict[str, Any] = {
    "id": serializers.IntegerField(),
    "kind": serializers.CharField(),
    "label": serializers.CharField(),
    "state": serializers.ChoiceField(choices=Job.State.values),
    "state_label": serializers.CharField(),
    "progress": inline_serializer(
        "JobProgress",
        {
            "stage": serializers.CharField(),
            "done": serializers.IntegerField(),
            "total": serializers.IntegerField(allow_null=True),
            "percent": serializers.IntegerField(allow_null=True),
        },
    ),
    "summary": JsonMapField(help_text="the job kind's own counts and figures"),
    "outcome": serializers.ListField(child=serializers.CharField()),
    "rejects": serializers.ListField(
        child=inline_serializer(
            "JobReject",
            {
                "sheet": serializers.CharField(required=False, help_text="workbooks only"),
                "row": serializers.IntegerField(allow_null=True),
                "column": serializers.CharField(
                    required=False, help_text="the spreadsheet column, when known"
                ),
                "field": serializers.CharField(),
                "reason": serializers.CharField(allow_null=True),
            },
        )
    ),
    "error": serializers.CharField(),
    "error_en": serializers.CharField(),
    "started_by": serializers.CharField(),
    "created_at": serializers.DateTimeField(),
    "started_at": serializers.DateTimeField(allow_null=True),
    "finished_at": serializers.DateTimeField(allow_null=True),
    "url": serializers.CharField(),
    "api_url": serializers.CharField(),
}
JobSerializer = type("Job", (serializers.Serializer,), dict(JOB_FIELDS))
JOB_SCHEMA = JobSerializer
JOB_LIST_SCHEMA = JobSerializer(many=True)


def job_response(job: Job, status: int = 200) -> Response:
    """A job as JSON; 202 with ``Location`` for a job just started."""
    data: dict[str, Any] = selectors.job_json(job)
    response = Response(data, status=status)
    if status == 202:
        response["Location"] = data["api_url"]
    return response


class JobDetailView(APIView):
    @extend_schema(responses={200: JOB_SCHEMA}, summary="A job: its state, progress and summary")
    def get(self, request: Request, pk: int) -> Response:
        job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
        if not selectors.can_view(request.user, job):
            raise PermissionDenied(_("This job was started by someone else."))
        return job_response(job)


class JobListView(APIView):
    @extend_schema(responses={200: JOB_LIST_SCHEMA}, summary="One's own jobs (the evaluation office: all)")
    def get(self, request: Request) -> Response:
        qs = selectors.jobs_for(request.user)
        state = request.query_params.get("state")
        if state in Job.State.values:
            qs = qs.filter(state=state)
        return Response([selectors.job_json(j) for j in qs[:100]])
