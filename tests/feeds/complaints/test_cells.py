"""What the row reading takes from each cell of a ticket row, and which cells make it refuse the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from pramoen.feeds.complaints.parsing import TicketRow, open_source

from .conftest import API_HEADER, DUMP_HEADER, api_row, write_csv

POINT = (100.52, 13.74)


def _read(path: Path) -> tuple[list[TicketRow], list[tuple[int, str]]]:
    """The good rows of ``path``, and (row, field) of each refused one."""
    source = open_source(path)
    rows = [t for batch in source.ticket_batches(3) for t in batch]
    return rows, [(r.row, r.field) for r in source.parsed.rejects]


def test_every_cell_form_a_row_may_take(tmp_path: Path) -> None:
    rows = [
        api_row("2022-CCCC01", POINT, "2022-11-01 01:00:00+00"),
        api_row("2022-CCCC02", POINT, "2022-11-01T01:00:00Z", star="5", count_reopen="2"),
        api_row("2022-CCCC03", POINT, "2022-11-01 08:00:00", star="0", count_reopen=""),  # naive: UTC
        api_row("2022-CCCC04", POINT, "2022-11-01 01:00:00.5+07:00", star="4.0", type="{ถนน,ทางเท้า}"),
        api_row("2022-CCCC05", None, " 2022-11-01 01:00:00+00 ", coords="100.5,13.7", type="[]"),
        api_row("2022-CCCC06", None, "2022-11-01 01:00:00+00", coords="['100.5', '13.7']", state="nan"),
        api_row("2022-CCCC07", POINT, "2022-11-01 01:00:00+00", lon="'100.52'", province=" NULL "),
        api_row("2022-CCCC08", None, "2022-11-01 01:00:00+00", coords="", org="None", district="เขตบางรัก"),
    ]
    tickets, refused = _read(write_csv(tmp_path / "forms.csv", API_HEADER, rows))
    assert refused == [] and [t.row for t in tickets] == list(range(2, 10))
    assert [t.created_at.hour for t in tickets] == [1, 1, 8, 18, 1, 1, 1, 1]
    assert [t.star for t in tickets[1:4]] == [5, None, 4]
    assert [t.count_reopen for t in tickets[1:3]] == [2, None]
    assert tickets[3].type_tags == "ถนน,ทางเท้า" and tickets[4].type_tags == ""
    assert [(t.lon, t.lat) for t in tickets[4:8]] == [
        (100.5, 13.7),
        (100.5, 13.7),
        (100.52, 13.74),
        (None, None),
    ]
    assert tickets[5].state == "" and tickets[6].province == "" and tickets[7].org == ""
    assert tickets[7].district_text == "เขตบางรัก"
    assert len({t.content_hash for t in tickets}) == 8


def test_a_dump_row_takes_photo_url_when_photo_is_empty(tmp_path: Path) -> None:
    header = [*DUMP_HEADER, "photo_url"]
    rows = [
        {
            "ticket_id": f"2022-DDDD0{i}", "timestamp": "2022-11-01 01:00:00+00", "coords": "100.5,13.7",
            "photo": "" if i % 2 else "a.jpg", "photo_url": "b.jpg",
            "last_activity": "" if i % 3 else "2022-11-03 01:00:00+00", "state": "เสร็จสิ้น",
        }
        for i in range(4)
    ]  # fmt: skip
    tickets, refused = _read(write_csv(tmp_path / "dump.csv", header, rows))
    assert refused == []
    assert [t.photo for t in tickets] == ["a.jpg", "b.jpg", "a.jpg", "b.jpg"]
    assert [t.last_activity is not None for t in tickets] == [True, False, False, True]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"ticket_id": ""}, "ticket_id"),
        ({"timestamp": "yesterday"}, "timestamp"),
        ({"timestamp": "nan"}, "timestamp"),
        ({"lon": "abc"}, "lon/lat"),
        ({"lon": "", "lat": "13.7"}, "lon/lat"),
        ({"lon": "nan"}, "lon/lat"),
        ({"lat": "inf"}, "lon/lat"),
        ({"lon": "200"}, "lon/lat"),
        ({"star": "7"}, "star"),
        ({"star": "2.5"}, "star"),
        ({"count_reopen": "-1"}, "count_reopen"),
        ({"coords": "1,2,3", "lon": "", "lat": ""}, "coords"),
    ],
)
def test_a_row_with_a_bad_cell_is_refused_naming_its_row_and_field(
    tmp_path: Path, bad: dict[str, str], field: str
) -> None:
    rows = [
        api_row("2022-EEEE01", POINT, "2022-11-01 01:00:00+00"),
        {**api_row("2022-EEEE02", POINT, "2022-11-01 01:00:00+00"), **bad},
        api_row("2022-EEEE03", POINT, "2022-11-01 01:00:00+00"),
    ]
    tickets, refused = _read(write_csv(tmp_path / "bad.csv", API_HEADER, rows))
    assert [t.ticket_id for t in tickets] == ["2022-EEEE01", "2022-EEEE03"]
    assert refused == [(3, field)]
