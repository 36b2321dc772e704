"""Reading a batch by column must give exactly the tickets that reading it row by row gives, and hand any
batch with a cell it cannot take back to the row-by-row reading (which reports the reject)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from pramoen.core.rows import RowInvalid
from pramoen.feeds.complaints.columns import read_columns, rows_of
from pramoen.feeds.complaints.parsing import RowReader, TicketRow, detect_format, open_source

from .conftest import API_HEADER, DUMP_HEADER, SHARED, api_row, needs_shared, write_csv

POINT = (100.52, 13.74)
TRAFFY = SHARED / "traffy"


def _both(path: Path, size: int = 10_000) -> tuple[list[TicketRow | None], list[TicketRow | None]]:
    """Every chunk of ``path`` read row by row (None for a refused row), and by column (None where the
    column reading declined the chunk)."""
    source = open_source(path)
    reader = source.reader
    rows_by_row: list[TicketRow | None] = []
    by_column: list[TicketRow | None] = []
    chunk: list[tuple[int, list[Any]]] = []

    def by_row(n: int, values: list[Any]) -> TicketRow | None:
        try:
            return reader.ticket(n, copy.copy(values), source.observed)
        except RowInvalid:
            return None

    def take() -> None:
        rows_by_row.extend(by_row(n, v) for n, v in chunk)
        got = read_columns(reader, [(n, copy.copy(v)) for n, v in chunk], source.observed)
        by_column.extend(rows_of(got) if got is not None else [None] * len(chunk))

    for numbered in source._numbered():
        chunk.append(numbered)
        if len(chunk) == size:
            take()
            chunk = []
    if chunk:
        take()
    source.close()
    return rows_by_row, by_column


def test_every_cell_form_the_rows_accept_reads_the_same_by_column(tmp_path: Path) -> None:
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
    path = write_csv(tmp_path / "forms.csv", API_HEADER, rows)
    by_row, by_column = _both(path)
    assert None not in by_column
    assert by_column == by_row
    naive, offset = by_row[2], by_row[3]
    assert naive is not None and naive.created_at.hour == 8 and naive.star is None
    assert offset is not None and offset.created_at.hour == 18 and offset.star == 4


def test_a_batch_where_every_row_has_a_point_reads_the_same(tmp_path: Path) -> None:
    """Points of a whole column read at once, and the batch's content hashes taken at once."""
    rows = [
        api_row("2022-GGGG01", POINT, "2022-11-01 01:00:00+00", type=" nan "),
        api_row("2022-GGGG02", POINT, "2022-11-01 01:00:00+00", lon=" 100.53 ", lat="13.7e0"),
        api_row("2022-GGGG03", POINT, "2022-11-01 01:00:00+00", lon="10_0.5", type="{ถนน, ทางเท้า}"),
        api_row("2022-GGGG04", POINT, "2022-11-01 01:00:00+00", comment="แยก\x1eสอง\x1fฟิลด์"),
    ]
    by_row, by_column = _both(write_csv(tmp_path / "points.csv", API_HEADER, rows))
    assert None not in by_column and by_column == by_row
    assert by_row[1] is not None and by_row[1].lon == 100.53
    assert len({t.content_hash for t in by_row if t is not None}) == 4
    quoted = [api_row("2022-GGGG05", POINT, "2022-11-01 01:00:00+00", lat="'13.74'"), *rows]
    by_row, by_column = _both(write_csv(tmp_path / "quoted.csv", API_HEADER, quoted))
    assert None not in by_column and by_column == by_row


def test_a_dump_file_with_photo_fallbacks_and_last_activity_reads_the_same(tmp_path: Path) -> None:
    header = [*DUMP_HEADER, "photo_url"]
    rows = [
        {
            "ticket_id": f"2022-DDDD0{i}", "timestamp": "2022-11-01 01:00:00+00", "coords": "100.5,13.7",
            "organization": "สำนักงานเขตบางรัก,สำนักการโยธา", "photo": "" if i % 2 else "a.jpg",
            "photo_url": "b.jpg", "last_activity": "" if i % 3 else "2022-11-03 01:00:00+00",
            "state": "เสร็จสิ้น", "star": str(i % 6),
        }
        for i in range(9)
    ]  # fmt: skip
    by_row, by_column = _both(write_csv(tmp_path / "dump.csv", header, rows))
    assert None not in by_column and by_column == by_row
    assert [t.photo for t in by_row[:2] if t is not None] == ["a.jpg", "b.jpg"]


@pytest.mark.parametrize(
    "bad",
    [
        {"ticket_id": ""},
        {"timestamp": "yesterday"},
        {"timestamp": "nan"},
        {"lon": "abc"},
        {"lon": "", "lat": "13.7"},
        {"lon": "nan"},
        {"lat": "inf"},
        {"lon": "200"},
        {"star": "7"},
        {"star": "2.5"},
        {"count_reopen": "-1"},
        {"coords": "1,2,3", "lon": "", "lat": ""},
    ],
)
def test_a_batch_with_a_cell_the_rows_refuse_goes_back_to_the_rows(
    tmp_path: Path, bad: dict[str, str]
) -> None:
    rows = [
        api_row("2022-EEEE01", POINT, "2022-11-01 01:00:00+00"),
        {**api_row("2022-EEEE02", POINT, "2022-11-01 01:00:00+00"), **bad},
    ]
    source = open_source(write_csv(tmp_path / "bad.csv", API_HEADER, rows))
    chunk = list(source._numbered())
    assert read_columns(source.reader, chunk, None) is None
    batches = list(open_source(tmp_path / "bad.csv").ticket_batches(10))
    assert [t.ticket_id for t in batches[0]] == ["2022-EEEE01"]


def test_formats_read_row_by_row_are_not_taken_by_column() -> None:
    header = ["ticket_id", "type", "organization", "comment", "Latitute", "Longitude", "timestamp"]
    fmt = detect_format(header)
    reader = RowReader(str(fmt), header)
    assert (
        read_columns(reader, [(2, ["2022-FFFF01", "", "", "", "100.5", "13.7", "28/11/2023 21:01"])], None)
        is None
    )


@pytest.mark.slow
@needs_shared
@pytest.mark.parametrize(
    "name",
    [
        "traffy_teamchadchart_api_2022-05-29_to_2022-12-18.csv.gz",
        "traffy_snapshots_2022-06_to_2023-04_tickets.csv.gz",
        "traffy_dump_format_2023-05-11_to_2023-05-13.csv",
        "traffy_api_format_2023-05-14_to_2023-05-18.csv",
    ],
)
def test_the_shared_real_files_read_the_same_by_column(name: str) -> None:
    by_row, by_column = _both(TRAFFY / name, size=250)
    taken = [(r, c) for r, c in zip(by_row, by_column, strict=True) if c is not None]
    assert len(taken) >= 0.8 * len(by_row)  # a batch holding a bad row is read row by row
    assert all(r == c for r, c in taken)
