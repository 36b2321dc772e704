"""Reading every Traffy Fondue file format into plain rows, detected from the header.

Formats (see docs/complaints.md): the public dump (``organization``, ``last_activity``), the API export
(``lon``, ``lat``, ``status``, ``org``), the API format with list-style coords (``problem_type_abdul``,
``description``), the export with durations (``Latitute``/``Longitude`` hold longitude/latitude — the labels
are swapped — and dates are day-first), the public feed's GeoJSON FeatureCollection, and the merged
snapshot CSV (``first_seen``/``last_seen``) and state-history CSV (``observed_at``) built from it.
Each bad row becomes a ``RowError`` (row, field, reason; pramoen.core.rows); the good rows are returned.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import operator
import re
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any, NamedTuple, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from isal import igzip, isal_zlib

from pramoen.core.errors import ApplicationError
from pramoen.core.rows import RowError, RowInvalid
from pramoen.feeds.complaints.values import (
    clean_text,
    content_hash,
    parse_coords,
    parse_count,
    parse_point,
    parse_star,
    parse_state,
    parse_tags,
    parse_ticket_id,
    parse_time,
)

UTC = dt.UTC
# ISA-L's exception for a corrupt compressed stream (its stubs declare an instance, not a class)
_INFLATE_ERROR: type[Exception] = isal_zlib.error  # type: ignore[assignment]
# what reading a broken file raises: bad CSV quoting, bytes that are not UTF-8, a truncated or corrupt
# gzip stream
_UNREADABLE = (csv.Error, UnicodeDecodeError, EOFError, OSError, _INFLATE_ERROR)
SNAPSHOT_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2}(?:\.\d{1,6})?)?Z")
DUMP = "dump"
API_EXPORT = "api_export"
API_LIST = "api_list"
DURATIONS = "durations"
GEOJSON = "geojson"
SNAPSHOT = "snapshot"
HISTORY = "history"
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
# The zone a format's times without an offset are in.  The export with durations holds Bangkok local times:
# its quiet hours (fewest tickets) fall at 01–04 in the raw times, night in Bangkok, and read as UTC 799 of
# its 2,000 tickets moved to the next Bangkok day (docs/complaints.md, "Time bases").  The others write
# ISO times with an offset or in UTC.
TIME_BASIS: dict[str, dt.tzinfo] = {
    DUMP: UTC,
    API_EXPORT: UTC,
    API_LIST: UTC,
    DURATIONS: BANGKOK,
    GEOJSON: UTC,
    SNAPSHOT: UTC,
    HISTORY: UTC,
}
# The names pages and job summaries give each format (translated: the Thai UI shows no English label).
FORMAT_LABELS = {
    DUMP: gettext_lazy("public dump"),
    API_EXPORT: gettext_lazy("API export"),
    API_LIST: gettext_lazy("API format (list coords)"),
    DURATIONS: gettext_lazy("export with durations"),
    GEOJSON: gettext_lazy("public feed GeoJSON"),
    SNAPSHOT: gettext_lazy("merged snapshot CSV"),
    HISTORY: gettext_lazy("state-history CSV"),
}


class TicketRow(NamedTuple):
    """One good row of a ticket file (a tuple: cheap to build)."""

    row: int
    ticket_id: str
    created_at: dt.datetime
    state: str = ""  # at most 60 characters (``values.STATE_LENGTH``)
    type_tags: str = ""  # at most 400 characters
    comment: str = ""
    organization: str = ""
    org: str = ""
    lon: float | None = None
    lat: float | None = None
    address: str = ""
    subdistrict: str = ""
    district_text: str = ""
    province: str = ""
    star: int | None = None
    count_reopen: int | None = None
    last_activity: dt.datetime | None = None
    photo: str = ""
    photo_after: str = ""
    note: str = ""
    observed_at: dt.datetime | None = None
    first_seen: dt.datetime | None = None
    content_hash: str = ""  # of the row's raw cells: a re-imported unchanged row is skipped


@dataclass
class HistoryRow:
    row: int
    ticket_id: str
    observed_at: dt.datetime
    state: str
    last_activity: dt.datetime | None


@dataclass
class Parsed:
    file_format: str
    rows_read: int = 0
    rejects: list[RowError] = field(default_factory=list)
    repeated_in_file: int = 0
    encoding: str = "utf-8"
    ignored_columns: list[str] = field(default_factory=list)  # in the header, known to no Traffy format


def detect_format(header: list[str]) -> str | None:
    cols = {c.strip() for c in header}
    if {"ticket_id", "observed_at", "state"} <= cols and "timestamp" not in cols:
        return HISTORY
    if {"Latitute", "Longitude", "ticket_id", "timestamp"} <= cols:
        return DURATIONS
    if {"first_seen", "last_seen", "ticket_id", "timestamp"} <= cols:
        return SNAPSHOT
    if {"lon", "lat", "status", "org", "ticket_id", "timestamp"} <= cols:
        return API_EXPORT
    if {"problem_type_abdul", "description", "coords", "ticket_id", "timestamp"} <= cols:
        return API_LIST
    if {"organization", "last_activity", "coords", "ticket_id", "timestamp"} <= cols:
        return DUMP
    return None


def snapshot_time(name: str) -> dt.datetime | None:
    """The moment in a snapshot's file name, e.g. ``…_2023-01-09T0124Z.json`` → 2023-01-09 01:24 UTC
    (``…T012405.250000Z`` with the seconds, as a pull names its pages)."""
    m = SNAPSHOT_TIME.search(name)
    if not m:
        return None
    return dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}:{m.group(3)}:{m.group(4) or '00'}+00:00")


# --- per-format row readers -------------------------------------------------------------------------

# Where each ticket field comes from, by format: the first column of the list that the file has (and,
# for a pair such as photo/photo_url, the second when the first is empty).
_TAGS_FROM = {API_LIST: ("problem_type_abdul",), GEOJSON: ("problem_type_abdul",)}
_COMMENT_FROM = {API_LIST: ("description",), GEOJSON: ("description",)}
_TEXT_FIELDS = (
    "organization", "org", "address", "subdistrict", "district", "province", "photo", "photo_after", "note",
)  # fmt: skip
_TEXT_FROM = {"photo": ("photo", "photo_url"), "photo_after": ("photo_after", "after_photo")}
# Columns a newer snapshot changes without changing the ticket: not part of its content hash.
_NOT_CONTENT = frozenset({"first_seen", "last_seen", "api_offset_page"})
GEOJSON_COLUMNS = (
    "ticket_id", "timestamp", "last_activity", "state", "problem_type_abdul", "type", "description",
    "comment", "organization", "org", "address", "subdistrict", "district", "province", "star",
    "count_reopen", "photo", "photo_url", "photo_after", "after_photo", "note", "coords",
)  # fmt: skip


class RowReader:
    """Turns one file's rows (lists of raw values in header order) into tickets or history rows.

    The header is looked up once per file; each row is then read by position.  A row shorter than the
    header reads the missing cells as empty."""

    def __init__(self, fmt: str, names: list[str]) -> None:
        self.fmt = fmt
        self.width = len(names) + 1  # every row is padded to this; the last cell is always empty
        where: dict[str, int] = {}
        for i, name in enumerate(names):
            where[name] = i  # a repeated column name: the last one wins, as in a dict of the row
        self._where = where
        self.day_first = fmt == DURATIONS
        self.zone = TIME_BASIS.get(fmt, UTC)
        self.i_id = self._at("ticket_id")
        self.i_created = self._at("timestamp")
        self.i_activity = self._at("last_activity")
        self.i_state = self._at("state")
        self.i_observed = self._at("observed_at")
        self.i_tags = self._at(*_TAGS_FROM.get(fmt, ("type",)))
        self.i_comment = self._at(*_COMMENT_FROM.get(fmt, ("comment",)))
        self.i_star = self._at("star")
        self.i_reopen = self._at("count_reopen")
        self.i_coords = self._at("coords")
        self.i_lon, self.i_lat = (
            (self._at("Latitute"), self._at("Longitude"))  # the source's labels are swapped
            if fmt == DURATIONS
            else (self._at("lon"), self._at("lat"))
        )
        self.i_first_seen = self._at("first_seen")
        self.i_last_seen = self._at("last_seen")
        self.text_columns = [self._at(*_TEXT_FROM.get(f, (f,))) for f in _TEXT_FIELDS]
        self._texts = operator.itemgetter(*self.text_columns)
        # a second column for a text field, read when the first is empty (photo, then photo_url)
        self.fallbacks = [
            (_TEXT_FIELDS.index(f), where[names[1]])
            for f, names in _TEXT_FROM.items()
            if names[0] in where and names[1] in where
        ]
        # the cells of the content hash
        self.content_cells = operator.itemgetter(*(i for n, i in where.items() if n not in _NOT_CONTENT), -1)

    def _at(self, *names: str) -> int:
        return next((self._where[n] for n in names if n in self._where), self.width - 1)

    def pad(self, values: list[Any]) -> list[Any]:
        """``values`` (a fresh row) extended with empty cells to the reader's width."""
        short = self.width - len(values)
        if short > 0:
            values.extend([""] * short)
        return values

    def _point(self, v: list[Any]) -> tuple[float | None, float | None]:
        if self.fmt == DURATIONS:
            return parse_point(v[self.i_lon], v[self.i_lat], "Latitute/Longitude")
        if self.fmt in {API_EXPORT, SNAPSHOT}:
            lon, lat = parse_point(v[self.i_lon], v[self.i_lat], "lon/lat")
            if lon is not None:
                return lon, lat
        return parse_coords(v[self.i_coords])

    def ticket(self, n: int, values: list[Any], observed: dt.datetime | None) -> TicketRow:
        v = self.pad(values)
        ticket_id = parse_ticket_id(v[self.i_id])
        created = parse_time(v[self.i_created], "timestamp", day_first=self.day_first, zone=self.zone)
        assert created is not None
        last_activity = parse_time(
            v[self.i_activity], "last_activity", day_first=self.day_first, required=False, zone=self.zone
        )
        lon, lat = self._point(v)
        first_seen = None
        if self.fmt == SNAPSHOT:
            observed = parse_time(v[self.i_last_seen], "last_seen", required=False) or observed
            first_seen = parse_time(v[self.i_first_seen], "first_seen", required=False)
        texts = [clean_text(t) for t in self._texts(v)]
        for at, i in self.fallbacks:
            texts[at] = texts[at] or clean_text(v[i])
        organization, org, address, subdistrict, district, province, photo, photo_after, note = texts
        content = "\x1f".join(map(str, self.content_cells(v)))
        return TicketRow(  # by position: the fields in their declared order
            n, ticket_id, created, parse_state(v[self.i_state]), parse_tags(v[self.i_tags])[:400],
            clean_text(v[self.i_comment]), organization, org[:200], lon, lat, address, subdistrict[:120],
            district[:120], province[:120], parse_star(v[self.i_star]), parse_count(v[self.i_reopen]),
            last_activity, photo, photo_after, note, observed, first_seen,
            content_hash(content),
        )  # fmt: skip

    def history(self, n: int, values: list[Any]) -> HistoryRow:
        v = self.pad(values)
        observed = parse_time(v[self.i_observed], "observed_at")
        assert observed is not None
        return HistoryRow(
            row=n,
            ticket_id=parse_ticket_id(v[self.i_id]),
            observed_at=observed,
            state=parse_state(v[self.i_state]),
            last_activity=parse_time(v[self.i_activity], "last_activity", required=False),
        )


# Text is decoded 64 KiB at a time (the default 8 KiB makes eight times the calls through gzip's Python
# layers: ≈ 0.1 s per 185k rows).  A byte that is not UTF-8 is found up to that far ahead of the rows read,
# so "cannot be read after row N" may name a row some dozens before it.
_TEXT_CHUNK = 1 << 16
# Every column of the Traffy Fondue files seen so far (the seven formats); any other is reported as
# ignored, so that a renamed column is not silently dropped.
KNOWN_COLUMNS = frozenset(
    {
        "ticket_id", "message_id", "type", "type_id", "org", "organization", "organization_action", "comment",
        "description", "problem_type_abdul", "coords", "lon", "lat", "Latitute", "Longitude", "photo",
        "photo_url", "photo_after", "after_photo", "address", "subdistrict", "district", "province",
        "timestamp", "status", "state", "star", "count_reopen", "last_activity", "note", "api_offset_page",
        "first_seen", "last_seen", "observed_at", "duration_minutes_inprogress", "duration_minutes_finished",
        "duration_minutes_total", "timestamp_inprogress", "timestamp_finished",
    }
)  # fmt: skip
# Thai files not in UTF-8 are TIS-620, which Windows extends as code page 874 (its superset).
THAI_WINDOWS = "cp874"


_UTF8_THAI = re.compile(rb"\xe0[\xb8\xb9][\x80-\xbf]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def _encoding_of(sample: bytes) -> str:
    """UTF-8 when the file's first bytes decode as UTF-8 (a character cut at the end is fine), or when
    most of their non-ASCII bytes are UTF-8 Thai letters (a UTF-8 file with a damaged byte, which is then
    reported, not read as something else); otherwise Thai Windows (TIS-620)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        high = len(_HIGH_BYTE.findall(sample))
        return "utf-8-sig" if 3 * len(_UTF8_THAI.findall(sample)) * 2 >= high else THAI_WINDOWS
    return "utf-8-sig"


def _open_text(path: Path) -> tuple[IO[str], IO[bytes], str]:
    """The file as text, the raw file beneath it (whose position tells how much has been read), and the
    encoding chosen from its first 64 KiB."""
    with path.open("rb") as fh:
        magic = fh.read(2)  # not the whole file: a generated million-row CSV is close to 1 GB
    raw: IO[bytes]
    text: io.TextIOWrapper[Any]
    if magic == b"\x1f\x8b":
        # ISA-L inflates ≈ 2.5× as fast as zlib (0.18 s instead of 0.45 s of CPU for the 185k-row file)
        unzipped = igzip.open(path, "rb")  # closed with the text stream when its rows end
        raw = unzipped.fileobj
        try:
            encoding = _encoding_of(unzipped.peek(_TEXT_CHUNK)[:_TEXT_CHUNK])
        except _UNREADABLE:
            encoding = "utf-8-sig"  # the damage is reported when the rows are read
        text = io.TextIOWrapper(unzipped, encoding=encoding, newline="")
    else:
        with path.open("rb") as fh:
            encoding = _encoding_of(fh.read(_TEXT_CHUNK))
        raw = path.open("rb")
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    text._CHUNK_SIZE = _TEXT_CHUNK  # type: ignore[attr-defined]
    return text, raw, encoding


def _records(
    path: Path, fh: IO[str]
) -> tuple[str, list[str], Iterator[tuple[int, list[Any]]], dt.datetime | None]:
    """(format, column names, numbered rows of values, the snapshot's time when the file carries one)."""
    first = fh.read(1)
    while first.isspace():
        first = fh.read(1)
    if first == "":
        fh.close()
        raise ApplicationError(_("%(file)s: the file is empty") % {"file": path.name}, {"file": path.name})
    if first in "{[":
        try:
            data = json.loads(first + fh.read())
        except json.JSONDecodeError as exc:
            raise ApplicationError(
                _("%(file)s: not valid JSON (line %(line)s): %(reason)s")
                % {"file": path.name, "line": exc.lineno, "reason": exc.msg},
                {"file": path.name, "line": exc.lineno},
            ) from None
        finally:
            fh.close()
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list):
            raise ApplicationError(
                _("%(file)s: JSON is not a GeoJSON FeatureCollection") % {"file": path.name},
                {"file": path.name},
            )

        def geo() -> Iterator[tuple[int, list[Any]]]:
            for i, feature in enumerate(features, start=1):
                props = dict((feature or {}).get("properties") or {})
                coords = ((feature or {}).get("geometry") or {}).get("coordinates")
                props["coords"] = coords if coords is not None else ""
                yield i, [props.get(name, "") for name in GEOJSON_COLUMNS]

        return GEOJSON, list(GEOJSON_COLUMNS), geo(), snapshot_time(path.name)
    fh.seek(0)
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise ApplicationError(
            _("%(file)s: the file is empty") % {"file": path.name}, {"file": path.name}
        ) from None
    fmt = detect_format(header)
    if fmt is None:
        fh.close()
        raise ApplicationError(
            _("%(file)s: unknown header — not a Traffy Fondue file this importer knows: %(header)s")
            % {"file": path.name, "header": ", ".join(header[:12])},
            {"file": path.name, "header": header},
        )
    names = [h.strip() for h in header]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for i, values in enumerate(reader, start=2):  # row numbers as a spreadsheet shows them
                if not (values and values[0].strip()) and not "".join(values).strip():
                    continue  # a blank line
                yield i, values
        finally:
            fh.close()

    return fmt, names, rows(), snapshot_time(path.name)


_Row = TypeVar("_Row", TicketRow, HistoryRow)


@dataclass
class Source:
    """An opened file: its format and its rows, read and validated as they are asked for.  What was read
    so far (rows read, rejects) is in ``parsed``."""

    path: Path
    parsed: Parsed
    reader: RowReader
    records: Iterator[tuple[int, list[Any]]]
    observed: dt.datetime | None
    text: IO[str]
    raw: IO[bytes]

    def close(self) -> None:
        self.text.close()

    def fraction_read(self) -> float:
        try:
            return min(1.0, self.raw.tell() / max(1, self.path.stat().st_size))
        except (OSError, ValueError):  # closed at the end of the rows
            return 1.0

    def _numbered(self) -> Iterator[tuple[int, list[Any]]]:
        """The raw rows with their numbers, counted in ``parsed.rows_read``; an unreadable file fails
        naming the row after the last one read."""
        parsed = self.parsed
        try:
            for n, values in self.records:
                parsed.rows_read += 1
                yield n, values
        except _UNREADABLE as exc:
            raise ApplicationError(
                _("%(file)s: cannot be read after row %(row)s: %(reason)s")
                % {"file": self.path.name, "row": parsed.rows_read + 1, "reason": exc},
                {"file": self.path.name, "row": parsed.rows_read + 1},
            ) from None

    def _good(self, read: Callable[[int, list[Any]], _Row]) -> Iterator[_Row]:
        """Every row ``read`` accepts, in file order; the others go to ``parsed.rejects``."""
        rejects = self.parsed.rejects
        for n, values in self._numbered():
            try:
                yield read(n, values)
            except RowInvalid as bad:
                rejects.append(RowError(n, bad.field, bad.reason))

    def history_rows(self) -> Iterator[HistoryRow]:
        """The good rows of a state-history file."""
        return self._good(self.reader.history)

    def ticket_batches(self, size: int) -> Iterator[list[TicketRow]]:
        """The good ticket rows in file order, ``size`` at a time (a repeated ticket appears again).  Only
        the batch in hand is held: the file is read as the batches are asked for."""
        reader, observed = self.reader, self.observed
        tickets = self._good(lambda n, values: reader.ticket(n, values, observed))
        while batch := list(islice(tickets, size)):
            yield batch


def open_source(path: Path, *, observed_at: dt.datetime | None = None) -> Source:
    """Open ``path`` and read its header (an unknown or unreadable file is refused here)."""
    fh, raw, encoding = _open_text(path)
    try:
        fmt, names, records, file_time = _records(path, fh)
    except _UNREADABLE as exc:  # within the first chunk read for the header
        fh.close()
        raise ApplicationError(
            _("%(file)s: cannot be read: %(reason)s") % {"file": path.name, "reason": exc},
            {"file": path.name},
        ) from None
    except BaseException:
        fh.close()
        raise
    observed = file_time or observed_at
    parsed = Parsed(
        file_format=fmt,
        encoding=encoding.removesuffix("-sig"),
        ignored_columns=[n for n in names if n and n not in KNOWN_COLUMNS],
    )
    return Source(path, parsed, RowReader(fmt, names), records, observed, fh, raw)
