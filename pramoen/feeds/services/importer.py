"""Validate an uploaded service-record file row by row and turn it into counts per natural key.

Three layouts (docs/services.md): ``counts`` — one row per district, process, month and channel with a
``count``; ``transactions`` — one row per application with a ``transaction_id`` and a ``date``, counted
here; ``systems`` — a bureau's or office's monthly use of a digital system
(pramoen.feeds.services.usage).  Nothing is written by this module: ``parse_service_file`` returns the
counts or raises one ``ApplicationError`` listing every bad row.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from pramoen.core.inputs import date_in_range
from pramoen.core.rows import ErrorList
from pramoen.feeds.services.models import Channel, ServiceProcess
from pramoen.feeds.services.tabular import read_table, require_columns, too_large_reason
from pramoen.feeds.services.usage import UsageKey, is_usage_header, parse_usage_rows
from pramoen.orgs.models import District

COUNT_COLUMNS = ("district", "process", "month", "channel", "count")
TRANSACTION_COLUMNS = ("district", "process", "date", "channel", "transaction_id")

CHANNEL_ALIASES = {
    "online": Channel.ONLINE,
    "bma oss": Channel.ONLINE,
    "oss": Channel.ONLINE,
    "ออนไลน์": Channel.ONLINE,
    "ระบบ bma oss": Channel.ONLINE,
    "counter": Channel.COUNTER,
    "walk-in": Channel.COUNTER,
    "เคาน์เตอร์": Channel.COUNTER,
    "ณ สำนักงานเขต": Channel.COUNTER,
    "สำนักงานเขต": Channel.COUNTER,
    "other": Channel.OTHER,
    "อื่น ๆ": Channel.OTHER,
    "อื่นๆ": Channel.OTHER,
}

Key = tuple[int, int, dt.date, str]  # agency id, process id, first day of month, channel


@dataclass
class ParsedServiceFile:
    layout: str
    rows_read: int
    counts: dict[Key, int] = field(default_factory=dict)
    usage: dict[UsageKey, tuple[int, int]] = field(default_factory=dict)  # the ``systems`` layout


def district_lookup() -> dict[str, int]:
    """Geocode, Thai name (with or without “เขต”) and English name → district office id."""
    lookup: dict[str, int] = {}
    for code, name_th, name_en, office_id in District.objects.values_list(
        "code", "name_th", "name_en", "office_id"
    ):
        lookup[str(code)] = office_id
        lookup[name_th.removeprefix("เขต").strip()] = office_id
        lookup[name_en.strip().lower()] = office_id
    return lookup


def _year(text: str) -> int:
    year = int(text)
    return year - 543 if year > 2400 else year  # BE years are accepted and stored as CE dates


_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$|^(\d{1,2})/(\d{4})$")
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$|^(\d{1,2})/(\d{1,2})/(\d{4})$")


@functools.lru_cache(maxsize=4096)  # a file repeats the same few hundred dates a million times
def parse_month(text: str) -> dt.date | None:
    """``2023-10``, ``2566-10`` or ``10/2566`` → 1 Oct 2023; a full date gives its month."""
    match = _MONTH_RE.match(text)
    try:
        if match:
            year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
            first = dt.date(_year(year), int(month), 1)
            return first if date_in_range(first) else None
        day = parse_date(text)
    except ValueError:
        return None
    return day.replace(day=1) if day else None


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> dt.date | None:
    """``2023-10-15``, ``2566-10-15`` or ``15/10/2566`` (day first, as Thai forms write it)."""
    match = _DATE_RE.match(text)
    if not match:
        return None
    try:
        if match[1]:
            day = dt.date(_year(match[1]), int(match[2]), int(match[3]))
        else:
            day = dt.date(_year(match[6]), int(match[5]), int(match[4]))
    except ValueError:
        return None
    return day if date_in_range(day) else None


def parse_service_file(upload: IO[bytes] | bytes, filename: str) -> ParsedServiceFile:
    header, rows = read_table(upload, filename)
    if is_usage_header(header):
        rows_read, usage = parse_usage_rows(header, rows, filename)
        return ParsedServiceFile(layout="systems", rows_read=rows_read, usage=usage)
    layout = "counts" if "count" in header else "transactions"
    require_columns(header, COUNT_COLUMNS if layout == "counts" else TRANSACTION_COLUMNS, filename)
    districts = district_lookup()
    processes = {
        code.lower(): (pk, online)
        for pk, code, online in ServiceProcess.objects.values_list("pk", "code", "online")
    }
    errors = ErrorList()
    counts: dict[Key, int] = defaultdict(int)
    first_row: dict[object, int] = {}
    rows_read = 0
    for number, row in rows:
        rows_read += 1
        agency_id = districts.get(row["district"].removeprefix("เขต").strip()) or districts.get(
            row["district"].lower()
        )
        if agency_id is None:
            errors.add(
                number,
                "district",
                _("unknown district “%(value)s” (use the geocode 1001–1050 or the name)")
                % {"value": row["district"]},
            )
        process = processes.get(row["process"].lower())
        if process is None:
            errors.add(number, "process", _("unknown process code “%(value)s”") % {"value": row["process"]})
        channel = CHANNEL_ALIASES.get(row["channel"].lower())
        if channel is None:
            errors.add(
                number,
                "channel",
                _("unknown channel “%(value)s” (online, counter or other)") % {"value": row["channel"]},
            )
        elif process is not None and channel == Channel.ONLINE and not process[1]:
            errors.add(
                number, "channel", _("process %(code)s is not available online") % {"code": row["process"]}
            )
        if layout == "counts":
            month = parse_month(row["month"])
            if month is None:
                errors.add(
                    number,
                    "month",
                    _("“%(value)s” is not a month (YYYY-MM, BE or CE)") % {"value": row["month"]},
                )
            text = row["count"].replace(",", "")
            digits = text.isascii() and text.isdigit()
            amount = int(text) if digits and len(text) <= 9 else None
            if amount is None:
                errors.add(
                    number,
                    "count",
                    too_large_reason(text, max_digits=9, decimal_places=0)
                    if digits
                    else _("“%(value)s” is not a whole number of 0 or more") % {"value": row["count"][:40]},
                )
            marker: object = (agency_id, process, month, channel)
            column = "month"
        else:
            day = parse_date(row["date"])
            month = day.replace(day=1) if day else None
            if day is None:
                errors.add(
                    number,
                    "date",
                    _("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY, BE or CE)")
                    % {"value": row["date"]},
                )
            amount = 1
            marker = ("transaction", row["transaction_id"])
            column = "transaction_id"
            if not row["transaction_id"]:
                errors.add(number, "transaction_id", _("the transaction id is empty"))
        if marker in first_row:
            errors.add(
                number,
                column,
                _("repeats row %(row)d (each key may appear once per file)") % {"row": first_row[marker]},
            )
            continue
        first_row[marker] = number
        if agency_id is None or process is None or channel is None or month is None or amount is None:
            continue
        counts[(agency_id, process[0], month, str(channel))] += amount
    errors.raise_if_errors(filename)
    if rows_read == 0:
        errors.add(2, "", _("the file has a header but no rows"))
        errors.raise_if_errors(filename)
    return ParsedServiceFile(layout=layout, rows_read=rows_read, counts=dict(counts))
