"""The one django-tasks task: run a recorded job.  Every kind of job goes through it, so the task backend
(database or Redis) never needs to know the kinds."""

from __future__ import annotations

from django_tasks import task

from pramoen.jobs.services import job_execute


@task()
def run_job(job_id: int) -> None:
    from pramoen.jobs import worker

    job_execute(job_id, worker=worker.current_worker_id())
