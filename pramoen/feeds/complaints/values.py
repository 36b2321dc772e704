"""Reading one value of a Traffy Fondue row: each parser returns the clean value or raises ``RowInvalid``
naming the field and the reason (which becomes the row's reject)."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
from typing import Any

from django.utils.translation import gettext as _
from xxhash import xxh3_128_hexdigest

from pramoen.core.rows import RowInvalid

UTC = dt.UTC
TICKET_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{3,31}$")

# The export with durations uses English state codes.
ENGLISH_STATES = {
    "start": "รอรับเรื่อง",
    "inprogress": "กำลังดำเนินการ",
    "forward": "ส่งต่อ(ใหม่)",
    "finish": "เสร็จสิ้น",
    "follow": "ติดตามเรื่อง",
    "irrelevant": "ไม่เกี่ยวข้อง",
}


_NULLS = frozenset({"nan", "none", "null"})


def content_hash(cells: str) -> str:
    """The hash a stored ticket keeps of the raw cells it was read from (joined by ``\\x1f``), so that a
    re-imported unchanged row is skipped: XXH3, 128 bits, in hex.  A change detector, not a seal: ten
    times faster than BLAKE2 over the ≈ 1 kB of a row (≈ 0.3 s of the reader's CPU per 185k rows).
    Hashes stored before 2026-11-25 were BLAKE2b: such a ticket is rewritten once, unchanged, by the next
    import that reads it."""
    return xxh3_128_hexdigest(cells.encode())


def clean_text(value: Any) -> str:
    if type(value) is str:  # the common case first: every value of a CSV row
        text = value.strip()
    elif value is None:
        return ""
    else:
        text = str(value).strip()
    return "" if len(text) <= 4 and text.lower() in _NULLS else text


def parse_time(
    value: Any,
    field_name: str,
    *,
    day_first: bool = False,
    required: bool = True,
    zone: dt.tzinfo = dt.UTC,
) -> dt.datetime | None:
    """A stored moment (UTC) from a cell; a time without an offset is read in ``zone``, the time basis of
    the file's format (parsing.TIME_BASIS)."""
    text = clean_text(value)
    if not text:
        if required:
            raise RowInvalid(field_name, _("missing"))
        return None
    try:
        if day_first:
            # "28/11/2023 21:01": the export's spreadsheet re-save, in Bangkok local time (its ``zone``)
            moment = dt.datetime.strptime(text, "%d/%m/%Y %H:%M")
        else:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise RowInvalid(field_name, _("not a date and time: %(value)s") % {"value": text[:40]}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def parse_tags(value: Any) -> str:
    if isinstance(value, list):
        return _tags([str(v) for v in value])
    return tags_of_text(clean_text(value))


@functools.lru_cache(maxsize=4096)  # a file holds a few hundred distinct tag lists
def tags_of_text(text: str) -> str:
    if text.startswith("["):
        try:
            items = [str(v) for v in ast.literal_eval(text)]
        except (ValueError, SyntaxError):
            items = text.strip("[]").split(",")
    else:
        items = text.strip("{}").split(",")
    return _tags(items)


def _tags(items: list[str]) -> str:
    return ",".join(sorted({t.strip().strip("'\"").strip() for t in items} - {""}))


def _float(value: Any, field_name: str, low: float, high: float) -> float:
    text = clean_text(value).strip("'\"")
    try:
        number = float(text)
    except ValueError:
        raise RowInvalid(field_name, _("not a number: %(value)s") % {"value": text[:40]}) from None
    if not low <= number <= high:
        raise RowInvalid(field_name, _("out of range: %(value)s") % {"value": text[:40]})
    return number


def parse_point(lon: Any, lat: Any, field_name: str) -> tuple[float | None, float | None]:
    if not clean_text(lon) and not clean_text(lat):
        return None, None
    # both within ±180: a swapped pair (latitude 100.5) is kept so attribution can detect it
    return _float(lon, field_name, -180, 180), _float(lat, field_name, -180, 180)


def parse_coords(value: Any, field_name: str = "coords") -> tuple[float | None, float | None]:
    """``"100.5,13.7"`` or ``"['100.5', '13.7']"`` or a list → (lon, lat)."""
    if isinstance(value, list):
        parts = [str(v) for v in value]
    else:
        text = clean_text(value)
        if not text:
            return None, None
        parts = text.strip("[]").split(",")
    if len(parts) != 2:
        raise RowInvalid(field_name, _("expected two numbers (longitude, latitude)"))
    return parse_point(parts[0].strip(), parts[1].strip(), field_name)


def parse_star(value: Any) -> int | None:
    text = clean_text(value)
    if not text:
        return None
    number = _float(text, "star", 0, 5)
    if number == 0:
        return None
    if number != int(number):
        raise RowInvalid("star", _("not a whole number of stars: %(value)s") % {"value": text})
    return int(number)


def parse_count(value: Any, field_name: str = "count_reopen") -> int | None:
    text = clean_text(value)
    if not text:
        return None
    number = _float(text, field_name, 0, 10**6)
    return int(number)


def parse_ticket_id(value: Any) -> str:
    text = clean_text(value)
    if not text:
        raise RowInvalid("ticket_id", _("missing"))
    if not TICKET_ID.match(text):
        raise RowInvalid("ticket_id", _("not a Traffy ticket id: %(value)s") % {"value": text[:40]})
    return text


STATE_LENGTH = 60  # ``Ticket.state``, ``StateChange.state``


def parse_state(value: Any) -> str:
    """The Thai state (English codes of the export with durations mapped), cut to what is stored: the
    state read is compared with the stored one, so both must be the same length."""
    text = clean_text(value)
    return ENGLISH_STATES.get(text, text)[:STATE_LENGTH]
