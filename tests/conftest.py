"""Shared fixtures: the demo personas, one per role, in different agencies."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from pramoen.orgs.models import User
from tests.demo_rows import load_demo_rows

PASSWORD = "Test-pass-2567!"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty page cache: the test database is rolled back after every test but
    the in-process cache is not, so a page cached by one test (under a generation token that did not move,
    since on_commit hooks do not run in a rolled-back test) would be served to the next one."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from pramoen.core import generation

    if isinstance(caches["default"], LocMemCache):  # never a Redis another run may share
        caches["default"].clear()
    generation.forget_local()  # and this process's read copies of cached pages
    yield


@pytest.fixture
def reference_data(transactional_db: Any) -> None:
    """A transactional test after another one starts without the migrations' reference data (the flush
    between them empties every table): the district groups, agencies and districts, loaded again."""
    from pramoen.orgs.models import Agency, District, DistrictGroup
    from pramoen.orgs.reference import load_reference

    if not DistrictGroup.objects.exists():
        load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)


@pytest.fixture
def personas(db: Any) -> dict[str, User]:
    """bangrak.staff, bangrak.head, sathon.staff, eval.officer, executive, admin, … (see orgs/demo.py): the
    rows of the run's first ``load_demo``, copied (tests/demo_rows.py)."""
    load_demo_rows(password=PASSWORD)
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def client_for(personas: dict[str, User]) -> Any:
    """``client_for("bangrak.staff")`` → a test client signed in as that persona."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(personas[username])
        return client

    return make


@pytest.fixture
def run_jobs(db: Any, monkeypatch: Any) -> Any:
    """``run_jobs()`` → the worker runs every queued job here and now (``pramoen worker --burst``), and
    returns the jobs that ran.

    The worker closes the connections a request would leave behind; inside a test's transaction that would
    close the test's own connection (on PostgreSQL: autocommit is off there), so here it closes none."""
    import django_tasks_db.management.commands.db_worker as db_worker

    from pramoen.jobs import worker
    from pramoen.jobs.models import Job
    from pramoen.jobs.worker import run_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)

    def run() -> list[Job]:
        before = set(Job.objects.filter(state=Job.State.QUEUED).values_list("pk", flat=True))
        run_worker(burst=True, interval=0)
        return list(Job.objects.filter(pk__in=before).order_by("pk"))

    return run


ROOT = Path(__file__).resolve().parent.parent


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment for a ``pramoen`` subprocess that runs this checkout's code (as pytest's
    ``pythonpath`` does here), whichever checkout the virtualenv was installed from."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **extra}


# Playwright on Debian's Chromium (never a downloaded browser).  One instance for the whole session, here at
# the root: Playwright's sync API cannot start a second time while the first one runs.
CHROMIUM = os.environ.get("PRAMOEN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
