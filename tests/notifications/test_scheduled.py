"""Quiet hours and the daily digest end to end: nothing calls the senders by hand — the job layer's schedule
(``notifications_due``, every 15 minutes) enqueues the job the worker runs, and that job sends what waited
for the morning and each person's digest at their digest time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from pramoen.jobs.models import Job
from pramoen.jobs.services import job_execute
from pramoen.jobs.worker import run_schedules
from pramoen.notifications import services
from pramoen.notifications.models import Delivery
from pramoen.progress.notify import notify
from tests.notifications.conftest import link

BKK = ZoneInfo("Asia/Bangkok")


def _tick(at: dt.datetime) -> list[Job]:
    """What the worker does at ``at``: start the schedules that are due and run their jobs (returns the
    notification ones; reminders and the like have schedules too)."""
    with time_machine.travel(at, tick=False):
        jobs = run_schedules()
        for job in jobs:
            job_execute(job.pk)
            job.refresh_from_db()
    return [j for j in jobs if j.kind == "notifications_due"]


def test_the_schedule_sends_what_waited_for_the_morning_and_the_digest(personas, line_api, deliver_now):
    somchai, suda = personas["bangrak.staff"], personas["sathon.staff"]  # quiet hours 21–07 by default
    link(somchai, "U-somchai")
    link(suda, "U-suda")
    with time_machine.travel(dt.datetime(2024, 5, 7, 12, 0, tzinfo=BKK), tick=False):
        services.preferences_set(
            actor=suda, channels={e: ["line"] for e in services.EVENTS}, quiet_enabled=True,
            quiet_from=dt.time(21), quiet_to=dt.time(7), digest=True, digest_at=dt.time(8),
        )  # fmt: skip
    night = dt.datetime(2024, 5, 7, 23, 30, tzinfo=BKK)
    with time_machine.travel(night, tick=False), deliver_now():
        for user in (somchai, suda):
            notify(
                users=[user], kind="returned", message="1.1 for M07 was sent back: ขอรูปเพิ่ม", url="/progress/"
            )
    assert line_api.pushes() == []  # at night: held (somchai) or gathered for the digest (suda)
    assert _tick(night) == []  # the schedule's first sight only sets its next run

    assert [j.state for j in _tick(dt.datetime(2024, 5, 8, 6, 50, tzinfo=BKK))] == ["done"]
    assert line_api.pushes() == []  # still quiet until 07:00
    assert [j.summary for j in _tick(dt.datetime(2024, 5, 8, 7, 5, tzinfo=BKK))] == [
        {"sent": 1, "digests": 0}
    ]
    assert [p["body"]["to"] for p in line_api.pushes()] == ["U-somchai"]
    assert [j.summary for j in _tick(dt.datetime(2024, 5, 8, 8, 5, tzinfo=BKK))] == [{"digests": 1}]
    assert [p["body"]["to"] for p in line_api.pushes()] == ["U-somchai", "U-suda"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    assert Job.objects.filter(kind="notifications_due", started_by=None).count() == 3
