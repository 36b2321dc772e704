"""The import reads and writes a file batch by batch: the result must not depend on where the batches
fall."""

from __future__ import annotations

import gc
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints import importer
from pramoen.feeds.complaints.models import StateChange, Ticket, TicketDistrict
from pramoen.feeds.models import ImportRun

from .conftest import API_HEADER, api_row, history, inside, write_csv

RESOLVED = "เสร็จสิ้น"


@pytest.fixture
def batches_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of two rows: every rule crosses a batch boundary."""
    monkeypatch.setattr(importer, "BATCH", 2)


def _stored() -> list[tuple[Any, ...]]:
    return list(
        Ticket.objects.order_by("ticket_id").values_list(
            "ticket_id",
            "state",
            "star",
            "resolved_at_source",
            "attribution",
            "polygon_district__code",
            "comment",
            "type_tags",
            "org",
            "province",
        )
    )


def test_a_ticket_repeated_in_a_later_batch_keeps_its_last_row(
    tmp_path: Path, run_import: Any, batches_of_two: None
):
    p, q = inside(1011), inside(1012)
    rows = [
        api_row("2022-RRRR01", p, "2022-11-01 01:00:00+00"),
        api_row("2022-RRRR02", p, "2022-11-01 02:00:00+00"),
        api_row("2022-RRRR03", p, "2022-11-01 03:00:00+00"),
        api_row("2022-RRRR01", q, "2022-11-01 01:00:00+00", state=RESOLVED, star="4"),
        api_row("2022-RRRR03", p, "2022-11-01 03:00:00+00"),  # the same row again: nothing to rewrite
    ]
    summary = run_import(write_csv(tmp_path / "rep.csv", API_HEADER, rows))
    assert (summary.rows_read, summary.inserted, summary.updated, summary.repeated_in_file) == (5, 3, 0, 2)
    assert summary.state_changes == 0  # a ticket's earlier row in the same file is not a state it had
    t = Ticket.objects.get(ticket_id="2022-RRRR01")
    assert (t.state, t.star, t.polygon_district.code) == (RESOLVED, 4, 1012)
    assert [d.district.code for d in TicketDistrict.objects.filter(ticket=t)] == [1012]
    assert history("2022-RRRR01") == [(None, RESOLVED)]  # the earlier row was never a state it had
    assert StateChange.objects.count() == 0 and TicketDistrict.objects.count() == 3


def test_a_stored_ticket_whose_last_row_matches_it_stays_unchanged(
    tmp_path: Path, run_import: Any, batches_of_two: None
):
    p = inside(1013)
    first = [api_row(f"2022-SSSS0{i}", p, "2022-11-01 01:00:00+00") for i in range(3)]
    run_import(write_csv(tmp_path / "a.csv", API_HEADER, first))
    before = _stored()
    rows = [
        {**first[0], "state": RESOLVED},  # changed here …
        first[1],
        first[2],
        first[0],  # … and back to what is stored, two batches later: the last row wins
    ]
    summary = run_import(write_csv(tmp_path / "b.csv", API_HEADER, rows))
    assert (summary.inserted, summary.updated, summary.unchanged, summary.state_changes) == (0, 0, 3, 0)
    assert _stored() == before
    assert [history(f"2022-SSSS0{i}") for i in range(3)] == [[(None, "รอรับเรื่อง")]] * 3
    assert StateChange.objects.count() == 0  # unchanged: their observations are still the tickets


def test_batches_of_two_store_every_good_row_and_report_the_bad_one(
    tmp_path: Path, run_import: Any, batches_of_two: None
):
    p, q = inside(1014), inside(1015)
    rows = [
        api_row(f"2022-TTTT{i:02d}", p if i % 2 else q, f"2022-11-{i + 1:02d} 01:00:00+00") for i in range(9)
    ]
    rows[4] = api_row("2022-TTTT04", None, "2022-11-05 01:00:00+00", lon="abc", lat="13.7")
    rows[7] = {**rows[7], "state": RESOLVED, "star": "5"}
    summary = run_import(write_csv(tmp_path / "c.csv", API_HEADER, rows))
    assert (summary.rows_read, summary.inserted, summary.rejected) == (9, 8, 1)
    assert [(r["row"], r["field"]) for r in summary.rejects] == [(6, "lon/lat")]
    codes = [1015 if i % 2 == 0 else 1014 for i in range(9) if i != 4]
    expected = [
        (f"2022-TTTT{i:02d}", RESOLVED if i == 7 else "รอรับเรื่อง", 5 if i == 7 else None, "", "polygon", code)
        for i, code in zip([i for i in range(9) if i != 4], codes, strict=True)
    ]
    assert [t[:6] for t in _stored()] == expected
    # the texts arrive as the file has them
    assert _stored()[0][6:] == ("ร้องเรียน 2022-TTTT00", "ถนน", "กรุงเทพมหานคร", "กรุงเทพมหานคร")


def test_a_file_that_breaks_after_some_batches_saves_nothing(
    tmp_path: Path, run_import: Any, batches_of_two: None
):
    p = inside(1016)
    path = write_csv(
        tmp_path / "broken.csv",
        API_HEADER,
        [api_row(f"2022-UUUU{i:02d}", p, "2022-11-01 01:00:00+00", comment="ก" * 400) for i in range(60)],
    )
    path.write_bytes(path.read_bytes() + b"2022-UUUU99,1,{},1,\xff\xfe broken bytes\n")
    with pytest.raises(ApplicationError) as raised:
        run_import(path)
    assert "broken.csv" in raised.value.message and "row" in raised.value.extra
    assert Ticket.objects.count() == 0 and StateChange.objects.count() == 0
    assert ImportRun.objects.get().status == "failed"


def test_progress_rises_to_the_end(tmp_path: Path, run_import: Any, batches_of_two: None):
    p = inside(1017)
    path = write_csv(
        tmp_path / "p.csv",
        API_HEADER,
        [api_row(f"2022-VVVV{i:02d}", p, "2022-11-01 01:00:00+00") for i in range(7)],
    )
    seen: list[int] = []
    run_import(path, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 100 and len(seen) >= 5


def test_the_file_is_read_in_the_importing_process_with_the_collector_on(
    tmp_path: Path, run_import: Any, batches_of_two: None
) -> None:
    """No second process reads the file and the cycle collector stays on for the rest of the process."""
    p = inside(1019)
    path = write_csv(
        tmp_path / "x.csv",
        API_HEADER,
        [api_row(f"2022-XXXX{i:02d}", p, "2022-11-01 01:00:00+00") for i in range(7)],
    )
    seen: list[tuple[bool, int]] = []
    run_import(
        path, progress=lambda _pct: seen.append((gc.isenabled(), len(multiprocessing.active_children())))
    )
    assert len(seen) >= 5 and set(seen) == {(True, 0)}


def test_a_stored_ticket_changed_twice_in_a_later_file_stores_its_first_observation_once(
    tmp_path: Path, run_import: Any, batches_of_two: None
):
    """A ticket's first observation is the ticket itself until an import changes it; that import stores
    it (as the ticket was) before the change, however often the file repeats the ticket."""
    p = inside(1018)
    first = [api_row(f"2022-VVVV0{i}", p, "2022-11-01 01:00:00+00") for i in range(3)]
    first_run = run_import(write_csv(tmp_path / "a.csv", API_HEADER, first)).run_id
    assert StateChange.objects.count() == 0
    rows = [
        {**first[0], "state": "กำลังดำเนินการ"},
        first[1],
        {**first[2], "comment": "แก้ไขข้อความ"},  # changed, but not its state
        {**first[0], "state": RESOLVED},  # the last row of the ticket wins
    ]
    summary = run_import(write_csv(tmp_path / "b.csv", API_HEADER, rows))
    assert (summary.updated, summary.unchanged, summary.state_changes) == (2, 1, 1)
    assert history("2022-VVVV00") == [(None, "รอรับเรื่อง"), ("รอรับเรื่อง", RESOLVED)]
    assert history("2022-VVVV02") == [(None, "รอรับเรื่อง")]
    stored = StateChange.objects.filter(ticket__ticket_id="2022-VVVV00").order_by("observed_at")
    assert [s.run_id for s in stored] == [first_run, summary.run_id]
    assert list(Ticket.objects.order_by("ticket_id").values_list("history_implied", flat=True)) == [
        False,
        True,
        False,
    ]
    assert StateChange.objects.count() == 3  # VVVV02's first observation, stored when its comment changed
