"""Imports as jobs (issue 16), with the real 185k-ticket Traffy file:

- the web upload answers at once: the POST of the file to /complaints/import/ (the file kept, the job
  queued) against a GET of the same page — target: the upload under 1 s;
- the import job with the recompute of every score it touched against the import alone (the same file
  into emptied tables) — target ≤ 1.5×;
- the worker's memory (RSS of the worker process) while it runs that job — target ≤ 500 MB.

The year: component 4 assigned to all 50 district offices in FY2565 and FY2566 (the file's tickets fall in
both).  Needs ../shared/data/traffy and PostgreSQL (the worker is a second process).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal as D
from pathlib import Path

from django.db import connection

from bench.bench_complaints import REAL, _reset
from bench.run import Result

PAIRS = int(os.environ.get("BENCH_JOBS_PAIRS", "2"))


def _year() -> None:
    from pramoen.framework.models import Assignment, Component, Indicator
    from pramoen.framework.services import fiscal_year_ensure
    from pramoen.orgs.models import Agency

    offices = list(Agency.objects.filter(kind="district_office"))
    for year in (2565, 2566):
        fy = fiscal_year_ensure(year=year)
        comp, _ = Component.objects.get_or_create(
            fiscal_year=fy, code="4", defaults={"name_th": "๔", "weight": D(10)}
        )
        levels = {"t1": D(20), "t2": D(35), "t3": D(50), "t4": D(65), "t5": D(80)}
        ind, _ = Indicator.objects.get_or_create(
            fiscal_year=fy,
            code="4",
            defaults={"component": comp, "name_th": "Traffy Fondue", "method": "complaints", **levels},
        )
        for office in offices:
            Assignment.objects.get_or_create(indicator=ind, agency=office, defaults={"weight": D(10)})


def _clear_scores() -> None:
    from pramoen.scoring.models import AgencyScore, ScoreResult

    ScoreResult.objects.all().delete()
    AgencyScore.objects.all().delete()


def _import_alone() -> float:
    from pramoen.feeds.complaints.geo import DistrictIndex
    from pramoen.feeds.complaints.importer import complaints_import

    _reset()
    DistrictIndex.forget()
    start = time.perf_counter()
    complaints_import(actor=None, path=REAL, dedup_on=True)
    return time.perf_counter() - start


def _job() -> tuple[float, dict[str, object]]:
    from pramoen.feeds.complaints.geo import DistrictIndex
    from pramoen.feeds.jobs import feed_import_path

    _reset()
    _clear_scores()
    DistrictIndex.forget()
    start = time.perf_counter()
    job = feed_import_path(feed="complaints", path=REAL, actor=None)
    seconds = time.perf_counter() - start
    assert job.state == "done", job.error
    return seconds, job.summary


def _rss_kib(pid: int) -> int:
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _worker_peak_mb() -> float:
    """Queue the import, run `pramoen worker --burst` as its own process and sample its RSS."""
    from django.conf import settings

    from pramoen.feeds.jobs import feed_import_path

    _reset()
    _clear_scores()
    job = feed_import_path(feed="complaints", path=REAL, actor=None, enqueue=True)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # the worker reads the queued file from the same storage as this process wrote it to
    env = {**os.environ, "DATABASE_URL": url, "PRAMOEN_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    worker = subprocess.Popen([str(Path(sys.executable).parent / "pramoen"), "worker", "--burst"], env=env)
    peak = 0
    while worker.poll() is None:
        peak = max(peak, _rss_kib(worker.pid))
        time.sleep(0.1)
    job.refresh_from_db()
    if job.state != "done":  # a peak of a job that never ran would measure nothing
        raise SystemExit(f"the worker's import job ended {job.state}: {job.error}")
    took = (job.finished_at - job.started_at).total_seconds() if job.finished_at and job.started_at else None
    print(f"  the worker's job #{job.pk}: {job.state} in {took} s, summary {job.summary}")
    return peak / 1024


def run() -> list[Result]:
    if not REAL.is_file() or connection.vendor != "postgresql":
        print("jobs: skipped (needs ../shared/data/traffy and PostgreSQL)")
        return []
    from django.test import Client

    from pramoen.core.audit import acting_as
    from pramoen.orgs.demo import load_demo
    from pramoen.orgs.models import User

    results: list[Result] = []
    with acting_as(label="system:bench"), tempfile.TemporaryDirectory() as media:
        from django.conf import settings

        settings.MEDIA_ROOT = media
        load_demo(password="Bench-pass-2567!")
        _year()
        client = Client()
        client.force_login(User.objects.get(username="eval.officer"))
        client.get("/complaints/import/")
        gets, posts = [], []
        for _ in range(3):
            start = time.perf_counter()
            client.get("/complaints/import/")
            gets.append(time.perf_counter() - start)
            with REAL.open("rb") as fh:
                start = time.perf_counter()
                response = client.post("/complaints/import/", {"file": fh})
                posts.append(time.perf_counter() - start)
            assert response.status_code == 302, response.status_code
        t_post, t_get = statistics.median(posts), statistics.median(gets)
        print(
            f"web upload of the 185k file: {t_post:.2f} s "
            f"(target < 1 s: {'met' if t_post < 1 else 'NOT met'})"
        )
        results.append(
            Result("web upload of the 185k file (job queued)", t_post, "GET of the import page", t_get)
        )
        from pramoen.jobs.models import Job

        Job.objects.filter(state="queued").delete()

        alone, whole = [], []
        for _ in range(PAIRS):
            alone.append(_import_alone())
            seconds, summary = _job()
            whole.append(seconds)
            print(f"  pair: import {alone[-1]:.1f} s, import job with recompute {seconds:.1f} s "
                  f"({summary.get('scores_changed')} scores changed)")  # fmt: skip
        results.append(
            Result(
                f"import job + recompute of the touched scores (185k real), median of {PAIRS}",
                statistics.median(whole), "the import alone", statistics.median(alone), 1.5,
            )
        )  # fmt: skip
        peak = _worker_peak_mb()
        print(f"worker peak RSS during the 185k import job: {peak:.0f} MB (target ≤ 500 MB: "
              f"{'met' if peak <= 500 else 'NOT met'})")  # fmt: skip
        _reset()
    return results
