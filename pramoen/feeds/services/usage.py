"""Indicator 3.1 at bureaus and offices: monthly use of the digital systems (pramoen.feeds.services.systems).

The services feed's third file layout, ``systems``, recognised by its ``system`` column: one row per
agency, system and month with the agency's user accounts on the system and how many were used in the
month.  Column names in English or Thai (the template is Thai)::

    agency / หน่วยงาน · system / ระบบ · month / เดือน · accounts / บัญชีผู้ใช้งาน ·
    active / บัญชีที่ใช้งานในเดือน

pramoen's reading of the measure (the seed gives no formula; docs/services.md): for each system, the
accounts used over the months of the period ÷ the accounts over those months × 100; 3.1 = the mean over
the systems with records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from pramoen.core.rows import ErrorList
from pramoen.feeds.models import ImportRun
from pramoen.feeds.services.models import DigitalSystem, SystemUsage
from pramoen.feeds.services.tabular import require_columns, too_large_reason
from pramoen.orgs.models import Agency

COLUMNS = ("agency", "system", "month", "accounts", "active")
THAI_COLUMNS = {
    "หน่วยงาน": "agency",
    "ระบบ": "system",
    "เดือน": "month",
    "บัญชีผู้ใช้งาน": "accounts",
    "บัญชีที่ใช้งานในเดือน": "active",
}
TEMPLATE_HEADER = list(THAI_COLUMNS)
TEMPLATE_ROWS = [
    ["สำนักการโยธา", "E-SARABAN", "2566-10", "1,250", "1,010"],
    ["สนย.", "MIS2", "2566-10", "1,480", "690"],
    ["medical-services", "BMA-SSO", "10/2566", "5,200", "3,100"],
]
PLACES = Decimal("0.0001")
UsageKey = tuple[int, int, dt.date]  # agency id, system id, first day of the month


def is_usage_header(header: list[str]) -> bool:
    return "system" in header or "ระบบ" in header


def english_header(header: list[str]) -> dict[str, str]:
    """Column key (``agency`` …) → the heading the file uses for it."""
    return {THAI_COLUMNS.get(h, h): h for h in header if h}


def agency_lookup() -> dict[str, tuple[int, str]]:
    """Code, Thai and English name, Thai abbreviation → (agency id, kind)."""
    lookup: dict[str, tuple[int, str]] = {}
    for pk, kind, code, name_th, name_en, abbr in Agency.objects.values_list(
        "pk", "kind", "code", "name_th", "name_en", "abbr_th"
    ):
        for key in (code, name_th, name_en.lower(), abbr):
            if key:
                lookup[key.strip()] = (pk, kind)
    return lookup


def _whole(text: str) -> int | None:
    digits = text.replace(",", "").strip()
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 9 else None


def parse_usage_rows(
    header: list[str], rows: Iterable[tuple[int, dict[str, str]]], filename: str
) -> tuple[int, dict[UsageKey, tuple[int, int]]]:
    """Every row checked (row, column, reason in one ``ApplicationError``); (rows read, usage by key)."""
    from pramoen.feeds.services.importer import parse_month

    names = english_header(header)
    require_columns(list(names), COLUMNS, filename)
    agencies = agency_lookup()
    systems = {c.lower(): pk for pk, c in DigitalSystem.objects.values_list("pk", "code")}
    found_errors = ErrorList()

    def bad(row: int, column: str, reason: str) -> None:
        """A rejected cell, its column named by the heading the file gives it (Thai or English)."""
        found_errors.add(row, names.get(column, column), reason)

    usage: dict[UsageKey, tuple[int, int]] = {}
    first_row: dict[tuple[object, ...], int] = {}
    rows_read = 0
    for number, raw in rows:
        rows_read += 1
        row = {key: raw.get(heading, "") for key, heading in names.items()}
        found = agencies.get(row["agency"].strip()) or agencies.get(row["agency"].strip().lower())
        agency_id = found[0] if found else None
        if found is None:
            bad(
                number, "agency", _("unknown agency “%(value)s” (its code, name or abbreviation)")
                % {"value": row["agency"][:60]},
            )  # fmt: skip
        elif found[1] == Agency.Kind.DISTRICT_OFFICE:
            agency_id = None
            bad(
                number, "agency",
                _("“%(value)s” is a district office: its 3.1 counts BMA OSS applications (the counts layout)")
                % {"value": row["agency"][:60]},
            )  # fmt: skip
        system_id = systems.get(row["system"].strip().lower())
        if system_id is None:
            bad(
                number, "system", _("unknown system code “%(value)s” (see the list of systems)")
                % {"value": row["system"][:40]},
            )  # fmt: skip
        month = parse_month(row["month"])
        if month is None:
            bad(
                number,
                "month",
                _("“%(value)s” is not a month (YYYY-MM, BE or CE)") % {"value": row["month"][:40]},
            )
        figures: dict[str, int | None] = {}
        for column in ("accounts", "active"):
            text = row[column].replace(",", "").strip()
            figures[column] = _whole(text)
            if figures[column] is None:
                reason = (
                    too_large_reason(text, max_digits=9, decimal_places=0)
                    if text.isascii() and text.isdigit()
                    else _("“%(value)s” is not a whole number of 0 or more") % {"value": row[column][:40]}
                )
                bad(number, column, reason)
        accounts, active = figures["accounts"], figures["active"]
        if accounts == 0:
            bad(number, "accounts", _("no accounts: leave out a system the agency has no accounts on"))
        if accounts is not None and active is not None and active > accounts:
            bad(
                number, "active", _("%(active)s accounts used is more than the %(accounts)s accounts")
                % {"active": f"{active:,}", "accounts": f"{accounts:,}"},
            )  # fmt: skip
        marker = (agency_id, system_id, month)
        if None not in marker and marker in first_row:
            bad(
                number, "month",
                _("repeats row %(row)d (each key may appear once per file)") % {"row": first_row[marker]},
            )  # fmt: skip
            continue
        first_row[marker] = number
        if agency_id and system_id and month and accounts and active is not None and active <= accounts:
            usage[(agency_id, system_id, month)] = (accounts, active)
    if rows_read == 0:
        bad(2, "", _("the file has a header but no rows"))
    found_errors.raise_if_errors(filename)
    return rows_read, usage


def usage_upsert(*, usage: Mapping[UsageKey, tuple[int, int]], batch: ImportRun) -> tuple[int, int]:
    """Write usage, replacing any month already stored for the same agency and system: (created, replaced)."""
    existing = set(
        SystemUsage.objects.filter(
            agency_id__in={k[0] for k in usage}, month__in={k[2] for k in usage}
        ).values_list("agency_id", "system_id", "month")
    )
    SystemUsage.objects.bulk_create(
        [
            SystemUsage(agency_id=a, system_id=s, month=m, accounts=n, active=used, batch=batch)
            for (a, s, m), (n, used) in usage.items()
        ],
        update_conflicts=True,
        unique_fields=["agency", "system", "month"],
        update_fields=["accounts", "active", "batch"],
        batch_size=2000,
    )
    replaced = sum(1 for k in usage if k in existing)
    return len(usage) - replaced, replaced


# ------------------------------------------------------------------------------------------ the measure


def percent(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SystemFigures:
    system: DigitalSystem
    accounts: int  # summed over the months of the period
    active: int
    months: int

    @property
    def share(self) -> Decimal | None:
        return percent(self.active, self.accounts)


def usage_records(agency_id: int, start: dt.date, end: dt.date) -> QuerySet[SystemUsage]:
    return SystemUsage.objects.filter(agency_id=agency_id, month__gte=start.replace(day=1), month__lte=end)


def system_figures(*, agency_id: int, start: dt.date, end: dt.date) -> list[SystemFigures]:
    """Each system the agency has records of in the months overlapping [start, end], in catalogue order."""
    rows = (
        usage_records(agency_id, start, end)
        .values("system_id")
        .annotate(accounts=Sum("accounts"), active=Sum("active"), months=Count("pk"))
    )
    by_system = {r["system_id"]: r for r in rows}
    systems = DigitalSystem.objects.filter(pk__in=list(by_system)).order_by("order", "code")
    return [
        SystemFigures(
            s,
            int(by_system[s.pk]["accounts"]),
            int(by_system[s.pk]["active"]),
            int(by_system[s.pk]["months"]),
        )
        for s in systems
    ]


def systems_measure(figures: Iterable[SystemFigures]) -> Decimal | None:
    """The mean of the systems' shares (pramoen's reading of 3.1 for bureaus and offices)."""
    shares = [f.share for f in figures if f.share is not None]
    if not shares:
        return None
    return (sum(shares, Decimal(0)) / len(shares)).quantize(PLACES, rounding=ROUND_HALF_UP)
