"""The database restarting under a running job: PostgreSQL, with ``pramoen worker`` a real separate process.

A restart is played on the test's own database only, never by restarting the server (other test runs
share it): the worker's connections are cut with ``pg_terminate_backend`` (what a restart does to every
client; the worker's backends are found by the application name its environment gives libpq), and "the
database refuses connections for a while" is ``ALTER DATABASE … ALLOW_CONNECTIONS false``, undone in a
``finally``.

The job is a Traffy Fondue pull (a job kind that commits page by page) held in the middle of writing its
second page: the fake source holds page 2 until the test has locked the pull's row, so the worker imports
the page's tickets, moves the cursor and then waits, inside that page's transaction, to save the pull's
counts.  That is when its connections are cut.  Then: the job is failed (never left running) with a Thai
message saying what happened and what is kept, page 1 is whole and nothing of page 2 is in, the worker
lives on, and "run it again" on the job's page completes the pull with no ticket twice."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from psycopg import sql

from pramoen.connectors.models import ConnectorState, Pull
from pramoen.connectors.schedule import pull_now
from pramoen.connectors.services import connector_start_from
from pramoen.core.audit import acting_as
from pramoen.feeds.complaints.models import Ticket, TicketDistrict
from pramoen.feeds.jobs import feed_import_path
from pramoen.feeds.models import ImportRun
from pramoen.jobs.models import Job
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from pramoen.scoring.models import ScoreResult
from tests.conftest import checkout_env
from tests.connectors.conftest import T0, component_4_for, tickets
from tests.connectors.fake_traffy import FakeTraffy
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_1 = [f"2024-TST{i:03d}" for i in range(1, 6)]
EVERY_TICKET = sorted(PAGE_1 + [f"2024-PNK{i:03d}" for i in range(1, 11)])
CURSOR_AFTER_PAGE_1 = {"since": (T0 + dt.timedelta(minutes=5)).isoformat(), "offset": 1}


class Database:
    """What the test does to PostgreSQL, through connections of its own (the test's Django connection is
    left alone): find the worker's backends by their application name, cut them, refuse new ones."""

    def __init__(self, app: str):
        db = connection.settings_dict
        self.name, self.app = db["NAME"], app
        self.params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
        self.admin = psycopg.connect(**self.params, dbname=self.name, autocommit=True)
        # ALTER DATABASE … ALLOW_CONNECTIONS is refused from inside the database itself
        self.cluster = psycopg.connect(**self.params, dbname="postgres", autocommit=True)
        self.lockers: list[psycopg.Connection[Any]] = []

    def worker_backends(self, **where: str) -> list[int]:
        query = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = %s"
        args: list[Any] = [self.name, self.app]
        for column, value in where.items():
            query += f" AND {column} = %s"
            args.append(value)
        return [pid for (pid,) in self.admin.execute(query, args).fetchall()]

    def writes(self, pid: int, table: str) -> bool:
        """Whether backend ``pid`` holds a write lock on ``table``: rows written, not committed yet."""
        found = self.admin.execute(
            "SELECT 1 FROM pg_locks WHERE pid = %s AND relation = %s::regclass AND mode = 'RowExclusiveLock'",
            [pid, table],
        ).fetchone()
        return found is not None

    def cut_worker(self) -> int:
        """End every connection of the worker, as a restart of the server does; how many were ended."""
        ended = self.admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [self.name, self.app],
        ).fetchall()
        return sum(1 for (ok,) in ended if ok)

    def allow_connections(self, allowed: bool) -> None:
        self.cluster.execute(
            sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                sql.Identifier(self.name), sql.SQL("true" if allowed else "false")
            )
        )

    def lock_row(self, table: str, pk: int) -> psycopg.Connection[Any]:
        """A transaction of the test's holding row ``pk`` of ``table`` (``rollback()`` lets it go)."""
        locker = psycopg.connect(**self.params, dbname=self.name)
        self.lockers.append(locker)
        locker.execute(
            sql.SQL("SELECT 1 FROM {} WHERE id = %s FOR UPDATE").format(sql.Identifier(table)), [pk]
        )
        return locker

    def lock_table(self, table: str) -> psycopg.Connection[Any]:
        """A transaction of the test's in which nobody else may write ``table``."""
        locker = psycopg.connect(**self.params, dbname=self.name)
        self.lockers.append(locker)
        locker.execute(sql.SQL("LOCK TABLE {} IN SHARE MODE").format(sql.Identifier(table)))
        return locker

    def close(self) -> None:
        for locker in self.lockers:
            locker.close()
        self.allow_connections(True)
        self.admin.close()
        self.cluster.close()


@pytest.fixture
def fake() -> Iterator[FakeTraffy]:
    source = FakeTraffy().start()
    yield source
    source.stop()


@pytest.fixture
def worker(
    fake: FakeTraffy, tmp_path: Path, settings: Any
) -> Iterator[tuple[subprocess.Popen[bytes], Database]]:
    """``pramoen worker`` in a process of its own on the test database, and the test's hold on that
    database; the source has three pages of five tickets (บางรัก, then พระนคร twice) and holds page 2."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the worker is a second process and its connections are cut on the server"
        )
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    component_4_for(Agency.objects.get(code="1004"))  # page 1's district: its score follows the page
    connector_start_from(actor=None, key="traffy", since=T0)
    fake.put(*tickets(5, code=1004))
    fake.put(*tickets(10, code=1001, start=T0 + dt.timedelta(hours=1), prefix="2024-PNK"))
    fake.hold_at = 5  # the position of page 2's first ticket
    app = f"pramoen-test-worker-{uuid.uuid4().hex[:8]}"
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads the worker reads
    db = connection.settings_dict
    env = {
        **checkout_env(),
        "PRAMOEN_TESTING": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "PGAPPNAME": app,  # libpq's: each of the worker's backends carries it in pg_stat_activity
        "PRAMOEN_JOBS_CACHE_DIR": str(tmp_path / "jobs-cache"),
        "PRAMOEN_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRAMOEN_TRAFFY_URL": fake.url,
        "PRAMOEN_TRAFFY_PAGE_SIZE": "5",
        "PRAMOEN_TRAFFY_RETRIES": "1",
        "PRAMOEN_TRAFFY_TIMEOUT": "120",
    }
    database = Database(app)
    pramoen = Path(sys.executable).parent / "pramoen"
    process = subprocess.Popen(
        [str(pramoen), "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process, database
    finally:
        fake.release.set()
        database.close()  # connections allowed again, whatever happened
        if process.poll() is None:
            process.kill()
        process.wait(30)


def _wait(predicate: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)
    return value


def _ended(job: Job, seconds: float = 60) -> Job:
    ended = [Job.State.DONE, Job.State.FAILED]
    return _wait(lambda: Job.objects.filter(pk=job.pk, state__in=ended).first(), seconds, f"job {job.pk}")


def _hold_inside_page_2(fake: FakeTraffy, database: Database) -> psycopg.Connection[Any]:
    """Page 1 committed and page 2 asked for: lock the pull's row and let the page come; returns the lock
    once the worker waits for it with page 2's tickets written and not committed."""
    assert fake.arrived.wait(120), "the worker never asked for page 2"
    locker = database.lock_row(Pull._meta.db_table, Pull.objects.get(state=Pull.State.RUNNING).pk)
    fake.release.set()
    (pid,) = _wait(lambda: database.worker_backends(wait_event_type="Lock"), 60, "the worker inside page 2")
    assert database.writes(pid, Ticket._meta.db_table)
    return locker


def _only_page_1_is_in(job: Job) -> None:
    """The job failed, saying what happened and what is kept, and the data is page 1, whole."""
    assert job.state == Job.State.FAILED
    assert job.error.startswith("ขาดการเชื่อมต่อกับฐานข้อมูลระหว่างบันทึกหน้าที่ 2 ของการดึงข้อมูลนี้")
    assert "หน้านั้นไม่ถูกบันทึก" in job.error and "1 หน้าก่อนหน้านั้นยังอยู่ครบ (ใหม่ 5 เรื่อง" in job.error
    assert not re.search("[A-Za-z]", job.error), job.error  # Thai through and through, no driver's English
    assert job.error_en.startswith("The connection to the database was lost during page 2 of this pull")
    assert sorted(Ticket.objects.values_list("ticket_id", flat=True)) == PAGE_1
    assert ConnectorState.objects.get(key="traffy").cursor == CURSOR_AFTER_PAGE_1
    assert ImportRun.objects.count() == 1  # page 2's import record went with its transaction
    pull = Pull.objects.get()  # recorded failed (not left "running"), counting only what the database holds
    assert (pull.state, pull.pages, pull.new, pull.error) == (Pull.State.FAILED, 1, 5, job.error)
    # and the scores page 1 touched were recomputed (บางรัก's component 4), nothing left pending
    assert (
        pull.pending == {}
        and ScoreResult.objects.filter(assignment__agency__code="1004", status="scored").exists()
    )


def _run_it_again(client: Any, job: Job) -> Job:
    """ "Run it again" on the failed job's page; the worker completes the pull with no ticket twice."""
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200 and job.error in page.content.decode()
    answer = client.post(reverse("jobs:retry", args=[job.pk]))
    again = Job.objects.get(retry_of=job)
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs:detail", args=[again.pk])
    again = _ended(again)
    assert again.state == Job.State.DONE, again.error
    assert (again.summary["new"], again.summary["changed"], again.summary["unchanged"]) == (10, 0, 0)
    assert sorted(Ticket.objects.values_list("ticket_id", flat=True)) == EVERY_TICKET
    assert ImportRun.objects.count() == 3  # pages 1, 2 and 3, once each
    return again


def test_a_database_restart_mid_page_fails_the_job_keeps_page_1_and_running_it_again_completes(
    fake, worker, personas, client_for
):
    process, database = worker
    job = pull_now(actor=personas["eval.officer"], key="traffy")
    locker = _hold_inside_page_2(fake, database)
    assert database.cut_worker() >= 1  # the restart: every connection of the worker ends
    locker.rollback()

    _only_page_1_is_in(_ended(job))
    assert process.poll() is None  # the worker lives on, and takes the next job
    _run_it_again(client_for("eval.officer"), job)
    assert process.poll() is None


@pytest.mark.slow
def test_a_database_refusing_connections_for_a_while_mid_job_and_while_idle(
    fake, worker, personas, client_for
):
    process, database = worker
    job = pull_now(actor=personas["eval.officer"], key="traffy")
    locker = _hold_inside_page_2(fake, database)
    database.allow_connections(False)
    assert database.cut_worker() >= 1
    locker.rollback()
    time.sleep(6)  # the worker cannot reach the database: the job's end cannot be written yet
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING and process.poll() is None
    database.allow_connections(True)
    back = time.monotonic()
    job = _ended(job, 30)
    assert time.monotonic() - back < 10  # recorded within a few seconds of the database's return
    _only_page_1_is_in(job)

    # the database away while the worker waits for work: it waits for the database, it does not exit
    database.allow_connections(False)
    database.cut_worker()
    time.sleep(5)
    database.allow_connections(True)
    time.sleep(1)
    assert process.poll() is None
    _run_it_again(client_for("eval.officer"), job)


def test_a_database_cut_and_refusing_mid_upload_fails_the_job_saves_none_of_the_file_and_running_it_again_does(
    fake, worker, personas, client_for, tmp_path
):
    """An upload (one transaction for the whole file) cut while its tickets are written, the database then
    refusing connections for 3 s: none of the file, and the job's ending written once it is back."""
    process, database = worker
    point = inside(1004)
    rows = [api_row(f"2024-UPL{i:03d}", offset(point, 50 * i), "2024-01-05 03:00:00+00") for i in range(40)]
    path = write_csv(tmp_path / "tickets.csv", API_HEADER, rows)
    # the test holds the ticket-district table: the worker writes the tickets, then waits to link them
    locker = database.lock_table(TicketDistrict._meta.db_table)
    with acting_as(personas["eval.officer"]):
        job = feed_import_path(feed="complaints", path=path, actor=personas["eval.officer"], enqueue=True)
    (pid,) = _wait(
        lambda: database.worker_backends(wait_event_type="Lock"), 60, "the worker inside the import"
    )
    assert database.writes(pid, Ticket._meta.db_table)
    database.allow_connections(False)
    assert database.cut_worker() >= 1
    locker.rollback()
    time.sleep(3)
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING  # its ending cannot be written yet
    database.allow_connections(True)

    job = _ended(job, 30)
    assert job.state == Job.State.FAILED
    assert job.error.startswith("ขาดการเชื่อมต่อกับฐานข้อมูลระหว่างที่งานนี้ทำงาน")
    assert "ข้อมูลที่งานกำลังบันทึกอยู่ขณะนั้นไม่ถูกบันทึกเลย" in job.error
    assert not re.search("[A-Za-z]", job.error), job.error
    assert job.error_en.startswith("The connection to the database was lost while this job was running")
    assert not Ticket.objects.exists() and not TicketDistrict.objects.exists()  # none of the file
    # the import's own record (the complaints page's import history) ended too, in Thai
    (record,) = ImportRun.objects.all()
    assert record.status == ImportRun.Status.FAILED
    assert record.error.startswith("ขาดการเชื่อมต่อกับฐานข้อมูลระหว่างการนำเข้านี้"), record.error
    assert not re.search("[A-Za-z]", record.error), record.error
    assert process.poll() is None

    client = client_for("eval.officer")
    answer = client.post(reverse("jobs:retry", args=[job.pk]))
    assert answer.status_code == 302
    again = _ended(Job.objects.get(retry_of=job))
    assert again.state == Job.State.DONE, again.error
    assert Ticket.objects.count() == 40 and again.summary["inserted"] == 40
