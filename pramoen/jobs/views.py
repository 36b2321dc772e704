"""Jobs pages: one's own jobs (the evaluation office sees all), one job with live progress."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.jobs import selectors
from pramoen.jobs.models import Job, Schedule
from pramoen.jobs.registry import registered_kinds, schedules
from pramoen.jobs.services import job_retry
from pramoen.jobs.worker import last_beat


def _job_or_403(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    if not selectors.can_view(request.user, job):
        raise PermissionDenied(_("This job was started by someone else."))
    return job


@require_GET
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.jobs_for(request.user)
    state = request.GET.get("state", "")
    if state in Job.State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    all_jobs = selectors.can_see_all_jobs(request.user)
    beat = last_beat() if all_jobs else None
    rows = [(job, selectors.live_progress(job)) for job in page.object_list]
    kinds = {k: str(v.label) for k, v in registered_kinds().items()}
    context = {
        "page": page,
        "rows": [
            (job, progress, selectors.percent(progress), kinds.get(job.kind, "")) for job, progress in rows
        ],
        "state": state,
        "states": Job.State.choices,
        "all_jobs": all_jobs,
        "schedules": _schedules() if all_jobs else [],
        "worker": beat,
        "worker_at": _when(beat),
    }
    return render(request, "jobs/list.html", context)


def _when(beat: dict[str, object] | None) -> dt.datetime | None:
    at = beat.get("at") if beat else None
    return dt.datetime.fromtimestamp(float(at), tz=dt.UTC) if isinstance(at, int | float) else None


def _schedules() -> list[tuple[str, str, Schedule | None]]:
    rows = {s.kind: s for s in Schedule.objects.select_related("last_job")}
    kinds = registered_kinds()
    return [
        (kind, str(kinds[kind].label) if kind in kinds else kind, rows.get(kind))
        for kind in sorted(schedules())
    ]


@require_GET
@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_403(request, pk)
    progress = selectors.live_progress(job)
    context = {
        "job": job,
        "progress": progress,
        "percent": selectors.percent(progress),
        "can_retry": selectors.can_retry(request.user, job),
    }
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, context)


@require_POST
@login_required
def job_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_403(request, pk)
    try:
        again = job_retry(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:detail", pk=job.pk)
    messages.success(request, _("The job was asked for again."))
    return redirect("jobs:detail", pk=again.pk)


@require_POST
@login_required
def schedule_toggle(request: HttpRequest, kind: str) -> HttpResponse:
    if not selectors.can_see_all_jobs(request.user):
        raise PermissionDenied(_("Only the evaluation office pauses scheduled jobs."))
    if kind not in schedules():
        raise PermissionDenied(_("No such scheduled job."))
    row, _created = Schedule.objects.get_or_create(kind=kind)
    row.paused = not row.paused
    row.save(update_fields=["paused"])
    messages.success(request, _("Paused.") if row.paused else _("Resumed."))
    return redirect("jobs:list")
