"""Who sees which jobs, and a job as the pages and the API show it."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.db.models import QuerySet
from django.urls import reverse

from pramoen.jobs.models import Job
from pramoen.jobs.registry import CACHE, progress_key
from pramoen.orgs.policy import Action, can


def can_see_all_jobs(user: Any) -> bool:
    return bool(user.is_authenticated) and can(user, Action.MANAGE_FRAMEWORK)


def can_see_jobs(user: Any) -> bool:
    """The menu entry: the evaluation office (everyone else reaches their own jobs from the page that
    started them)."""
    return can_see_all_jobs(user)


def jobs_for(user: Any) -> QuerySet[Job]:
    qs = Job.objects.select_related("started_by")
    return qs if can_see_all_jobs(user) else qs.filter(started_by_id=user.pk)


def can_view(user: Any, job: Job) -> bool:
    return bool(user.is_authenticated) and (job.started_by_id == user.pk or can_see_all_jobs(user))


def can_retry(user: Any, job: Job) -> bool:
    return job.state == Job.State.FAILED and can_view(user, job)


def live_progress(job: Job) -> dict[str, Any]:
    """The freshest progress: the running job's own report in the shared cache, else the row's."""
    if job.state == Job.State.RUNNING:
        cached = caches[CACHE].get(progress_key(job.pk))
        if isinstance(cached, dict):
            return cached
    return {"stage": job.stage, "done": job.done, "total": job.total}


def percent(progress: dict[str, Any]) -> int | None:
    total = progress.get("total")
    if not total:
        return None
    return max(0, min(100, int(100 * int(progress.get("done") or 0) / int(total))))


def job_json(job: Job) -> dict[str, Any]:
    progress = live_progress(job)
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": job.label,
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "progress": {**progress, "percent": percent(progress)},
        "summary": job.summary,
        "outcome": job.outcome,
        "rejects": job.rejects,
        "error": job.error,
        "error_en": job.error_en,
        "started_by": job.actor_label,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "url": reverse("jobs:detail", args=[job.pk]),
        "api_url": reverse("jobs-api:detail", args=[job.pk]),
    }
