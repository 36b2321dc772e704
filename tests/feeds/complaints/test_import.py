from __future__ import annotations

import datetime as dt
import gzip
import zoneinfo
from pathlib import Path

import pytest
from django.utils import translation

from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints import writing
from pramoen.feeds.complaints.models import StateChange, Ticket, TicketDistrict
from pramoen.feeds.models import ImportRun

from .conftest import API_HEADER, DUMP_HEADER, api_row, history, inside, write_csv, write_geojson

UTC = dt.UTC
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def test_it_reads_the_public_dump_with_its_organization_list_and_last_activity(tmp_path, run_import):
    p = inside(1004)
    path = write_csv(
        tmp_path / "dump.csv",
        DUMP_HEADER,
        [
            {
                "ticket_id": "2023-AAAA01", "type": "{ถนน,ทางเท้า}", "organization": "เขตบางรัก,สำนักการโยธา กทม.",
                "comment": "ทางเท้าพัง", "coords": f"{p[0]},{p[1]}", "district": "บางรัก", "province": "กรุงเทพมหานคร",
                "timestamp": "2023-05-13 06:43:11.875931+00", "state": "เสร็จสิ้น", "star": "4.0", "count_reopen": "1",
                "last_activity": "2023-05-15 06:47:01.23223+00",
            }
        ],
    )  # fmt: skip
    summary = run_import(path)
    assert (summary.file_format, summary.inserted, summary.rejected) == ("dump", 1, 0)
    t = Ticket.objects.get(ticket_id="2023-AAAA01")
    assert t.type_tags == "ถนน,ทางเท้า"
    assert t.created_at == dt.datetime(2023, 5, 13, 6, 43, 11, 875931, tzinfo=UTC)
    assert (t.star, t.count_reopen, t.attribution) == (4, 1, "organization")
    assert t.resolved_at == dt.datetime(2023, 5, 15, 6, 47, 1, 232230, tzinfo=UTC)
    assert t.resolved_at_source == "last_activity"


def test_it_reads_the_gzipped_api_export_and_uses_lon_lat(tmp_path, run_import):
    p = inside(1001)
    plain = write_csv(tmp_path / "api.csv", API_HEADER, [api_row("2022-BBBB01", p, "2022-10-01 01:00:00+00")])
    gz = tmp_path / "api.csv.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    summary = run_import(gz)
    assert summary.file_format == "api_export"
    t = Ticket.objects.get(ticket_id="2022-BBBB01")
    assert (t.lon, t.lat, t.org, t.organization) == (p[0], p[1], "กรุงเทพมหานคร", "")
    assert TicketDistrict.objects.get(ticket=t).district.code == 1001


def _unreadable(run_import, path: Path) -> str:
    """Import ``path``, which must fail with a message naming it; nothing is saved.  The message."""
    with translation.override("en"), pytest.raises(ApplicationError) as raised:
        run_import(path)
    message = raised.value.message
    assert path.name in message and "cannot be read" in message, message
    assert Ticket.objects.count() == 0 and TicketDistrict.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.error == message  # not "unexpected error"
    return message


def test_a_bad_byte_near_the_start_of_a_small_file_is_reported_not_an_unexpected_error(tmp_path, run_import):
    p = inside(1001)
    path = write_csv(tmp_path / "tiny.csv", API_HEADER, [api_row("2022-BYTE01", p, "2022-10-01 01:00:00+00")])
    path.write_bytes(path.read_bytes() + b"2022-BYTE02,1,{},\xff\xfe,1\n")
    assert "utf-8" in _unreadable(run_import, path)


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_a_damaged_gzip_file_is_reported_and_saves_nothing(tmp_path, run_import, damage):
    p = inside(1001)
    rows = [
        api_row(f"2022-GZIP{i:03d}", p, "2022-10-01 01:00:00+00", comment=f"ถนนพัง {i} " * 40)
        for i in range(600)
    ]
    plain = write_csv(tmp_path / "big.csv", API_HEADER, rows)
    packed = bytearray(gzip.compress(plain.read_bytes()))
    assert len(packed) > 6000
    if damage == "truncated":
        packed = packed[: len(packed) // 2]
    else:  # bytes in the middle of the compressed stream overwritten
        packed[len(packed) // 2 : len(packed) // 2 + 64] = b"\xa5" * 64
    gz = tmp_path / f"{damage}.csv.gz"
    gz.write_bytes(bytes(packed))
    _unreadable(run_import, gz)


def test_a_state_longer_than_stored_is_cut_and_not_seen_as_a_change_on_every_import(tmp_path, run_import):
    p = inside(1001)
    long_state = "ก" * 70
    first = api_row("2022-LONG01", p, "2022-10-01 01:00:00+00", state=long_state)
    run_import(write_csv(tmp_path / "a.csv", API_HEADER, [first]))
    assert Ticket.objects.get(ticket_id="2022-LONG01").state == "ก" * 60
    changed = {**first, "comment": "ถนนพังมากขึ้น"}  # the same state, another comment
    summary = run_import(write_csv(tmp_path / "b.csv", API_HEADER, [changed]))
    assert (summary.updated, summary.state_changes) == (1, 0)
    assert history("2022-LONG01") == [(None, "ก" * 60)]  # its first observation, no change


def test_it_reads_the_api_format_with_list_coords(tmp_path, run_import):
    p = inside(1002)
    header = ["type", "org", "description", "ticket_id", "coords", "photo_url", "after_photo", "address",
              "timestamp", "problem_type_abdul", "star", "count_reopen", "note", "state", "last_activity"]  # fmt: skip
    row = {
        "type": "ถนน,ทางเท้า", "org": "กรุงเทพมหานคร", "description": "ถนนพัง", "ticket_id": "2023-CCCC01",
        "coords": f"['{p[0]}', '{p[1]}']", "timestamp": "2023-05-14 09:17:33.560852+00",
        "problem_type_abdul": "['ถนน', 'ทางเท้า']", "state": "ส่งต่อ(ใหม่)", "count_reopen": "0",
    }  # fmt: skip
    summary = run_import(write_csv(tmp_path / "fondue.csv", header, [row]))
    assert summary.file_format == "api_list"
    t = Ticket.objects.get(ticket_id="2023-CCCC01")
    assert (t.lon, t.lat, t.type_tags, t.comment) == (p[0], p[1], "ถนน,ทางเท้า", "ถนนพัง")


def test_it_reads_the_export_with_durations_whose_coordinate_labels_are_swapped(tmp_path, run_import):
    p = inside(1004)
    header = ["ticket_id", "type", "organization", "organization_action", "comment", "Latitute", "Longitude",
              "photo", "photo_after", "address", "subdistrict", "district", "province", "timestamp", "state",
              "star", "count_reopen", "last_activity", "duration_minutes_inprogress",
              "duration_minutes_finished", "duration_minutes_total", "timestamp_inprogress",
              "timestamp_finished"]  # fmt: skip
    row = {
        "ticket_id": "2023-DDDD01", "type": "อื่นๆ,ไฟฟ้า", "organization": "กรุงเทพมหานคร, เพื่อนชัชชาติ",
        "Latitute": p[0], "Longitude": p[1], "district": "บางรัก", "timestamp": "28/11/2023 21:01",
        "state": "finish", "last_activity": "29/11/2023 08:30", "count_reopen": "0",
    }  # fmt: skip
    summary = run_import(write_csv(tmp_path / "durations.csv", header, [row]))
    assert summary.file_format == "durations"
    t = Ticket.objects.get(ticket_id="2023-DDDD01")
    assert (t.lon, t.lat) == p  # Latitute holds the longitude
    # day-first, Bangkok local time (the export's time basis): 21:01 in Bangkok is 14:01 UTC
    assert t.created_at == dt.datetime(2023, 11, 28, 14, 1, tzinfo=UTC)
    assert t.state == "เสร็จสิ้น"
    assert (t.attribution, t.flag_swapped) == ("polygon", False)


def test_the_export_with_durations_is_read_in_bangkok_time_at_the_edges_of_a_day_and_a_period(
    tmp_path, run_import
):
    """A ticket created at 00:30 on 1 October 2023 (Bangkok) is FY2567's first day; one at 23:30 on
    30 September 2024 its last — read as UTC they moved to the next day, and the second out of the year."""
    from pramoen.feeds.complaints.selectors import district_kpis

    p = inside(1004)
    header = ["ticket_id", "type", "Latitute", "Longitude", "district", "timestamp", "state", "last_activity"]
    times = {
        "2023-EDGE01": "01/10/2023 00:30",  # the fiscal year's first half hour
        "2023-EDGE02": "30/09/2024 23:30",  # its last half hour
        "2023-EDGE03": "26/11/2023 06:59",  # 23:59 UTC the day before: still 26 Nov in Bangkok
        "2023-EDGE04": "30/09/2023 23:59",  # the day before the year: FY2566
    }
    rows = [
        {"ticket_id": tid, "type": "ถนน", "Latitute": p[0], "Longitude": p[1], "district": "บางรัก",
         "timestamp": when, "state": "finish", "last_activity": when}
        for tid, when in times.items()
    ]  # fmt: skip
    run_import(write_csv(tmp_path / "edges.csv", header, rows))
    bangkok = {t.ticket_id: t.created_at.astimezone(BANGKOK) for t in Ticket.objects.all()}
    assert bangkok["2023-EDGE01"] == dt.datetime(2023, 10, 1, 0, 30, tzinfo=BANGKOK)
    assert bangkok["2023-EDGE02"].date() == dt.date(2024, 9, 30)
    assert bangkok["2023-EDGE03"].date() == dt.date(2023, 11, 26)
    assert Ticket.objects.get(ticket_id="2023-EDGE03").created_at == dt.datetime(
        2023, 11, 25, 23, 59, tzinfo=UTC
    )
    year = district_kpis(start=dt.date(2023, 10, 1), end=dt.date(2024, 9, 30), dedup=False)
    bang_rak = next(r for r in year["districts"] if r["code"] == "1004")
    assert bang_rak["received"] == 3  # EDGE04 belongs to FY2566
    day = district_kpis(start=dt.date(2023, 11, 26), end=dt.date(2023, 11, 26), dedup=False)
    assert next(r for r in day["districts"] if r["code"] == "1004")["received"] == 1


def test_two_snapshots_record_the_state_changes_between_them(tmp_path, run_import):
    p = inside(1005)
    base = {
        "lon": p[0],
        "lat": p[1],
        "type": "ถนน",
        "org": "กรุงเทพมหานคร",
        "description": "x",
        "count_reopen": "0",
    }
    first = [
        {**base, "ticket_id": "2023-EEEE01", "timestamp": "2023-01-09 01:00:00+00", "state": "รอรับเรื่อง"},
        {**base, "ticket_id": "2023-EEEE02", "timestamp": "2023-01-09 01:05:00+00", "state": "กำลังดำเนินการ"},
    ]
    second = [
        {**first[0], "state": "กำลังดำเนินการ"},
        {**first[1], "state": "เสร็จสิ้น"},
        {**base, "ticket_id": "2023-EEEE03", "timestamp": "2023-01-09 10:00:00+00", "state": "รอรับเรื่อง"},
    ]
    run_import(write_geojson(tmp_path / "snap_2023-01-09T0124Z.json", first))
    summary = run_import(write_geojson(tmp_path / "snap_2023-01-09T1233Z.json", second))
    assert (summary.inserted, summary.updated, summary.state_changes) == (1, 2, 2)
    changes = StateChange.objects.filter(previous_state__isnull=False).order_by("ticket__ticket_id")
    assert [(c.ticket.ticket_id, c.previous_state, c.state) for c in changes] == [
        ("2023-EEEE01", "รอรับเรื่อง", "กำลังดำเนินการ"),
        ("2023-EEEE02", "กำลังดำเนินการ", "เสร็จสิ้น"),
    ]
    assert changes[0].observed_at == dt.datetime(2023, 1, 9, 12, 33, tzinfo=UTC)
    # no last_activity: the resolution time comes from the snapshot that first showed เสร็จสิ้น
    done = Ticket.objects.get(ticket_id="2023-EEEE02")
    assert (done.resolved_at, done.resolved_at_source) == (
        dt.datetime(2023, 1, 9, 12, 33, tzinfo=UTC),
        "state_history",
    )


def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_updates(tmp_path, run_import):
    p = inside(1006)
    rows = [
        api_row("2022-FFFF01", p, "2022-11-01 01:00:00+00"),
        api_row("2022-FFFF02", p, "2022-11-02 01:00:00+00"),
    ]
    path = write_csv(tmp_path / "a.csv", API_HEADER, rows)
    run_import(path)
    again = run_import(path)
    assert (again.inserted, again.updated, again.unchanged, again.state_changes) == (0, 0, 2, 0)
    rows[1] = {**rows[1], "state": "เสร็จสิ้น", "star": "5"}
    changed = run_import(write_csv(tmp_path / "b.csv", API_HEADER, rows))
    assert (changed.inserted, changed.updated, changed.unchanged, changed.state_changes) == (0, 1, 1, 1)
    assert Ticket.objects.get(ticket_id="2022-FFFF02").star == 5
    assert Ticket.objects.count() == 2


def test_bad_rows_are_reported_with_row_field_and_reason_and_the_good_ones_kept(tmp_path, run_import):
    p = inside(1007)
    rows = [
        api_row("2022-GGGG01", p, "2022-11-01 01:00:00+00"),
        api_row("", p, "2022-11-01 01:00:00+00"),
        api_row("2022-GGGG03", p, "yesterday"),
        api_row("2022-GGGG04", None, "2022-11-01 01:00:00+00", lon="abc", lat="13.7"),
        api_row("2022-GGGG05", p, "2022-11-01 01:00:00+00", star="7"),
        api_row("2022-GGGG06", p, "2022-11-01 01:00:00+00"),
    ]
    summary = run_import(write_csv(tmp_path / "bad.csv", API_HEADER, rows))
    assert (summary.rows_read, summary.inserted, summary.rejected) == (6, 2, 4)
    assert [(r["row"], r["field"]) for r in summary.rejects] == [
        (3, "ticket_id"), (4, "timestamp"), (5, "lon/lat"), (6, "star"),
    ]  # fmt: skip
    assert "yesterday" in summary.rejects[1]["reason"]
    run = ImportRun.objects.get(pk=summary.run_id)
    assert (run.status, run.rejected, run.rows_read) == ("done", 4, 6)
    assert summary.line().endswith("อ่าน 6 แถว เพิ่มใหม่ 2 ปรับปรุง 0 ไม่เปลี่ยนแปลง 0 ปฏิเสธ 4 เปลี่ยนสถานะ 0 รายการ")
    assert "(ไฟล์ส่งออกจาก API)" in summary.line()  # the format named in Thai too
    with translation.override("en"):
        assert "6 rows read, 2 inserted, 0 updated, 0 unchanged, 4 rejected" in summary.line()
        assert "(API export)" in summary.line()


def test_a_failure_while_writing_leaves_nothing_half_written(tmp_path, run_import, monkeypatch):
    p = inside(1008)
    path = write_csv(
        tmp_path / "a.csv",
        API_HEADER,
        [api_row(f"2022-HHHH0{i}", p, "2022-11-01 01:00:00+00") for i in range(5)],
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "_write_links", broken)  # after the tickets themselves were written
    with pytest.raises(RuntimeError):
        run_import(path)
    assert Ticket.objects.count() == 0
    assert TicketDistrict.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == "failed" and "disk full" in run.error


def test_an_unknown_header_is_refused_with_the_file_name(tmp_path, run_import):
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ApplicationError) as exc:
        run_import(path)
    assert "other.csv" in exc.value.message
    assert ImportRun.objects.get().status == "failed"


def test_the_state_history_csv_joins_the_tickets_histories(tmp_path, run_import):
    p = inside(1009)
    header = ["ticket_id", "type", "org", "comment", "coords", "lon", "lat", "photo", "photo_after", "address",
              "timestamp", "state", "star", "count_reopen", "last_activity", "note", "first_seen", "last_seen"]  # fmt: skip
    snap = {"ticket_id": "2022-IIII01", "type": "{ถนน}", "coords": f"{p[0]},{p[1]}", "lon": p[0], "lat": p[1],
            "timestamp": "2022-06-07 08:00:00+00", "state": "เสร็จสิ้น", "first_seen": "2022-06-07T10:11:49+00:00",
            "last_seen": "2022-06-12T07:04:59+00:00"}  # fmt: skip
    assert run_import(write_csv(tmp_path / "tickets.csv", header, [snap])).file_format == "snapshot"
    hist_header = ["ticket_id", "observed_at", "state", "last_activity", "star", "count_reopen"]
    hist = [
        {"ticket_id": "2022-IIII01", "observed_at": "2022-06-07T10:11:49+00:00", "state": "รอรับเรื่อง"},
        {"ticket_id": "2022-IIII01", "observed_at": "2022-06-07T16:07:15+00:00", "state": "ส่งเรื่องแล้ว"},
        {"ticket_id": "2022-IIII01", "observed_at": "2022-06-10T07:04:59+00:00", "state": "เสร็จสิ้น"},
        {"ticket_id": "2022-ZZZZ99", "observed_at": "2022-06-10T07:04:59+00:00", "state": "เสร็จสิ้น"},
    ]
    with translation.override("en"):
        summary = run_import(write_csv(tmp_path / "history.csv", hist_header, hist))
    assert summary.file_format == "history"
    assert summary.rejects == [
        {
            "row": 5,
            "field": "ticket_id",
            "reason": "ticket 2022-ZZZZ99 is not imported yet: import its tickets file first",
        }
    ]
    states = list(
        StateChange.objects.filter(ticket__ticket_id="2022-IIII01").values_list("previous_state", "state")
    )
    assert states == [(None, "รอรับเรื่อง"), ("รอรับเรื่อง", "ส่งเรื่องแล้ว"), ("ส่งเรื่องแล้ว", "เสร็จสิ้น")]
    t = Ticket.objects.get(ticket_id="2022-IIII01")
    assert not t.history_implied and history(t.ticket_id) == states  # the ticket's own observation joined
    assert t.resolved_at == dt.datetime(2022, 6, 10, 7, 4, 59, tzinfo=UTC)
    # importing the history again adds nothing
    assert run_import(write_csv(tmp_path / "history2.csv", hist_header, hist)).state_changes == 2
    assert StateChange.objects.filter(ticket=t).count() == 3


def test_a_ticket_repeated_in_one_file_keeps_its_last_row(tmp_path, run_import):
    p = inside(1010)
    rows = [api_row("2022-JJJJ01", p, "2022-11-01 01:00:00+00"),
            api_row("2022-JJJJ01", p, "2022-11-01 01:00:00+00", state="เสร็จสิ้น")]  # fmt: skip
    summary = run_import(write_csv(tmp_path / "rep.csv", API_HEADER, rows))
    assert (summary.inserted, summary.repeated_in_file) == (1, 1)
    assert Ticket.objects.get().state == "เสร็จสิ้น"


@pytest.mark.parametrize("name", ["empty.csv"])
def test_an_empty_file_is_refused(tmp_path: Path, run_import, name):
    (tmp_path / name).write_text("", encoding="utf-8")
    with pytest.raises(ApplicationError):
        run_import(tmp_path / name)


def test_an_older_snapshot_imported_later_only_adds_to_the_history(tmp_path, run_import):
    p = inside(1005)
    base = {
        "lon": p[0],
        "lat": p[1],
        "type": "ถนน",
        "description": "x",
        "timestamp": "2023-01-08 01:00:00+00",
    }
    newer = [{**base, "ticket_id": "2023-OLD001", "state": "เสร็จสิ้น"}]
    older = [{**base, "ticket_id": "2023-OLD001", "state": "รอรับเรื่อง", "description": "x (first words)"}]
    run_import(write_geojson(tmp_path / "snap_2023-01-09T1233Z.json", newer))
    summary = run_import(write_geojson(tmp_path / "snap_2023-01-09T0124Z.json", older))
    assert (summary.inserted, summary.updated, summary.unchanged, summary.state_changes) == (0, 0, 1, 1)
    t = Ticket.objects.get(ticket_id="2023-OLD001")
    # the newest observation stays current
    assert (t.state, t.comment, t.last_seen) == ("เสร็จสิ้น", "x", dt.datetime(2023, 1, 9, 12, 33, tzinfo=UTC))
    history = [(c.observed_at.hour, c.previous_state, c.state) for c in t.history.order_by("observed_at")]
    assert history == [(1, None, "รอรับเรื่อง"), (12, "รอรับเรื่อง", "เสร็จสิ้น")]
    assert t.resolved_at == dt.datetime(2023, 1, 9, 12, 33, tzinfo=UTC)
    # importing it again adds nothing; a newer snapshot still moves the ticket on
    assert run_import(write_geojson(tmp_path / "snap_2023-01-09T0124Z.json", older)).state_changes == 0
    later = [{**base, "ticket_id": "2023-OLD001", "state": "กำลังดำเนินการ"}]
    run_import(write_geojson(tmp_path / "snap_2023-01-10T0100Z.json", later))
    assert Ticket.objects.get(ticket_id="2023-OLD001").state == "กำลังดำเนินการ"


def test_a_file_of_new_stored_and_unchanged_tickets_writes_each_the_right_way(tmp_path, run_import):
    """New tickets are inserted (on PostgreSQL straight into the table, keys from its sequence), stored
    ones updated by key with their attributions replaced, unchanged ones left alone."""
    a, b = inside(1010), inside(1011)
    first = [
        api_row("2022-JJJJ01", a, "2022-11-01 01:00:00+00"),
        api_row("2022-JJJJ02", a, "2022-11-02 01:00:00+00"),
    ]
    run_import(write_csv(tmp_path / "a.csv", API_HEADER, first))
    stored = Ticket.objects.get(ticket_id="2022-JJJJ02")
    moved = {**first[1], "lon": b[0], "lat": b[1], "coords": f"{b[0]},{b[1]}", "state": "เสร็จสิ้น", "star": "4"}
    second = [first[0], moved, api_row("2022-JJJJ03", b, "2022-11-03 01:00:00+00")]
    summary = run_import(write_csv(tmp_path / "b.csv", API_HEADER, second))
    assert (summary.inserted, summary.updated, summary.unchanged, summary.state_changes) == (1, 1, 1, 1)
    updated = Ticket.objects.get(ticket_id="2022-JJJJ02")
    assert updated.pk == stored.pk and updated.first_seen == stored.first_seen
    assert (updated.state, updated.star, updated.polygon_district.code) == ("เสร็จสิ้น", 4, 1011)
    assert updated.last_run_id == summary.run_id and updated.last_seen > stored.last_seen
    assert [d.district.code for d in TicketDistrict.objects.filter(ticket=updated)] == [1011]
    assert history("2022-JJJJ02") == [(None, "รอรับเรื่อง"), ("รอรับเรื่อง", "เสร็จสิ้น")]
    # the first observation was the ticket itself until it changed; now both are stored
    assert list(updated.history.values_list("previous_state", "state")) == history("2022-JJJJ02")
    assert updated.history.get(previous_state=None).run_id == stored.last_run_id
    assert not updated.history_implied
    new = Ticket.objects.get(ticket_id="2022-JJJJ03")
    assert new.last_run_id == summary.run_id and new.first_seen == new.last_seen
    assert [d.district.code for d in TicketDistrict.objects.filter(ticket=new)] == [1011]
    assert history("2022-JJJJ03") == [(None, "รอรับเรื่อง")]
    assert new.history_implied and not new.history.exists()  # a new ticket writes no history row
    unchanged = Ticket.objects.get(ticket_id="2022-JJJJ01")
    assert unchanged.last_run_id != summary.run_id
    assert len({t.pk for t in (unchanged, updated, new)}) == 3
    # the keys drawn for the import came from the table's own sequence: an ordinary insert still works
    Ticket.objects.create(ticket_id="2022-JJJJ04", created_at=new.created_at)
    assert Ticket.objects.count() == 4


def test_deleting_a_ticket_deletes_its_attributions_and_history(tmp_path, run_import):
    """The attribution and history tables keep no database constraint on the ticket: Django cascades."""
    p = inside(1012)
    rows = [
        api_row("2022-KKKK01", p, "2022-11-01 01:00:00+00"),
        api_row("2022-KKKK02", p, "2022-11-02 01:00:00+00"),
    ]
    run_import(write_csv(tmp_path / "a.csv", API_HEADER, rows))
    done = [{**r, "state": "เสร็จสิ้น"} for r in rows]  # both change: their histories are stored
    run_import(write_csv(tmp_path / "b.csv", API_HEADER, done))
    assert StateChange.objects.count() == 4
    Ticket.objects.filter(ticket_id="2022-KKKK01").delete()
    kept = Ticket.objects.get()
    assert list(TicketDistrict.objects.values_list("ticket_id", flat=True)) == [kept.pk]
    assert list(StateChange.objects.values_list("ticket_id", flat=True)) == [kept.pk, kept.pk]
