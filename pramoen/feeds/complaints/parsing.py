"""Reading every Traffy Fondue file format into plain rows, detected from the header.

Formats (see docs/complaints.md): the public dump (``organization``, ``last_activity``), the API export
(``lon``, ``lat``, ``status``, ``org``), the API format with list-style coords (``problem_type_abdul``,
``description``), the export with durations (``Latitute``/``Longitude`` hold longitude/latitude — the labels
are swapped — and dates are day-first), the public feed's GeoJSON FeatureCollection, and the merged
snapshot CSV (``first_seen``/``last_seen``) and state-history CSV (``observed_at``) built from it.
Each bad row becomes a ``Reject`` (row, field, reason); the good rows are returned.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import gzip
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError

UTC = dt.UTC
TICKET_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{3,31}$")
SNAPSHOT_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})Z")
# The export with durations uses English state codes.
ENGLISH_STATES = {
    "start": "รอรับเรื่อง",
    "inprogress": "กำลังดำเนินการ",
    "forward": "ส่งต่อ(ใหม่)",
    "finish": "เสร็จสิ้น",
    "follow": "ติดตามเรื่อง",
    "irrelevant": "ไม่เกี่ยวข้อง",
}

DUMP = "dump"
API_EXPORT = "api_export"
API_LIST = "api_list"
DURATIONS = "durations"
GEOJSON = "geojson"
SNAPSHOT = "snapshot"
HISTORY = "history"
FORMAT_LABELS = {
    DUMP: "public dump",
    API_EXPORT: "API export",
    API_LIST: "API format (list coords)",
    DURATIONS: "export with durations",
    GEOJSON: "public feed GeoJSON",
    SNAPSHOT: "merged snapshot CSV",
    HISTORY: "state-history CSV",
}


@dataclass
class TicketRow:
    row: int
    ticket_id: str
    created_at: dt.datetime
    state: str = ""
    type_tags: str = ""
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


@dataclass
class HistoryRow:
    row: int
    ticket_id: str
    observed_at: dt.datetime
    state: str
    last_activity: dt.datetime | None


@dataclass
class Reject:
    row: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "reason": self.reason}


@dataclass
class Parsed:
    file_format: str
    rows_read: int = 0
    tickets: list[TicketRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    repeated_in_file: int = 0


class BadValue(ValueError):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


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
    """The moment in a snapshot's file name, e.g. ``…_2023-01-09T0124Z.json`` → 2023-01-09 01:24 UTC."""
    m = SNAPSHOT_TIME.search(name)
    if not m:
        return None
    return dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}:{m.group(3)}:00+00:00")


# --- value parsers ----------------------------------------------------------------------------------


_NULLS = frozenset({"nan", "none", "null"})


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = (value if type(value) is str else str(value)).strip()
    return "" if len(text) <= 4 and text.lower() in _NULLS else text


def parse_time(
    value: Any, field_name: str, *, day_first: bool = False, required: bool = True
) -> dt.datetime | None:
    text = _text(value)
    if not text:
        if required:
            raise BadValue(field_name, _("missing"))
        return None
    try:
        if day_first:
            # "28/11/2023 21:01": the export's spreadsheet re-save; read as UTC like every other export.
            moment = dt.datetime.strptime(text, "%d/%m/%Y %H:%M")
        else:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadValue(field_name, _("not a date and time: %(value)s") % {"value": text[:40]}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_tags(value: Any) -> str:
    if isinstance(value, list):
        items = [str(v) for v in value]
    else:
        text = _text(value)
        if text.startswith("["):
            try:
                items = [str(v) for v in ast.literal_eval(text)]
            except (ValueError, SyntaxError):
                items = text.strip("[]").split(",")
        else:
            items = text.strip("{}").split(",")
    tags = sorted({t.strip().strip("'\"").strip() for t in items} - {""})
    return ",".join(tags)


def _float(value: Any, field_name: str, low: float, high: float) -> float:
    text = _text(value).strip("'\"")
    try:
        number = float(text)
    except ValueError:
        raise BadValue(field_name, _("not a number: %(value)s") % {"value": text[:40]}) from None
    if not low <= number <= high:
        raise BadValue(field_name, _("out of range: %(value)s") % {"value": text[:40]})
    return number


def parse_point(lon: Any, lat: Any, field_name: str) -> tuple[float | None, float | None]:
    if not _text(lon) and not _text(lat):
        return None, None
    # both within ±180: a swapped pair (latitude 100.5) is kept so attribution can detect it
    return _float(lon, field_name, -180, 180), _float(lat, field_name, -180, 180)


def parse_coords(value: Any, field_name: str = "coords") -> tuple[float | None, float | None]:
    """``"100.5,13.7"`` or ``"['100.5', '13.7']"`` or a list → (lon, lat)."""
    if isinstance(value, list):
        parts = [str(v) for v in value]
    else:
        text = _text(value)
        if not text:
            return None, None
        parts = text.strip("[]").split(",")
    if len(parts) != 2:
        raise BadValue(field_name, _("expected two numbers (longitude, latitude)"))
    return parse_point(parts[0].strip(), parts[1].strip(), field_name)


def parse_star(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    number = _float(text, "star", 0, 5)
    if number == 0:
        return None
    if number != int(number):
        raise BadValue("star", _("not a whole number of stars: %(value)s") % {"value": text})
    return int(number)


def parse_count(value: Any, field_name: str = "count_reopen") -> int | None:
    text = _text(value)
    if not text:
        return None
    number = _float(text, field_name, 0, 10**6)
    return int(number)


def parse_ticket_id(value: Any) -> str:
    text = _text(value)
    if not text:
        raise BadValue("ticket_id", _("missing"))
    if not TICKET_ID.match(text):
        raise BadValue("ticket_id", _("not a Traffy ticket id: %(value)s") % {"value": text[:40]})
    return text


def parse_state(value: Any) -> str:
    text = _text(value)
    return ENGLISH_STATES.get(text, text)


# --- per-format row readers -------------------------------------------------------------------------


def _ticket_from(fmt: str, n: int, r: dict[str, Any], observed: dt.datetime | None) -> TicketRow:
    ticket_id = parse_ticket_id(r.get("ticket_id"))
    day_first = fmt == DURATIONS
    created = parse_time(r.get("timestamp"), "timestamp", day_first=day_first)
    assert created is not None
    last_activity = parse_time(r.get("last_activity"), "last_activity", day_first=day_first, required=False)
    if fmt in {API_EXPORT, SNAPSHOT}:
        lon, lat = parse_point(r.get("lon"), r.get("lat"), "lon/lat")
        if lon is None:
            lon, lat = parse_coords(r.get("coords"))
    elif fmt == DURATIONS:
        # The source's labels are swapped: `Latitute` holds the longitude, `Longitude` the latitude.
        lon, lat = parse_point(r.get("Latitute"), r.get("Longitude"), "Latitute/Longitude")
    else:
        lon, lat = parse_coords(r.get("coords"))
    row_observed = observed
    if fmt == SNAPSHOT:
        row_observed = parse_time(r.get("last_seen"), "last_seen", required=False) or observed
    return TicketRow(
        row=n,
        ticket_id=ticket_id,
        created_at=created,
        state=parse_state(r.get("state")),
        type_tags=parse_tags(r.get("problem_type_abdul") if fmt in {API_LIST, GEOJSON} else r.get("type")),
        comment=_text(r.get("description") if fmt in {API_LIST, GEOJSON} else r.get("comment")),
        organization=_text(r.get("organization")),
        org=_text(r.get("org"))[:200],
        lon=lon,
        lat=lat,
        address=_text(r.get("address")),
        subdistrict=_text(r.get("subdistrict"))[:120],
        district_text=_text(r.get("district"))[:120],
        province=_text(r.get("province"))[:120],
        star=parse_star(r.get("star")),
        count_reopen=parse_count(r.get("count_reopen")),
        last_activity=last_activity,
        photo=_text(r.get("photo") or r.get("photo_url")),
        photo_after=_text(r.get("photo_after") or r.get("after_photo")),
        note=_text(r.get("note")),
        observed_at=row_observed,
        first_seen=parse_time(r.get("first_seen"), "first_seen", required=False) if fmt == SNAPSHOT else None,
    )


def _history_from(n: int, r: dict[str, Any]) -> HistoryRow:
    observed = parse_time(r.get("observed_at"), "observed_at")
    assert observed is not None
    return HistoryRow(
        row=n,
        ticket_id=parse_ticket_id(r.get("ticket_id")),
        observed_at=observed,
        state=parse_state(r.get("state")),
        last_activity=parse_time(r.get("last_activity"), "last_activity", required=False),
    )


def _open_text(path: Path) -> IO[str]:
    with path.open("rb") as fh:
        magic = fh.read(2)  # not the whole file: a generated million-row CSV is close to 1 GB
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _records(path: Path) -> tuple[str, Iterator[tuple[int, dict[str, Any]]], dt.datetime | None]:
    """(format, numbered records, the snapshot's time when the file carries one)."""
    fh = _open_text(path)
    first = fh.read(1)
    while first.isspace():
        first = fh.read(1)
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

        def geo() -> Iterator[tuple[int, dict[str, Any]]]:
            for i, feature in enumerate(features, start=1):
                props = dict((feature or {}).get("properties") or {})
                coords = ((feature or {}).get("geometry") or {}).get("coordinates")
                props["coords"] = coords if coords is not None else ""
                yield i, props

        return GEOJSON, geo(), snapshot_time(path.name)
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

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for i, values in enumerate(reader, start=2):  # row numbers as a spreadsheet shows them
                if not any(v.strip() for v in values):
                    continue
                yield i, dict(zip(names, values, strict=False))
        finally:
            fh.close()

    return fmt, rows(), snapshot_time(path.name)


def parse_file(path: Path, *, observed_at: dt.datetime | None = None) -> Parsed:
    """Every row of ``path`` read and validated; a ticket repeated in the file keeps its last row."""
    fmt, records, file_time = _records(path)
    observed = file_time or observed_at
    parsed = Parsed(file_format=fmt)
    seen: dict[str, int] = {}
    try:
        for n, record in records:
            parsed.rows_read += 1
            try:
                if fmt == HISTORY:
                    parsed.history.append(_history_from(n, record))
                    continue
                ticket = _ticket_from(fmt, n, record, observed)
            except BadValue as bad:
                parsed.rejects.append(Reject(n, bad.field, bad.reason))
                continue
            if ticket.ticket_id in seen:
                parsed.repeated_in_file += 1
                parsed.tickets[seen[ticket.ticket_id]] = ticket
            else:
                seen[ticket.ticket_id] = len(parsed.tickets)
                parsed.tickets.append(ticket)
    except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
        raise ApplicationError(
            _("%(file)s: cannot be read after row %(row)s: %(reason)s")
            % {"file": path.name, "row": parsed.rows_read + 1, "reason": exc},
            {"file": path.name, "row": parsed.rows_read + 1},
        ) from None
    return parsed
