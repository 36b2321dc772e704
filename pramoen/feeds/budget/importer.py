"""Validate a budget file (lines, movements and procurement events in one table) row by row.

Columns (docs/budget.md): ``record`` says what a row is — ``line``, ``transfer_in``, ``transfer_out``,
``commitment``, ``disbursement`` or ``procurement`` — then ``agency``, ``fiscal_year``, ``line`` and the
columns that record needs.  Nothing is written here: the parsed rows are returned, or one
``ApplicationError`` lists every bad row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

from pramoen.core.rows import ErrorList
from pramoen.feeds.budget.models import BudgetLine, BudgetType, FundSource, MovementKind, ProcurementKind
from pramoen.feeds.services.importer import district_lookup, parse_date
from pramoen.feeds.services.tabular import (
    amount_too_large,
    parse_amount,
    read_table,
    require_columns,
    too_large_reason,
)
from pramoen.framework.periods import parse_fiscal_year
from pramoen.orgs.models import Agency

COLUMNS = ("record", "agency", "fiscal_year", "line", "name", "budget_type", "source", "welfare", "approved",
           "date", "amount", "ref", "event", "note")  # fmt: skip
REQUIRED = ("record", "agency", "fiscal_year", "line")
# Amounts below one trillion baht (ten times BMA's whole yearly budget): the columns hold 16 digits,
# but SQLite reads a decimal back through a 15-digit float, so 14 significant digits is what is safe.
AMOUNT_DIGITS = 14

RECORDS = {
    "line": "line", "รายการ": "line",
    "transfer_in": MovementKind.TRANSFER_IN, "โอนเข้า": MovementKind.TRANSFER_IN,
    "transfer_out": MovementKind.TRANSFER_OUT, "โอนออก": MovementKind.TRANSFER_OUT,
    "commitment": MovementKind.COMMITMENT, "ก่อหนี้": MovementKind.COMMITMENT,
    "disbursement": MovementKind.DISBURSEMENT, "เบิกจ่าย": MovementKind.DISBURSEMENT,
    "procurement": "procurement", "จัดซื้อจัดจ้าง": "procurement",
}  # fmt: skip
TYPES = {
    **{t.value: t.value for t in BudgetType},
    "งบบุคลากร": BudgetType.PERSONNEL, "งบดำเนินงาน": BudgetType.OPERATING, "งบลงทุน": BudgetType.INVESTMENT,
    "งบเงินอุดหนุน": BudgetType.SUBSIDY, "งบรายจ่ายอื่น": BudgetType.OTHER, "งบกลาง": BudgetType.CENTRAL,
}  # fmt: skip
SOURCES = {
    **{s.value: s.value for s in FundSource},
    "": FundSource.ANNUAL, "งบประมาณประจำปี": FundSource.ANNUAL, "งบประมาณเพิ่มเติม": FundSource.SUPPLEMENTARY,
    "เงินอุดหนุนรัฐบาล": FundSource.GOVERNMENT_SUBSIDY, "เงินกันไว้เบิกเหลื่อมปี": FundSource.CARRIED_OVER,
}  # fmt: skip
EVENTS = {
    **{e.value: e.value for e in ProcurementKind},
    "ประกาศ e-bidding": ProcurementKind.ANNOUNCED, "ไม่มีผู้เสนอราคา": ProcurementKind.NO_BIDDER,
    "มีผู้เสนอราคารายเดียว": ProcurementKind.SINGLE_BIDDER, "ยกเลิก": ProcurementKind.CANCELLED,
    "ประกาศใหม่": ProcurementKind.REANNOUNCED, "อุทธรณ์ต่อกรมบัญชีกลาง": ProcurementKind.APPEAL,
    "ลงนามสัญญา": ProcurementKind.CONTRACT,
}  # fmt: skip
YES = {"1", "yes", "true", "y", "ใช่", "x"}
NO = {"", "0", "no", "false", "n", "ไม่", "ไม่ใช่"}

LineKey = tuple[int, int, str]  # agency id, fiscal year, line code


@dataclass(frozen=True)
class LineRow:
    key: LineKey
    name: str
    budget_type: str
    source: str
    welfare: bool
    approved: Decimal


@dataclass(frozen=True)
class EntryRow:
    line: LineKey
    record: str  # a MovementKind value or "procurement"
    kind: str  # the movement kind, or the procurement event
    ref: str
    date: dt.date
    amount: Decimal | None
    note: str


@dataclass
class ParsedBudgetFile:
    rows_read: int
    lines: list[LineRow] = field(default_factory=list)
    entries: list[EntryRow] = field(default_factory=list)


def _agency_lookup() -> dict[str, int]:
    """Agency code, Thai/English name or abbreviation; a district's geocode or name gives its office."""
    lookup = district_lookup()
    for pk, code, name_th, name_en, abbr in Agency.objects.values_list(
        "pk", "code", "name_th", "name_en", "abbr_th"
    ):
        for key in (code, name_th, name_en.lower(), abbr):
            if key:
                lookup[key.strip()] = pk
    return lookup


def parse_budget_file(upload: IO[bytes] | bytes, filename: str) -> ParsedBudgetFile:
    header, rows = read_table(upload, filename)
    require_columns(header, REQUIRED, filename)
    agencies = _agency_lookup()
    known_lines = set(BudgetLine.objects.values_list("agency_id", "fiscal_year", "code"))
    errors = ErrorList()
    result = ParsedBudgetFile(rows_read=0)
    seen: dict[tuple[object, ...], int] = {}
    pending: list[tuple[int, EntryRow]] = []  # entries are checked against the lines once all are read
    for number, row in rows:
        result.rows_read += 1
        get = row.get
        record = RECORDS.get((get("record") or "").lower())
        if record is None:
            kinds = "line, transfer_in, transfer_out, commitment, disbursement, procurement"
            errors.add(
                number, "record", _("unknown record “%(value)s”") % {"value": get("record")} + f" ({kinds})"
            )
        agency_text = (get("agency") or "").strip()
        agency_id = (
            agencies.get(agency_text)
            or agencies.get(agency_text.lower())
            or agencies.get(agency_text.removeprefix("เขต"))
        )
        if agency_id is None:
            errors.add(number, "agency", _("unknown agency “%(value)s”") % {"value": agency_text})
        year = parse_fiscal_year(get("fiscal_year"), 0)
        if not year:
            errors.add(
                number, "fiscal_year", _("“%(value)s” is not a fiscal year") % {"value": get("fiscal_year")}
            )
        code = (get("line") or "").strip()
        if not code or len(code) > 40:
            errors.add(number, "line", _("a line code of 1–40 characters is needed"))
        if record is None or agency_id is None or not year or not code or len(code) > 40:
            continue
        key: LineKey = (agency_id, year, code)
        if record == "line":
            _line_row(number, row, key, errors, result, seen)
        else:
            entry = _entry_row(number, row, key, str(record), errors, seen)
            if entry is not None:
                pending.append((number, entry))
    file_lines = {line.key for line in result.lines}
    for number, entry in pending:
        if entry.line not in file_lines and entry.line not in known_lines:
            reason = _("line %(code)s of this agency and year is neither in the file nor saved")
            errors.add(number, "line", reason % {"code": entry.line[2]})
        else:
            result.entries.append(entry)
    if result.rows_read == 0:
        errors.add(2, "", _("the file has a header but no rows"))
    errors.raise_if_errors(filename)
    return result


def _line_row(
    number: int, row: dict[str, str], key: LineKey, errors: ErrorList, result: ParsedBudgetFile,
    seen: dict[tuple[object, ...], int],
) -> None:  # fmt: skip
    name = (row.get("name") or "").strip()
    if not name:
        errors.add(number, "name", _("the line name is empty"))
    budget_type = TYPES.get((row.get("budget_type") or "").strip().lower())
    if budget_type is None:
        errors.add(
            number, "budget_type", _("unknown budget type “%(value)s”") % {"value": row.get("budget_type")}
        )
    source = SOURCES.get((row.get("source") or "").strip().lower())
    if source is None:
        errors.add(number, "source", _("unknown source of funds “%(value)s”") % {"value": row.get("source")})
    welfare_text = (row.get("welfare") or "").strip().lower()
    if welfare_text not in YES | NO:
        errors.add(number, "welfare", _("“%(value)s” is not yes or no") % {"value": row.get("welfare")})
    approved = parse_amount(row.get("approved") or "")
    if amount_too_large(approved, max_digits=AMOUNT_DIGITS):
        errors.add(number, "approved", too_large_reason(row.get("approved") or "", max_digits=AMOUNT_DIGITS))
        approved = None
    elif approved is None or approved < 0:
        errors.add(
            number,
            "approved",
            _("“%(value)s” is not an amount of 0 or more") % {"value": row.get("approved")},
        )
    if key in seen:
        errors.add(
            number, "line", _("repeats row %(row)d (each key may appear once per file)") % {"row": seen[key]}
        )
        return
    seen[key] = number
    if (
        name
        and budget_type
        and source is not None
        and welfare_text in YES | NO
        and approved is not None
        and approved >= 0
    ):
        result.lines.append(
            LineRow(key, name[:300], str(budget_type), str(source), welfare_text in YES, approved)
        )


def _entry_row(
    number: int, row: dict[str, str], key: LineKey, record: str, errors: ErrorList,
    seen: dict[tuple[object, ...], int],
) -> EntryRow | None:  # fmt: skip
    day = parse_date(row.get("date") or "")
    if day is None:
        errors.add(
            number,
            "date",
            _("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY, BE or CE)") % {"value": row.get("date")},
        )
    ref = (row.get("ref") or "").strip()
    if not ref or len(ref) > 60:
        errors.add(number, "ref", _("a document number of 1–60 characters is needed"))
    amount: Decimal | None = None
    if record == "procurement":
        kind = EVENTS.get((row.get("event") or "").strip().lower())
        if kind is None:
            errors.add(
                number, "event", _("unknown procurement event “%(value)s”") % {"value": row.get("event")}
            )
    else:
        kind = record
        amount = parse_amount(row.get("amount") or "")
        if amount_too_large(amount, max_digits=AMOUNT_DIGITS):
            errors.add(number, "amount", too_large_reason(row.get("amount") or "", max_digits=AMOUNT_DIGITS))
            amount = None
        elif amount is None or amount <= 0:
            errors.add(
                number, "amount", _("“%(value)s” is not an amount above 0") % {"value": row.get("amount")}
            )
    marker = (key, record, kind, ref)
    if marker in seen:
        errors.add(
            number,
            "ref",
            _("repeats row %(row)d (each key may appear once per file)") % {"row": seen[marker]},
        )
        return None
    seen[marker] = number
    if (
        day is None
        or not ref
        or len(ref) > 60
        or kind is None
        or (record != "procurement" and (amount is None or amount <= 0))
    ):
        return None
    return EntryRow(key, record, str(kind), ref, day, amount, (row.get("note") or "").strip()[:300])
