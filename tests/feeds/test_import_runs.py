"""One import-run model for every feed (feeds.ImportRun): the migration that moved the four feeds' own
records into it (and back), the run each import writes, and the import pages that list their feed's runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pramoen.core.audit import acting_as
from pramoen.feeds.budget.models import BudgetLine, BudgetMovement
from pramoen.feeds.complaints.models import StateChange, Ticket
from pramoen.feeds.models import ImportRun
from pramoen.feeds.runs import import_run_done, import_run_start
from pramoen.feeds.services.demo import load_processes
from pramoen.feeds.services.models import ServiceProcess, ServiceRecord
from pramoen.feeds.surveys.models import Response
from pramoen.jobs.models import Job
from pramoen.orgs.models import Agency
from tests.feeds.surveys.conftest import build, make_indicator

BEFORE = [
    ("complaints", "0009_stars_place"),
    ("services", "0004_digital_systems"),
    ("budget", "0003_plan_read_from_the_indicator"),
    ("surveys", "0001_initial"),
]
AT = timezone.make_aware(dt.datetime(2024, 1, 10, 9, 0))
LATER_MONTHS = [dt.date(2023, 12, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 1)]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; the historical apps there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _old_rows(apps: Any, survey_pk: int, agency_pk: int, process_pk: int) -> dict[str, int]:
    """One run of each old model, taken ids that overlap (1, 2, …), each with a row that points at it."""
    old_run = apps.get_model("complaints", "ImportRun").objects.create(
        file_name="traffy.csv", file_format="api", status="done", actor_label="eval.officer", rows_read=3,
        inserted=2, updated=1, unchanged=0, rejected=1, state_changes=4,
        rejects=[{"row": 3, "field": "timestamp", "reason": "x"}],
    )  # fmt: skip
    ticket = apps.get_model("complaints", "Ticket").objects.create(
        ticket_id="2024-MIG001", created_at=AT, last_run_id=old_run.pk
    )
    apps.get_model("complaints", "StateChange").objects.create(
        ticket_id=ticket.pk, observed_at=AT, state="รอรับเรื่อง", run_id=old_run.pk
    )
    service = apps.get_model("services", "ServiceImport").objects.create(
        filename="oss.csv", sha256="a" * 64, layout="counts", rows_read=5, created=4, updated=1, is_demo=True
    )
    records = apps.get_model("services", "ServiceRecord").objects
    records.create(
        agency_id=agency_pk, process_id=process_pk, month=dt.date(2023, 11, 1), channel="online", count=7,
        batch_id=service.pk,
    )  # fmt: skip
    # three more files (old ids 2–4): whichever feed moves first, one of their new ids (from 2 to 4) is
    # another file's old id, and each record still moves once, to its own file's run
    for month in LATER_MONTHS:
        later = apps.get_model("services", "ServiceImport").objects.create(
            filename=f"oss-{month:%m}.csv", sha256="c" * 64, layout="counts", rows_read=1, created=1
        )
        records.create(
            agency_id=agency_pk, process_id=process_pk, month=month, channel="online", count=9,
            batch_id=later.pk,
        )  # fmt: skip
    budget = apps.get_model("budget", "BudgetImport").objects.create(
        filename="budget.csv", sha256="b" * 64, rows_read=2, lines=1, entries=1
    )
    line = apps.get_model("budget", "BudgetLine").objects.create(
        agency_id=agency_pk, fiscal_year=2567, code="OP-1", name="ค่าใช้สอย", budget_type="operating",
        approved=D(1000), batch_id=budget.pk,
    )  # fmt: skip
    apps.get_model("budget", "BudgetMovement").objects.create(
        line_id=line.pk, kind="disbursement", ref="DV-1", date=dt.date(2023, 12, 1), amount=D(10),
        batch_id=budget.pk,
    )  # fmt: skip
    paper = apps.get_model("surveys", "PaperImport").objects.create(
        survey_id=survey_pk, file_name="paper.xlsx", rows=1
    )
    apps.get_model("surveys", "Response").objects.create(
        survey_id=survey_pk, agency_id=agency_pk, channel="paper", paper_import_id=paper.pk, paper_row=2,
        answers={},
    )  # fmt: skip
    return {"complaints": old_run.pk, "services": service.pk, "budget": budget.pk, "surveys": paper.pk}


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_feeds_runs_into_the_shared_model_and_back(reference_data, personas):
    survey = build(personas, make_indicator())
    agency = Agency.objects.get(code="1004")
    load_processes()
    process = ServiceProcess.objects.order_by("pk").first()
    assert process is not None
    after = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _old_rows(_migrate(BEFORE), survey.pk, agency.pk, process.pk)
    # the import jobs that wrote them kept their ids in their summaries: the runs name their jobs
    complaint_job = Job.objects.create(
        kind="feed_import", label="c", params={"feed": "complaints"}, summary={"run": old["complaints"]}
    )
    service_job = Job.objects.create(
        kind="feed_import", label="s", params={"feed": "services"}, summary={"batch": old["services"]}
    )
    assert set(old.values()) == {1}  # each old table starts at 1: the new ids cannot all be kept

    _migrate(after)
    for month in LATER_MONTHS:
        assert ServiceRecord.objects.get(month=month).batch.file_name == f"oss-{month:%m}.csv"
    runs = {r.feed: r for r in ImportRun.objects.exclude(file_name__startswith="oss-")}
    assert set(runs) == {"complaints", "services", "budget", "surveys"} and ImportRun.objects.count() == 7
    complaint = runs["complaints"]
    # complaint runs keep their ids: tickets and history rows are not rewritten
    assert complaint.pk == old["complaints"]
    assert (complaint.file_name, complaint.file_format, complaint.status) == ("traffy.csv", "api", "done")
    assert complaint.figures == {"inserted": 2, "updated": 1, "unchanged": 0, "state_changes": 4}
    assert (complaint.rejected, complaint.rejects[0]["row"], complaint.rows_read) == (1, 3, 3)
    assert Ticket.objects.get(ticket_id="2024-MIG001").last_run == complaint
    assert StateChange.objects.get().run == complaint
    assert (complaint.job, runs["services"].job, runs["budget"].job) == (complaint_job, service_job, None)
    service = runs["services"]
    assert service.pk != old["services"]  # the complaint run kept id 1
    assert ServiceRecord.objects.get(month=dt.date(2023, 11, 1)).batch == service
    assert (service.file_name, service.sha256, service.file_format, service.is_demo) == (
        "oss.csv", "a" * 64, "counts", True,
    )  # fmt: skip
    assert service.figures == {"created": 4, "updated": 1} and service.rows_read == 5
    budget = runs["budget"]
    assert BudgetLine.objects.get().batch == budget and BudgetMovement.objects.get().batch == budget
    assert budget.figures == {"lines": 1, "entries": 1}
    paper = runs["surveys"]
    assert Response.objects.get().paper_import == paper
    assert (paper.subject_pk, paper.figures, paper.file_name) == (survey.pk, {"responses": 1}, "paper.xlsx")
    # the next run takes an id after the copied ones (PostgreSQL: the sequence was reset)
    with acting_as(label="system:test"):
        fresh = import_run_start(feed="budget", file_name="next.csv")
    assert fresh.pk > ImportRun.objects.exclude(pk=fresh.pk).order_by("-pk")[0].pk
    fresh.delete()

    back = _migrate(BEFORE)  # and back: the old records again, the rows pointing at them
    old_run = back.get_model("complaints", "ImportRun").objects.get()
    assert (old_run.pk, old_run.inserted, old_run.state_changes) == (complaint.pk, 2, 4)
    assert back.get_model("complaints", "Ticket").objects.get().last_run_id == old_run.pk
    imports = back.get_model("services", "ServiceImport").objects
    service_import = imports.get(filename="oss.csv")
    assert (service_import.created, service_import.layout, service_import.sha256) == (4, "counts", "a" * 64)
    records = back.get_model("services", "ServiceRecord").objects
    assert records.get(month=dt.date(2023, 11, 1)).batch_id == service_import.pk
    for month in LATER_MONTHS:
        assert records.get(month=month).batch_id == imports.get(filename=f"oss-{month:%m}.csv").pk
    budget_import = back.get_model("budget", "BudgetImport").objects.get()
    assert back.get_model("budget", "BudgetMovement").objects.get().batch_id == budget_import.pk
    paper_import = back.get_model("surveys", "PaperImport").objects.get()
    assert (paper_import.survey_id, paper_import.rows) == (survey.pk, 1)
    assert back.get_model("surveys", "Response").objects.get().paper_import_id == paper_import.pk
    assert not ImportRun.objects.exists()
    _migrate(after)


def test_a_run_names_who_imported_it_and_the_job_that_ran_it(personas):
    officer = personas["eval.officer"]
    job = Job.objects.create(kind="feed_import", started_by=officer, label="x")
    with acting_as(officer, job_id=job.pk):
        run = import_run_start(feed="services", file_name="a.csv", data=b"abc", file_format="counts")
    assert (run.imported_by, run.actor_label, run.job, run.status) == (
        officer,
        "eval.officer",
        job,
        "running",
    )
    assert run.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    import_run_done(run, rows_read=3, figures={"created": 3}, rejects=[{"row": 2}])
    run.refresh_from_db()
    assert (run.status, run.rows_read, run.figures, run.rejected) == ("done", 3, {"created": 3}, 1)
    assert run.finished_at is not None and list(job.import_runs.all()) == [run]


PAGES = {"complaints": "/complaints/import/", "services": "/services/import/", "budget": "/budget/import/"}


def test_each_import_page_lists_the_runs_of_its_own_feed_only(client_for):
    with acting_as(label="system:test"):
        for feed in PAGES:
            run = import_run_start(feed=feed, file_name=f"file-of-{feed}.csv")
            import_run_done(run, figures={})
    client = client_for("eval.officer")
    for feed, url in PAGES.items():
        page = client.get(url).content.decode()
        assert f"file-of-{feed}.csv" in page, feed
        assert all(f"file-of-{other}.csv" not in page for other in PAGES if other != feed), feed
        assert client_for("bangrak.staff").get(url).status_code == 403


def test_each_import_page_says_who_imported_a_file_in_words(client_for, personas):
    """A person by name; work the system did by the work's name in Thai, never the code ``system:demo``."""
    with acting_as(label="system:demo"):
        for feed in PAGES:
            import_run_done(import_run_start(feed=feed, file_name=f"demo-{feed}.csv"), figures={})
    with acting_as(personas["eval.officer"]):
        for feed in PAGES:
            import_run_done(import_run_start(feed=feed, file_name=f"own-{feed}.csv"), figures={})
    client = client_for("eval.officer")
    for feed, url in PAGES.items():
        page = client.get(url).content.decode()
        assert "ระบบ (โหลดข้อมูลสาธิต)" in page, feed
        assert personas["eval.officer"].display_name in page.split("<tbody>", 1)[1], feed
        assert ">system<" not in page and "system:demo" not in page, feed
