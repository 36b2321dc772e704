"""Reading a batch of CSV rows column by column: the fast way to the same tickets as row by row.

Validating row by row calls a dozen small functions per row; a column is checked in one comprehension
instead.  This path only *accepts*: the first cell it cannot take as it is (a missing time, a number out of
range, a malformed id …) hands the whole batch back to the row-by-row reading (``RowReader.ticket``), which
decides what is wrong and reports it exactly as always.  For every batch it does take, the tickets are the
very ones the row-by-row reading gives — a test compares both on every format and on the shared real files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pramoen.feeds.complaints.values import (
    _NULLS,
    ENGLISH_STATES,
    TICKET_ID,
    UTC,
    parse_coords,
    parse_tags,
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


def read_columns(
    reader: RowReader, chunk: Sequence[tuple[int, list[Any]]], observed: dt.datetime | None
) -> list[TicketRow] | None:
    """The tickets of ``chunk`` (numbered raw rows of a CSV file), or None when any cell needs the
    row-by-row reading."""
    from pramoen.feeds.complaints.parsing import COLUMN_FORMATS, SNAPSHOT, TicketRow

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
    except ValueError:  # BadValue too: the row-by-row reading says which row and why
        return None
    texts = [_clean(cols[i]) for i in reader.text_columns]
    for at, i in reader.fallbacks:
        texts[at] = [a or b for a, b in zip(texts[at], _clean(cols[i]), strict=True)]
    organization, org, address, subdistrict, district, province, photo, photo_after, note = texts
    states = [ENGLISH_STATES.get(t, t) for t in _clean(cols[reader.i_state])]
    tags = [parse_tags(t) for t in cols[reader.i_tags]]
    comments = _clean(cols[reader.i_comment])
    content = reader.content_cells
    digests = [hashlib.blake2b("\x1f".join(content(v)).encode(), digest_size=16).hexdigest() for v in rows]
    fields = [
        [n for n, _values in chunk], ids, created, states, tags, comments, organization,
        [t[:200] for t in org], [p[0] for p in points], [p[1] for p in points], address,
        [t[:120] for t in subdistrict], [t[:120] for t in district], [t[:120] for t in province], stars,
        reopened, activity, photo, photo_after, note, observed_at, first_seen, digests,
    ]  # fmt: skip
    return list(map(TicketRow._make, zip(*fields, strict=True)))


def _points(reader: RowReader, cols: list[tuple[Any, ...]]) -> list[tuple[float | None, float | None]]:
    """(lon, lat) of each row, as ``RowReader._point`` reads them (``ValueError`` where it would refuse)."""
    from pramoen.feeds.complaints.parsing import API_EXPORT, SNAPSHOT

    coords = cols[reader.i_coords]
    if reader.fmt not in {API_EXPORT, SNAPSHOT}:
        return [parse_coords(c) for c in coords]
    lons, lats = _clean(cols[reader.i_lon]), _clean(cols[reader.i_lat])
    return [
        (_number(a, -180, 180), _number(b, -180, 180)) if a or b else parse_coords(c)
        for a, b, c in zip(lons, lats, coords, strict=True)
    ]
