"""The Traffy Fondue connector against a local fake of the public API: first and incremental pulls, a page
that fails then succeeds, a malformed page, a source that is down, the cursor after a failure, and the
per-pull summary."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from pramoen.connectors import feeds
from pramoen.connectors.models import ConnectorState, Pull
from pramoen.connectors.services import connector_pull, connector_start_from
from pramoen.core.errors import ApplicationError
from pramoen.core.thai import format_date
from pramoen.feeds.complaints.models import StateChange, Ticket
from tests.connectors.conftest import T0, tickets

DONE = "เสร็จสิ้น"
DAY = dt.timedelta(days=1)
FIRST_DAY = T0.astimezone(ZoneInfo("Asia/Bangkok")).date()  # 10 Jan 2024; the 12 tickets: 5, 5 and 2 a day
NOW = T0 + 2 * DAY + dt.timedelta(hours=6)  # the third day, afternoon in Bangkok


class Expect:
    """What each source asks and stores for the 12 tickets of ``started`` (5 a day over three days: the
    search source's pages of 5 and the GeoJSON feed's pages of a day hold the same tickets)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def cursor_after(self, pages: int) -> dict:
        if self.key == "search":  # the newest moment committed, and one ticket of that moment in
            i = min(5 * pages, 12)
            return {"since": (T0 + (i - 1) // 5 * DAY + dt.timedelta(minutes=i)).isoformat(), "offset": 1}
        return {"day": (FIRST_DAY + pages * DAY).isoformat(), "until": (FIRST_DAY + 2 * DAY).isoformat()}

    def asked(self, request: dict) -> str:
        return request["last_activity_start"] if self.key == "search" else request["start"]

    def at(self, cursor: dict) -> str:
        return cursor["since"] if self.key == "search" else cursor["day"]

    def where(self, page: int) -> str:
        """How the failure message names the start of ``page`` (search: a Bangkok time; geojson: a day)."""
        return (
            ("09:05", "09:10")[page - 2]
            if self.key == "search"
            else format_date(FIRST_DAY + (page - 1) * DAY)
        )

    @property
    def not_a_ticket(self) -> bytes:
        if self.key == "search":
            return b'{"status": true, "results": ["not a ticket"]}'
        return b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}'


@pytest.fixture(params=["search", "geojson"])
def started(request, db, traffy, settings):
    settings.TRAFFY_SOURCE = request.param
    with time_machine.travel(NOW, tick=True):
        connector_start_from(actor=None, key="traffy", since=T0)
        traffy.put(*tickets(12, per_day=5))
        traffy.expect = Expect(request.param)
        yield traffy


def _cursor() -> dict:
    return ConnectorState.objects.get(key="traffy").cursor


def test_the_first_pull_reads_every_page_and_stores_the_cursor(started):
    run = connector_pull(key="traffy")
    assert (run.state, run.pages, run.new, run.changed, run.rejected) == ("done", 3, 12, 0, 0)
    assert Ticket.objects.count() == 12
    asked = [started.expect.asked(r) for r in started.requests]
    if started.expect.key == "search":
        # each page asks from the newest moment of the last one, skipping the ticket(s) of that moment
        assert [(r["last_activity_start"], r["offset"]) for r in started.requests] == [
            (T0.isoformat(), "0"),
            ((T0 + dt.timedelta(minutes=5)).isoformat(), "1"),
            ((T0 + DAY + dt.timedelta(minutes=10)).isoformat(), "1"),
        ]
    else:  # a page a day, from the day of --since to today
        assert asked == [(FIRST_DAY + k * DAY).isoformat() for k in range(3)]
        assert all(r["end"] == r["start"] and r["path"].endswith("/geojson") for r in started.requests)
    assert _cursor() == started.expect.cursor_after(3)
    ticket = Ticket.objects.get(ticket_id="2024-TST001")
    assert (
        ticket.state == "รอรับเรื่อง" and ticket.lon is not None and ticket.polygon_district.name_th == "บางรัก"
    )


def test_the_area_setting_limits_every_page(started, settings):
    settings.TRAFFY_AREA = "district=บางรัก"
    connector_pull(key="traffy")
    assert started.requests and all(r["district"] == "บางรัก" for r in started.requests)


def test_an_incremental_pull_takes_only_what_changed_and_records_state_changes(started):
    connector_pull(key="traffy")
    later = T0 + 2 * DAY + dt.timedelta(hours=3)  # today, before now
    started.change("2024-TST003", state=DONE, at=later)
    started.change("2024-TST007", state="กำลังดำเนินการ", at=later + dt.timedelta(minutes=1))
    started.put(*tickets(1, start=later, prefix="2024-NEW"))
    started.requests.clear()
    run = connector_pull(key="traffy")
    # search asks for what changed since its cursor; the feed reads its look-back days again
    # (PRAMOEN_TRAFFY_LOOKBACK_DAYS, 3 here) and leaves the tickets that did not change alone
    rereads = 10 if started.expect.key == "geojson" else 0
    assert (run.new, run.changed, run.unchanged, run.state_changes) == (1, 2, rereads, 2)
    if started.expect.key == "search":
        assert (
            started.requests[0]["last_activity_start"]
            == (T0 + 2 * DAY + dt.timedelta(minutes=12)).isoformat()
        )
        assert started.requests[0]["offset"] == "1"  # the newest ticket of the last pull is not read again
    else:
        assert [r["start"] for r in started.requests] == [(FIRST_DAY + k * DAY).isoformat() for k in range(3)]
    assert Ticket.objects.get(ticket_id="2024-TST003").state == DONE
    assert StateChange.objects.filter(ticket__ticket_id="2024-TST003", state=DONE).exists()
    # nothing new: a pull that reads nothing new changes nothing
    again = connector_pull(key="traffy")
    assert (again.new, again.changed, again.state_changes) == (0, 0, 0)
    assert again.pages == (3 if rereads else 0)


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
    assert started.expect.where(2) in exc.value.message  # where the page starts
    assert "JSON" in exc.value.message
    run = Pull.objects.get()
    assert (run.state, run.pages, run.new) == ("failed", 1, 5)
    assert Ticket.objects.count() == 5  # the first page, committed; nothing of the malformed one
    assert _cursor() == started.expect.cursor_after(1)
    started.faults[5] = [(200, started.expect.not_a_ticket)] * 3
    with pytest.raises(ApplicationError, match=r"not a ticket|ไม่ใช่เรื่องร้องเรียน"):
        connector_pull(key="traffy")
    assert Ticket.objects.count() == 5 and _cursor() == started.expect.cursor_after(1)


def test_after_a_failure_the_next_pull_resumes_at_the_page_that_failed(started):
    started.faults[10] = [(500, b"down")] * 3
    with pytest.raises(ApplicationError, match="500") as exc:
        connector_pull(key="traffy")
    assert started.expect.where(3) in exc.value.message
    assert Ticket.objects.count() == 10
    cursor = _cursor()
    assert cursor == started.expect.cursor_after(2)
    started.requests.clear()
    run = connector_pull(key="traffy")
    assert (run.new, run.unchanged, run.pages) == (2, 0, 1)  # not one ticket read twice
    assert started.expect.asked(started.requests[0]) == started.expect.at(cursor)
    assert Ticket.objects.count() == 12


def test_a_crash_mid_page_leaves_the_cursor_after_the_last_committed_page(started, monkeypatch):
    """The process dies while it imports page 2 (here: an exception no handler catches, then the pull's
    process id made one that has ended): page 1 and its cursor are in, nothing of page 2; the next pull
    closes the dead one and reads page 2 on, no ticket twice.  (A real ``kill -9`` of the command:
    test_pull_killed.py, PostgreSQL.)"""
    real = feeds.import_page
    calls = []

    def dies_on_page_2(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise SystemExit("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(feeds, "import_page", dies_on_page_2)
    with pytest.raises(SystemExit):
        connector_pull(key="traffy")
    monkeypatch.setattr(feeds, "import_page", real)
    assert Ticket.objects.count() == 5 and _cursor() == started.expect.cursor_after(1)
    gone = int(
        subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True).stdout
    )
    dead = Pull.objects.get()
    assert (dead.state, dead.pages, dead.new) == ("running", 1, 5)
    Pull.objects.filter(pk=dead.pk).update(pid=gone)
    started.requests.clear()
    run = connector_pull(key="traffy")
    dead.refresh_from_db()
    assert dead.state == "failed" and str(gone) in dead.error
    assert (run.new, run.changed, run.unchanged, run.pages) == (7, 0, 0, 2)
    assert started.expect.asked(started.requests[0]) == started.expect.at(started.expect.cursor_after(1))
    assert Ticket.objects.count() == 12


def test_a_source_that_is_down_fails_the_pull_with_a_clear_message(started, settings):
    started.stop()
    with pytest.raises(ApplicationError) as exc:
        connector_pull(key="traffy")
    assert "no answer" in exc.value.message or "ไม่ตอบสนอง" in exc.value.message
    assert Pull.objects.get().state == "failed" and Ticket.objects.count() == 0
    assert ConnectorState.objects.get(key="traffy").last_success_at is None


def test_a_slow_source_times_out_and_fails_the_pull_keeping_the_pages_before(started, settings):
    settings.TRAFFY_TIMEOUT_SECONDS = 1
    started.hold_at = 5  # page 2 answers only after the puller gave up on it
    with pytest.raises(ApplicationError, match=r"timed out") as exc:
        connector_pull(key="traffy")
    assert "(ลองแล้ว 3 ครั้ง)" in exc.value.message or "(tried 3 times)" in exc.value.message
    assert Ticket.objects.count() == 5 and _cursor() == started.expect.cursor_after(1)
    started.release.set()
    assert connector_pull(key="traffy").new == 7  # once it answers again, the next pull goes on


@pytest.mark.parametrize("started", ["geojson"], indirect=True)
def test_a_day_the_feed_cuts_short_is_said_on_the_pull(started):
    started.geojson_cap = 3  # the feed sends at most 3 of a day's tickets
    run = connector_pull(key="traffy")
    assert (run.state, run.new, run.pages) == ("done", 8, 3)
    notes = [r for r in run.rejects if r["field"] == "page"]
    assert len(notes) == 2 and "3" in notes[0]["reason"] and "5" in notes[0]["reason"]
    assert run.rejected == 0  # no record was refused: they were not sent
    assert run.page_notes == [n["reason"] for n in notes]


@pytest.mark.parametrize("started", ["search"], indirect=True)
def test_an_unknown_source_fails_the_pull_naming_the_ones_there_are(started, settings):
    settings.TRAFFY_SOURCE = "rss"
    with pytest.raises(ApplicationError, match="PRAMOEN_TRAFFY_SOURCE") as exc:
        connector_pull(key="traffy")
    assert "search" in exc.value.message and "geojson" in exc.value.message
    assert started.requests == [] and Pull.objects.get().state == "failed"


@pytest.mark.parametrize("started", ["search"], indirect=True)
def test_a_bad_record_is_rejected_naming_row_and_field(started):
    bad = tickets(1, prefix="2024-BAD")[0]
    bad["timestamp"] = "yesterday"
    bad["last_activity"] = (T0 + 2 * DAY + dt.timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S.%f+00")
    started.put(bad)
    run = connector_pull(key="traffy")
    assert (run.new, run.rejected) == (12, 1)
    (reject,) = run.rejects
    assert reject["field"] == "timestamp" and reject["row"] == 13


@pytest.mark.parametrize("started", ["search"], indirect=True)
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


def test_a_pull_moments_after_a_file_import_still_brings_the_new_state(started, tmp_path):
    """A file imported through the web page is observed when it is imported; the pull that follows within
    the same minute reads newer records and must not take them for an older snapshot (its pages were named
    to the minute, so a state change pulled 20 s after an import was dropped as 'unchanged')."""
    import json

    from pramoen.feeds.complaints.importer import complaints_import
    from tests.connectors.fake_traffy import feature

    record = tickets(1)[0]
    upload = tmp_path / "upload.json"  # no moment in the name: observed when imported
    upload.write_text(json.dumps({"type": "FeatureCollection", "features": [feature(record)]}), "utf-8")
    minute = NOW.replace(second=30, microsecond=0)
    with time_machine.travel(minute, tick=False):
        complaints_import(actor=None, path=upload)
    assert Ticket.objects.get().state != DONE
    started.change(record["ticket_id"], state=DONE, at=T0 + dt.timedelta(hours=1))
    with time_machine.travel(minute + dt.timedelta(seconds=20), tick=True):
        run = connector_pull(key="traffy")
    assert (run.changed, run.state_changes) == (1, 1)
    assert Ticket.objects.get(ticket_id=record["ticket_id"]).state == DONE
