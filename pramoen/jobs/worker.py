"""``pramoen worker``: runs queued jobs, starts scheduled ones and notices jobs whose process died.

Any number of workers on any number of machines share one queue: the database's (the default; rows are
claimed under a lock) or Redis's (RQ).  Each worker also, every ``HOUSEKEEPING`` seconds, starts the
schedules that are due (one worker wins each: the schedule row is updated conditionally) and reaps lost
jobs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid

from django.core.cache import caches
from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone

from pramoen.core import audit
from pramoen.core.database import connection_lost, first_line
from pramoen.jobs.models import Job, Schedule
from pramoen.jobs.registry import CACHE, schedules
from pramoen.jobs.services import job_enqueue, jobs_reap

log = logging.getLogger(__name__)

HOUSEKEEPING = 30  # seconds
DATABASE_AWAY_WAIT = 2.0  # seconds between two looks for a database that went away
WORKER_BEAT_KEY = "pramoen:workers:last-beat"
_worker_id = ""


def current_worker_id() -> str:
    return _worker_id or f"{socket.gethostname()}:{os.getpid()}"


def beat() -> None:
    caches[CACHE].set(WORKER_BEAT_KEY, {"worker": current_worker_id(), "at": time.time()}, timeout=3600)


def last_beat() -> dict[str, object] | None:
    """The last heartbeat of any worker (for /healthz and the jobs page)."""
    value = caches[CACHE].get(WORKER_BEAT_KEY)
    return value if isinstance(value, dict) else None


def run_schedules(now: dt.datetime | None = None) -> list[Job]:
    """Enqueue every declared schedule that is due and not paused; returns the jobs started."""
    now = now or timezone.now()
    started = []
    for kind, spec in schedules().items():
        row, _created = Schedule.objects.get_or_create(
            kind=kind, defaults={"next_run_at": spec.next_after(now)}
        )
        if row.paused or row.next_run_at is None or row.next_run_at > now:
            continue
        with transaction.atomic():
            # one worker wins: the row moves on only if nobody moved it first
            won = Schedule.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
                next_run_at=spec.next_after(now)
            )
            if not won:
                continue
            with audit.acting_as(label=f"system:schedule:{kind}"):
                job = job_enqueue(kind=kind, actor=None, params=spec.params)
            Schedule.objects.filter(pk=row.pk).update(last_job=job)
        started.append(job)
    return started


def housekeeping() -> None:
    beat()
    try:
        jobs_reap()
        run_schedules()
    except DatabaseError:
        log.warning("worker housekeeping skipped: the database is busy or away")
    finally:
        close_old_connections()


def _housekeeper(stop: threading.Event) -> None:
    while not stop.wait(HOUSEKEEPING):
        housekeeping()


def run_worker(*, burst: bool = False, interval: float = 1.0, queues: str = "*") -> None:
    """Run jobs until stopped (or, with ``burst``, until the queue is empty)."""
    global _worker_id
    _worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    housekeeping()
    stop = threading.Event()
    keeper = None
    if not burst:
        keeper = threading.Thread(target=_housekeeper, args=(stop,), name="housekeeping", daemon=True)
        keeper.start()
    try:
        from django_tasks import default_task_backend

        if default_task_backend.__class__.__module__.startswith("django_tasks_rq"):
            _run_rq(burst=burst, queues=queues)
        else:
            _run_db(burst=burst, interval=interval, queues=queues)
    finally:
        stop.set()


def _run_db(*, burst: bool, interval: float, queues: str) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=queues.split(","),
        interval=interval,
        batch=burst,
        backend_name="default",
        startup_delay=not burst,
        max_tasks=None,
        worker_id=_worker_id[:64],
        excluded_queue_names=[],
    )
    if not burst and threading.current_thread() is threading.main_thread():
        worker.configure_signals()  # Ctrl-C ends the job in hand first
    while True:
        try:
            worker.run()
            return
        except DatabaseError as exc:
            # the database restarted or refuses connections: wait for it rather than exit (a job in hand
            # has recorded its own ending already; see job_execute)
            if burst or not connection_lost(exc):
                raise
            log.warning("worker: the database is away (%s); waiting for it", first_line(exc))
        time.sleep(DATABASE_AWAY_WAIT)
        close_old_connections()
        if not worker.running:  # Ctrl-C while waiting
            return


def _run_rq(*, burst: bool, queues: str) -> None:
    import django_rq

    names = None if queues == "*" else queues.split(",")
    worker = django_rq.get_worker(*(names or ["default"]))
    worker.work(burst=burst, with_scheduler=True)
