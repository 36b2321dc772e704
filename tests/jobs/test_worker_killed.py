"""A worker killed with ``kill -9`` in the middle of a complaint import: the job is marked failed with a
clear message, the database holds none of the file, and running it again imports it once (no duplicates),
as does a third run.  On PostgreSQL, with the worker a real separate process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection

from pramoen.core.audit import acting_as
from pramoen.feeds.complaints.models import Ticket
from pramoen.feeds.jobs import feed_import_path
from pramoen.jobs.models import Job
from pramoen.jobs.registry import CACHE, progress_key
from pramoen.jobs.services import job_retry, jobs_reap
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup, User
from pramoen.orgs.reference import load_reference
from tests.conftest import PASSWORD, checkout_env
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TICKETS = 60_000


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    pramoen = Path(sys.executable).parent / "pramoen"
    return subprocess.Popen([str(pramoen), "worker", "--interval", "0.2"], env=env, stdout=subprocess.DEVNULL)


def _wait(predicate: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def test_a_killed_worker_leaves_no_half_import_and_the_job_can_run_again(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("a second process needs the test database on a server (PostgreSQL)")
    media, cache_dir = tmp_path / "media", tmp_path / "jobs-cache"
    settings.MEDIA_ROOT = media
    settings.CACHES = {
        **settings.CACHES,
        "jobs": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(cache_dir),
        },
    }
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    point = inside(1004)
    rows = [
        api_row(f"2024-KL{i:06d}", offset(point, i % 900), f"2024-01-{1 + i % 28:02d} 03:00:00+00")
        for i in range(TICKETS)
    ]
    path = write_csv(tmp_path / "big.csv", API_HEADER, rows)
    with acting_as(label="system:test"):
        job = feed_import_path(feed="complaints", path=path, actor=None, enqueue=True)
    db = connection.settings_dict
    env = {
        **checkout_env(),
        "PRAMOEN_TESTING": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "PRAMOEN_MEDIA_ROOT": str(media),
        "PRAMOEN_JOBS_CACHE_DIR": str(cache_dir),
    }
    worker = _worker(env)
    try:
        # kill it once the import is under way (its progress shows rows written)
        _wait(lambda: (caches[CACHE].get(progress_key(job.pk)) or {}).get("done", 0) >= 10, 300)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING  # as the dead worker left it
    time.sleep(7)  # a live job beats every 5 s
    assert jobs_reap(lost_after=6) == [job.pk]
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "run it again" in job.error_en
    assert Ticket.objects.count() == 0  # nothing of the file: one transaction
    # "Run it again" on the job's page, by the evaluation office, and a worker that runs what is queued
    retried = job_retry(actor=User.objects.get(username="eval.officer"), job=job)
    burst = subprocess.run(
        [str(Path(sys.executable).parent / "pramoen"), "worker", "--burst"],
        env=env,
        capture_output=True,
        timeout=600,
    )
    assert burst.returncode == 0, burst.stderr.decode()[-2000:]
    retried.refresh_from_db()
    assert retried.state == Job.State.DONE and Ticket.objects.count() == TICKETS
    with acting_as(label="system:test"):
        third = feed_import_path(feed="complaints", path=path, actor=None)
    assert third.state == Job.State.DONE and third.summary["unchanged"] == TICKETS
    assert Ticket.objects.count() == TICKETS
