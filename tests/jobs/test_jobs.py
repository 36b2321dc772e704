"""The job layer: a job's life (queued → running → done/failed), what people see of it, who may see it,
lost jobs, retries and schedules."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from pramoen.core.errors import ApplicationError
from pramoen.jobs.models import Job, Schedule
from pramoen.jobs.registry import CACHE, Progress, job_kind, schedule
from pramoen.jobs.services import job_enqueue, job_retry, job_run_inline, jobs_reap
from pramoen.jobs.worker import run_schedules


@job_kind("test_count", label="count to n")
def count(*, progress: Progress, n: int, **_: Any) -> dict[str, Any]:
    progress.stage("counting", total=n)
    for _i in range(n):
        progress.advance(1)
    return {"counted": n, "outcome": [f"counted to {n}"]}


@job_kind("test_refuse", label="refuse")
def refuse(*, progress: Progress, **_: Any) -> dict[str, Any]:
    raise ApplicationError(
        "ไฟล์มีข้อผิดพลาด", {"errors": [{"row": 3, "column": "amount", "reason": "ไม่ใช่ตัวเลข"}]}
    )


@job_kind("test_crash", label="crash")
def crash(*, progress: Progress, **_: Any) -> dict[str, Any]:
    raise ZeroDivisionError("boom")


def test_a_job_run_inline_reports_progress_and_its_summary(db):
    seen: list[tuple[str, int, int | None]] = []
    job = job_run_inline(kind="test_count", actor=None, params={"n": 3}, listener=lambda *a: seen.append(a))
    assert job.state == Job.State.DONE and job.summary == {"counted": 3} and job.outcome == ["counted to 3"]
    assert seen[-1] == ("counting", 3, 3) and job.started_at and job.finished_at and job.attempts == 1


def test_a_refused_job_keeps_every_rejected_row_in_one_shape(db):
    job = job_run_inline(kind="test_refuse", actor=None)
    assert job.state == Job.State.FAILED and job.error == "ไฟล์มีข้อผิดพลาด"
    assert job.rejects == [{"row": 3, "field": "amount", "reason": "ไม่ใช่ตัวเลข"}]


def test_an_unexpected_error_fails_the_job_with_a_message_its_owner_can_read(db):
    job = job_run_inline(kind="test_crash", actor=None)
    assert job.state == Job.State.FAILED and "ZeroDivisionError: boom" in job.error
    assert "ZeroDivisionError" in job.error_en


def test_queued_jobs_wait_for_the_worker(personas, run_jobs):
    job = job_enqueue(kind="test_count", actor=personas["eval.officer"], params={"n": 2})
    assert job.state == Job.State.QUEUED and job.started_by == personas["eval.officer"]
    (ran,) = run_jobs()
    assert ran.pk == job.pk and ran.state == Job.State.DONE and ran.summary == {"counted": 2}
    assert run_jobs() == []  # a job runs once


def test_a_job_whose_process_died_is_marked_failed_and_may_run_again(personas, run_jobs):
    job = job_enqueue(kind="test_count", actor=personas["eval.officer"], params={"n": 1})
    old = timezone.now() - dt.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=old)
    alive = job_enqueue(kind="test_count", actor=None, params={"n": 1})
    Job.objects.filter(pk=alive.pk).update(state=Job.State.RUNNING, started_at=old)
    caches[CACHE].set(f"pramoen:job:{alive.pk}:beat", time.time(), timeout=60)
    assert jobs_reap() == [job.pk]
    job.refresh_from_db()
    assert (job.state == Job.State.FAILED and "ไม่มีข้อมูลใด" in job.error) or "Nothing" in job.error_en
    with pytest.raises(ApplicationError):
        job_retry(actor=personas["bangrak.staff"], job=job)  # not theirs
    again = job_retry(actor=personas["eval.officer"], job=job)
    assert again.retry_of == job and again.params == job.params
    run_jobs()
    again.refresh_from_db()
    assert again.state == Job.State.DONE


def test_schedules_start_once_when_due_and_not_when_paused(db):
    schedule("test_count", every=dt.timedelta(hours=1), params={"n": 1})
    try:
        now = timezone.now()

        def mine(jobs: list[Job]) -> list[Job]:
            return [j for j in jobs if j.kind == "test_count"]  # other apps' schedules run too

        assert mine(run_schedules(now)) == []  # first sight: the next run is set an hour on
        row = Schedule.objects.get(kind="test_count")
        assert mine(run_schedules(row.next_run_at)) != []
        assert mine(run_schedules(row.next_run_at)) == []  # taken: the row moved on
        Schedule.objects.filter(kind="test_count").update(paused=True, next_run_at=now)
        assert mine(run_schedules(now + dt.timedelta(hours=5))) == []
    finally:
        from pramoen.jobs import registry

        registry._SCHEDULES.pop("test_count", None)


def test_people_see_their_own_jobs_and_the_evaluation_office_sees_all(personas, client_for):
    mine = job_run_inline(kind="test_count", actor=personas["bangrak.staff"], params={"n": 1})
    theirs = job_run_inline(kind="test_count", actor=personas["eval.officer"], params={"n": 1})
    staff = client_for("bangrak.staff")
    page = staff.get(reverse("jobs:list")).content.decode()
    assert f'href="/jobs/{mine.pk}/"' in page and f'href="/jobs/{theirs.pk}/"' not in page
    assert staff.get(reverse("jobs:detail", args=[theirs.pk])).status_code == 403
    assert staff.get(reverse("jobs-api:detail", args=[theirs.pk])).status_code == 403
    data = staff.get(reverse("jobs-api:detail", args=[mine.pk])).json()
    assert {"id", "state", "progress", "summary"} <= set(data) and data["state"] == "done"
    officer = client_for("eval.officer")
    assert f'href="/jobs/{mine.pk}/"' in officer.get(reverse("jobs:list")).content.decode()
    assert officer.get(reverse("jobs:detail", args=[mine.pk]), HTTP_HX_REQUEST="true").status_code == 200
    assert staff.post(reverse("jobs:schedule-toggle", args=["appeal_reminders"])).status_code == 403
    assert officer.post(reverse("jobs:schedule-toggle", args=["appeal_reminders"])).status_code == 302
    assert Schedule.objects.get(kind="appeal_reminders").paused


def test_a_running_job_shows_its_live_progress(personas, client_for):
    job = job_enqueue(kind="test_count", actor=personas["eval.officer"], params={"n": 10})
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=timezone.now())
    progress = Progress(job.pk)
    progress.stage("counting", total=10)
    progress.set(4)
    progress._publish(force=True)
    data = client_for("eval.officer").get(reverse("jobs-api:detail", args=[job.pk])).json()
    assert data["progress"] == {"stage": "counting", "done": 4, "total": 10, "percent": 40}
    page = client_for("eval.officer").get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "40%" in page


def test_anonymous_visitors_see_no_job(personas, client):
    job = job_run_inline(kind="test_count", actor=personas["eval.officer"], params={"n": 1})
    assert client.get(reverse("jobs-api:detail", args=[job.pk])).status_code in (401, 403)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 302


def test_a_finished_job_prints_its_rejected_rows_in_the_language_of_the_command():
    from django.utils import translation

    from pramoen.jobs.cli import print_job
    from pramoen.jobs.models import Job

    job = Job(
        outcome=["อ่าน 3 แถว"], rejects=[{"row": r, "field": "amount", "reason": "x"} for r in range(2, 5)]
    )
    lines: list[str] = []
    print_job(job, lines.append, show_rejects=2)
    assert lines == ["อ่าน 3 แถว", "  แถวที่ 2 คอลัมน์ amount: x", "  แถวที่ 3 คอลัมน์ amount: x",
                     "  … และแถวที่ไม่รับอีก 1 แถว"]  # fmt: skip
    with translation.override("en"):
        lines = []
        print_job(Job(rejects=[{"sheet": "H1", "row": 7, "column": "B", "reason": "y"}]), lines.append)
    assert lines == ["  H1 row 7, B: y"]
