"""``POST /api/v1/<feed>/imports/`` for every registered feed: the upload is kept and its import queued as
a job; the answer is 202 with the job's URL in ``Location`` and the job as JSON (poll it there)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pramoen.core.errors import ApplicationError
from pramoen.feeds.jobs import feed_import_start
from pramoen.jobs.api import JOB_SCHEMA, job_response
from pramoen.orgs.policy import Action, require


class FeedImportView(APIView):
    """Upload a file for a feed's import (evaluation office); the import runs as a job."""

    parser_classes = [MultiPartParser]
    feed: str = ""

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        responses={202: JOB_SCHEMA},
        summary="Import a file: answers 202 with the job that imports it",
    )
    def post(self, request: Request, **kwargs: Any) -> Response:
        require(request.user, Action.MANAGE_FRAMEWORK)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(_("No file was uploaded (form field “file”)."), {"field": "file"})
        job = feed_import_start(feed=self.feed, upload=upload, actor=request.user)
        return job_response(job, status=202)
