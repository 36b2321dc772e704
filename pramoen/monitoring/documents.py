"""The report's files: built by a job, once per content, and kept in storage.

A PDF of a whole round takes seconds to build, so no web request builds one.  Its bytes depend only on the
report's content and the margins, whose digest names the file (``monitoring/reports/<digest>.pdf``): any
change to the report makes a new name, an unchanged report is served from storage at once.  The web
version (HTML) is small and rendered in the request.

    stored_document(report, "pdf")        # bytes, or None until a job has built them
    document_request(actor=user, round=rnd, committees=[1], fmt="pdf")   # the job that builds them
    document_store(report, "pdf")         # what the job does: render and keep (idempotent)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from pramoen.jobs.models import Job
from pramoen.jobs.services import job_enqueue
from pramoen.monitoring.models import Round
from pramoen.monitoring.render import FORMATS, default_margins, render
from pramoen.monitoring.report import RoundReport

INLINE_FORMATS = frozenset({"html"})  # rendered in the request: small and fast
JOB_KIND = "monitoring_report"


def document_name(report: RoundReport, fmt: str) -> str:
    margins = default_margins()
    digest = hashlib.sha256((repr(report) + repr(margins)).encode("utf-8")).hexdigest()
    return f"monitoring/reports/{digest}.{FORMATS[fmt].extension}"


def stored_document(report: RoundReport, fmt: str) -> bytes | None:
    name = document_name(report, fmt)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def document_store(report: RoundReport, fmt: str) -> tuple[str, int]:
    """Render the report in ``fmt`` and keep it, unless an identical one is kept already: (name, bytes)."""
    name = document_name(report, fmt)
    if default_storage.exists(name):
        return name, default_storage.size(name)
    data = render(report, fmt, margins=default_margins())
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # another worker kept the same content meanwhile: keep one copy
        default_storage.delete(saved)
    return name, len(data)


def download_url(round: Round, fmt: str, committees: Sequence[int] | None) -> str:
    """Where the job's page sends the person who asked for the file: the round's download address."""
    url = reverse("monitoring:report", args=[round.fiscal_year, round.period, fmt])
    return url + ("?" + "&".join(f"committee={n}" for n in committees) if committees else "")


def _params(round: Round, fmt: str, committees: Sequence[int] | None) -> dict[str, Any]:
    return {
        "fiscal_year": round.fiscal_year,
        "period": round.period,
        "fmt": fmt,
        "committees": sorted(committees) if committees else [],
    }


def document_request(
    *, actor: Any | None, round: Round, fmt: str, committees: Sequence[int] | None = None
) -> Job:
    """The job building this document: the caller's own one still waiting or running, else a new one."""
    params = _params(round, fmt, committees)
    pending = Job.objects.filter(
        kind=JOB_KIND, state__in=[Job.State.QUEUED, Job.State.RUNNING], started_by=actor
    ).order_by("-pk")
    for job in pending:
        if job.params == params:
            return job
    which = (
        _("committees %(numbers)s") % {"numbers": ", ".join(str(n) for n in params["committees"])}
        if params["committees"]
        else _("all committees")
    )
    label = _("Monitoring report FY %(year)s %(period)s (%(which)s) as %(format)s") % {
        "year": round.fiscal_year,
        "period": round.get_period_display(),
        "which": which,
        "format": FORMATS[fmt].extension.upper(),
    }
    return job_enqueue(kind=JOB_KIND, actor=actor, params=params, label=label)
