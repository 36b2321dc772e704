"""Reading a batch of CSV rows column by column: the fast way to the same tickets as row by row.

Validating row by row calls a dozen small functions per row; a column is checked in one comprehension
instead.  This path only *accepts*: the first cell it cannot take as it is (a missing time, a number out of
range, a malformed id …) hands the whole batch back to the row-by-row reading (``RowReader.ticket``), which
decides what is wrong and reports it exactly as always.  For every batch it does take, the tickets are the
very ones the row-by-row reading gives — a test compares both on every format and on the shared real files.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pramoen.feeds.complaints.values import (
    _NULLS,
    ENGLISH_STATES,
    STATE_LENGTH,
    TICKET_ID,
    UTC,
    content_hash,
    parse_coords,
    tags_of_text,
)

if TYPE_CHECKING:
    from pramoen.feeds.complaints.parsing import RowReader, TicketRow

_fromiso = dt.datetime.fromisoformat


def _clean(column: Sequence[str]) -> list[str]:
    """``clean_text`` of each cell: stripped, and "nan"/"none"/"null" read as empty."""
    return [("" if len(t := c.strip()) <= 4 and t.lower() in _NULLS else t) for c in column]


def _time(text: str) -> dt.datetime:
    """``parse_time`` of a non-empty ISO text (an empty one raises ``ValueError`` like a bad one)."""
    moment = _fromiso(text.replace("Z", "+00:00"))
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _number(text: str, low: float, high: float) -> float:
    number = float(text.strip("'\""))
    if not low <= number <= high:
        raise ValueError(text)
    return number


def _star(text: str) -> int | None:
    """``parse_star``: empty or 0 → None, a whole number 1–5 → itself, anything else refused."""
    if not text:
        return None
    number = _number(text, 0, 5)
    if number != int(number):
        raise ValueError(text)
    return int(number) or None


def _count(text: str) -> int | None:
    return int(_number(text, 0, 10**6)) if text else None


# a batch of tickets as columns, one list per field of ``TicketRow`` in its order (what the reader process
# sends: columns pickle in about half the time of as many row tuples)
Columns = list[list[Any]]


def rows_of(columns: Columns) -> list[TicketRow]:
    from pramoen.feeds.complaints.parsing import TicketRow

    return list(map(TicketRow._make, zip(*columns, strict=True)))


def columns_of(rows: Sequence[TicketRow]) -> Columns:
    from pramoen.feeds.complaints.parsing import TicketRow

    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in TicketRow._fields]


def read_columns(
    reader: RowReader, chunk: Sequence[tuple[int, list[Any]]], observed: dt.datetime | None
) -> Columns | None:
    """The tickets of ``chunk`` (numbered raw rows of a CSV file) as columns, or None when any cell needs
    the row-by-row reading."""
    from pramoen.feeds.complaints.parsing import COLUMN_FORMATS, SNAPSHOT

    if reader.fmt not in COLUMN_FORMATS or not chunk:
        return None
    rows = [reader.pad(values) for _n, values in chunk]
    if any(len(values) != reader.width for values in rows):  # cells beyond the header: row by row
        return None
    cols = list(zip(*rows, strict=True))
    try:
        ids = _clean(cols[reader.i_id])
        if not all(map(TICKET_ID.match, ids)):
            return None
        created = [_time(t) for t in _clean(cols[reader.i_created])]
        activity = [_time(t) if t else None for t in _clean(cols[reader.i_activity])]
        points = _points(reader, cols)
        observed_at: list[dt.datetime | None] = [observed] * len(rows)
        first_seen: list[dt.datetime | None] = [None] * len(rows)
        if reader.fmt == SNAPSHOT:
            last = [_time(t) if t else None for t in _clean(cols[reader.i_last_seen])]
            observed_at = [seen or observed for seen in last]
            first_seen = [_time(t) if t else None for t in _clean(cols[reader.i_first_seen])]
        stars = [_star(t) for t in _clean(cols[reader.i_star])]
        reopened = [_count(t) for t in _clean(cols[reader.i_reopen])]
    except ValueError:  # RowInvalid too: the row-by-row reading says which row and why
        return None
    texts = [_clean(cols[i]) for i in reader.text_columns]
    for at, i in reader.fallbacks:
        texts[at] = [a or b for a, b in zip(texts[at], _clean(cols[i]), strict=True)]
    organization, org, address, subdistrict, district, province, photo, photo_after, note = texts
    # ``parse_state`` of each cell
    states = [ENGLISH_STATES.get(t, t)[:STATE_LENGTH] for t in _clean(cols[reader.i_state])]
    tags = [t[:400] for t in map(tags_of_text, _clean(cols[reader.i_tags]))]  # ``parse_tags`` of a text
    comments = _clean(cols[reader.i_comment])
    digests = _digests(reader, rows)
    return [
        [n for n, _values in chunk], ids, created, states, tags, comments, organization,
        [t[:200] for t in org], [p[0] for p in points], [p[1] for p in points], address,
        [t[:120] for t in subdistrict], [t[:120] for t in district], [t[:120] for t in province], stars,
        reopened, activity, photo, photo_after, note, observed_at, first_seen, digests,
    ]  # fmt: skip


def _digests(reader: RowReader, rows: list[list[Any]]) -> list[str]:
    """The content hash of each row, as ``RowReader.ticket`` takes it.  (Joining and encoding the whole
    batch at once and splitting it was measured slower: a text of Thai and Latin cells is widened.)"""
    content = reader.content_cells
    return [content_hash("\x1f".join(content(v))) for v in rows]


def _coordinates(texts: list[str]) -> list[float]:
    """``_number(t, -180, 180)`` of each text, for a column of plain numbers at once."""
    try:
        numbers = list(map(float, texts))
        total = sum(numbers)  # not finite when any number is nan or infinite
        if numbers and math.isfinite(total) and min(numbers) >= -180 and max(numbers) <= 180:
            return numbers
    except ValueError:  # quoted, or not a number: cell by cell
        pass
    return [_number(t, -180, 180) for t in texts]


def _points(reader: RowReader, cols: list[tuple[Any, ...]]) -> list[tuple[float | None, float | None]]:
    """(lon, lat) of each row, as ``RowReader._point`` reads them (``ValueError`` where it would refuse)."""
    from pramoen.feeds.complaints.parsing import API_EXPORT, SNAPSHOT

    coords = cols[reader.i_coords]
    if reader.fmt not in {API_EXPORT, SNAPSHOT}:
        return [parse_coords(c) for c in coords]
    lons, lats = _clean(cols[reader.i_lon]), _clean(cols[reader.i_lat])
    if all(lons) and all(lats):
        return list(zip(_coordinates(lons), _coordinates(lats), strict=True))
    return [
        (_number(a, -180, 180), _number(b, -180, 180)) if a or b else parse_coords(c)
        for a, b, c in zip(lons, lats, coords, strict=True)
    ]
