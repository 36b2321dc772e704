"""The Traffy Fondue connector against a local fake of the public API: first and incremental pulls, a page
that fails then succeeds, a malformed page, a source that is down, the cursor after a failure, and the
per-pull summary."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pramoen.connectors.models import ConnectorState, Pull
from pramoen.connectors.services import connector_pull, connector_start_from
from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints.models import StateChange, Ticket
from tests.connectors.conftest import T0, tickets

DONE = "เสร็จสิ้น"


@pytest.fixture
def started(db, traffy):
    connector_start_from(actor=None, key="traffy", since=T0)
    traffy.put(*tickets(12))
    return traffy


def _cursor() -> dict:
    return ConnectorState.objects.get(key="traffy").cursor


def test_the_first_pull_reads_every_page_and_stores_the_cursor(started):
    run = connector_pull(key="traffy")
    assert (run.state, run.pages, run.new, run.changed, run.rejected) == ("done", 3, 12, 0, 0)
    assert Ticket.objects.count() == 12
    # each page asks from the newest moment of the last one, skipping the ticket(s) of that moment
    assert [(r["last_activity_start"], r["offset"]) for r in started.requests] == [
        (T0.isoformat(), "0"),
        ((T0 + dt.timedelta(minutes=5)).isoformat(), "1"),
        ((T0 + dt.timedelta(minutes=10)).isoformat(), "1"),
    ]
    assert _cursor() == {"since": (T0 + dt.timedelta(minutes=12)).isoformat(), "offset": 1}
    ticket = Ticket.objects.get(ticket_id="2024-TST001")
    assert ticket.state == "รอรับเรื่อง" and ticket.lon is not None


def test_an_incremental_pull_takes_only_what_changed_and_records_state_changes(started):
    connector_pull(key="traffy")
    later = T0 + dt.timedelta(hours=3)
    started.change("2024-TST003", state=DONE, at=later)
    started.change("2024-TST005", state="กำลังดำเนินการ", at=later + dt.timedelta(minutes=1))
    started.put(*tickets(1, start=later, prefix="2024-NEW"))
    started.requests.clear()
    run = connector_pull(key="traffy")
    assert (run.new, run.changed, run.unchanged, run.state_changes) == (1, 2, 0, 2)
    assert started.requests[0]["last_activity_start"] == (T0 + dt.timedelta(minutes=12)).isoformat()
    assert started.requests[0]["offset"] == "1"  # the newest ticket of the last pull is not read again
    assert Ticket.objects.get(ticket_id="2024-TST003").state == DONE
    assert StateChange.objects.filter(ticket__ticket_id="2024-TST003", state=DONE).exists()
    # nothing new: a pull that reads nothing changes nothing
    again = connector_pull(key="traffy")
    assert (again.new, again.changed, again.pages) == (0, 0, 0)


def test_pulling_twice_from_the_same_cursor_is_idempotent(started):
    connector_pull(key="traffy")
    connector_start_from(actor=None, key="traffy", since=T0)
    run = connector_pull(key="traffy")
    assert (run.new, run.changed, run.unchanged, run.state_changes) == (0, 0, 12, 0)
    assert Ticket.objects.count() == 12


def test_a_page_that_fails_then_succeeds_is_retried(started):
    started.faults[5] = [(503, b"busy"), (429, b"slow down")]
    run = connector_pull(key="traffy")
    assert (run.state, run.new, run.retries) == ("done", 12, 2)


def test_a_malformed_page_is_reported_and_nothing_of_it_written(started):
    started.faults[5] = [(200, b'{"status": true, "results": [{"ticket_id": "2024-TST006"')] * 3
    with pytest.raises(ApplicationError) as exc:
        connector_pull(key="traffy")
    assert "page 2" in exc.value.message or "หน้าที่ 2" in exc.value.message
    assert "09:05" in exc.value.message  # the page's start in Bangkok time
    assert "JSON" in exc.value.message
    run = Pull.objects.get()
    assert (run.state, run.pages, run.new) == ("failed", 1, 5)
    assert Ticket.objects.count() == 5  # the first page, committed; nothing of the malformed one
    assert _cursor() == {"since": (T0 + dt.timedelta(minutes=5)).isoformat(), "offset": 1}
    started.faults[5] = [(200, b'{"status": true, "results": ["not a ticket"]}')] * 3
    with pytest.raises(ApplicationError, match=r"not a ticket|ไม่ใช่เรื่องร้องเรียน"):
        connector_pull(key="traffy")


def test_after_a_failure_the_next_pull_resumes_at_the_page_that_failed(started):
    started.faults[10] = [(500, b"down")] * 3
    with pytest.raises(ApplicationError, match="500"):
        connector_pull(key="traffy")
    assert Ticket.objects.count() == 10
    cursor = _cursor()
    assert cursor == {"since": (T0 + dt.timedelta(minutes=10)).isoformat(), "offset": 1}
    started.requests.clear()
    run = connector_pull(key="traffy")
    assert (run.new, run.unchanged, run.pages) == (2, 0, 1)  # not one ticket read twice
    assert started.requests[0]["last_activity_start"] == cursor["since"]
    assert Ticket.objects.count() == 12


def test_a_source_that_is_down_fails_the_pull_with_a_clear_message(started, settings):
    started.stop()
    with pytest.raises(ApplicationError) as exc:
        connector_pull(key="traffy")
    assert "no answer" in exc.value.message or "ไม่ตอบสนอง" in exc.value.message
    assert Pull.objects.get().state == "failed" and Ticket.objects.count() == 0
    assert ConnectorState.objects.get(key="traffy").last_success_at is None


def test_a_bad_record_is_rejected_naming_row_and_field(started):
    bad = tickets(1, prefix="2024-BAD")[0]
    bad["timestamp"] = "yesterday"
    bad["last_activity"] = (T0 + dt.timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S.%f+00")
    started.put(bad)
    run = connector_pull(key="traffy")
    assert (run.new, run.rejected) == (12, 1)
    (reject,) = run.rejects
    assert reject["field"] == "timestamp" and reject["row"] == 13


def test_one_pull_at_a_time(started):
    Pull.objects.create(connector="traffy")
    with pytest.raises(ApplicationError, match=r"already running|กำลังดึงข้อมูล"):
        connector_pull(key="traffy")


def test_the_command_pulls_with_a_summary_and_fails_clearly(started):
    out = StringIO()
    call_command("pull_complaints", "--since", T0.isoformat(), stdout=out, stderr=StringIO())
    assert "pages 3: 12 new, 0 changed" in out.getvalue()
    started.stop()
    with pytest.raises(CommandError):
        call_command("pull_complaints", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="not a date"):
        call_command("pull_complaints", "--since", "soon", stdout=StringIO(), stderr=StringIO())
