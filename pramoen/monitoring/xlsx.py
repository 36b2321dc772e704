"""A round as an XLSX workbook and back.

Sheets ``obstacles``, ``suggestions``, ``observations`` and ``meetings``, one record per row, with a
``committee`` column; ``round`` names the fiscal year and period.  Import reads every row first and
refuses the whole file on the first errors (each names sheet, row, column and reason); only when all
rows are good does it replace, in one transaction, the records of the committees the file contains.
Vocabulary cells accept the code or the Thai or English label ("technology", "ด้านเทคโนโลยีและนวัตกรรม").
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from pramoen.core.errors import ApplicationError
from pramoen.core.rows import RowError, RowInvalid, errors_extra
from pramoen.core.spreadsheets import xlsx_row
from pramoen.core.thai import to_arabic_digits
from pramoen.core.uploads import check_zip
from pramoen.monitoring import services
from pramoen.monitoring.models import Meeting, Observation, Obstacle, Round, Sheet, Suggestion
from pramoen.monitoring.systems import SYSTEM_BY_CODE, recognise
from pramoen.monitoring.vocab import ASPECT_TH, LEVEL_TH, Aspect, Component, Level
from pramoen.orgs.models import Agency, Committee
from pramoen.orgs.policy import Action, can

COLUMNS: dict[str, tuple[str, ...]] = {
    "obstacles": (
        "committee",
        "component",
        "aspect",
        "level",
        "text",
        "indicator",
        "agencies",
        "systems",
        "numbered",
    ),
    "suggestions": ("committee", "component", "level", "text", "agency", "sub_items", "numbered"),
    "observations": ("committee", "level", "text", "sub_items", "assignee", "due_date", "status", "evidence"),
    "meetings": ("committee", "date", "place", "members_present", "other_attendees"),
}
MAX_ERRORS = 20
_YES = {"", "yes", "y", "1", "true", "ใช่"}
_NO = {"no", "n", "0", "false", "ไม่", "ไม่ใช่"}


def _choices(enum: Any, thai: dict[Any, str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for member in enum:
        for name in (member.value, str(member.label), thai.get(member, "")):
            if name:
                table[" ".join(name.lower().split())] = member.value
    return table


_ASPECTS = _choices(Aspect, ASPECT_TH) | {"ด้านอื่นๆ": "other", "ด้านเทคโนโลยี": "technology"}
_LEVELS = _choices(Level, LEVEL_TH) | {"ระดับส่วนราชการ": "department", "ระดับสำนัก": "bureau"}
_COMPONENTS = {c.value: c.value for c in Component}
_STATUSES = _choices(Observation.Status, {})


# --- export ---------------------------------------------------------------------------------------


def export_round(rnd: Round, *, committees: list[int] | None = None) -> bytes:
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = "round"
    info.append(xlsx_row(info, ["fiscal_year", "period"]))
    info.append(xlsx_row(info, [rnd.fiscal_year, rnd.period]))
    sheets = Sheet.objects.filter(round=rnd).select_related("committee").order_by("committee__number")
    if committees:
        sheets = sheets.filter(committee__number__in=committees)
    rows: dict[str, list[list[Any]]] = {name: [] for name in COLUMNS}
    for sheet in sheets:
        n = sheet.committee.number
        for o in sheet.obstacles.prefetch_related("agencies"):
            rows["obstacles"].append(
                [
                    n,
                    o.component,
                    ASPECT_TH[Aspect(o.aspect)],
                    LEVEL_TH[Level(o.level)],
                    o.text,
                    o.indicator,
                    ", ".join(a.code for a in o.agencies.all()),
                    ", ".join(o.systems),
                    "" if o.numbered else "no",
                ]
            )
        for s in sheet.suggestions.select_related("agency"):
            rows["suggestions"].append(
                [
                    n,
                    s.component,
                    LEVEL_TH[Level(s.level)],
                    s.text,
                    s.agency.code if s.agency else "",
                    "\n".join(s.sub_items),
                    "" if s.numbered else "no",
                ]
            )
        for b in sheet.observations.select_related("assignee"):
            rows["observations"].append(
                [
                    n,
                    LEVEL_TH[Level(b.level)],
                    b.text,
                    "\n".join(b.sub_items),
                    b.assignee.code if b.assignee else "",
                    b.due_date,
                    b.status,
                    b.evidence,
                ]
            )
        for m in sheet.meetings.prefetch_related("members_present"):
            rows["meetings"].append(
                [
                    n,
                    m.date,
                    m.place,
                    "; ".join(p.name for p in m.members_present.all()),
                    m.other_attendees,
                ]
            )
    for name, header in COLUMNS.items():
        ws = wb.create_sheet(name)
        ws.append(xlsx_row(ws, list(header)))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows[name]:
            ws.append(xlsx_row(ws, row))
        for column, width in zip("ABCDEFGH", (10, 10, 28, 26, 80, 24, 20, 20), strict=False):
            ws.column_dimensions[column].width = width
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- import ---------------------------------------------------------------------------------------


@dataclass
class _Parsed:
    committees: set[int] = field(default_factory=set)
    records: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def _lookup(table: dict[str, str], value: Any, column: str, *, required: bool) -> str:
    key = " ".join(_text(value).lower().lstrip("- ").split()) if _text(value) else ""
    if not key:
        if required:
            raise RowInvalid(column, _("this column is required"))
        return ""
    if key not in table:
        raise RowInvalid(column, _("%(value)s is not one of the allowed values") % {"value": _text(value)})
    return table[key]


def _date(value: Any, column: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = to_arabic_digits(_text(value))
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise RowInvalid(column, _("%(value)s is not a date (YYYY-MM-DD)") % {"value": text}) from exc
    return day.replace(year=day.year - 543) if day.year > 2400 else day  # a BE year typed by hand


def _parse_row(
    kind: str, cells: dict[str, Any], agencies: dict[str, Agency], committees: dict[int, Committee]
) -> dict[str, Any]:
    raw = to_arabic_digits(_text(cells.get("committee")))
    if not raw.isdigit() or int(raw) not in committees:
        raise RowInvalid("committee", _("%(value)s is not a committee number (1-6)") % {"value": raw or "—"})
    committee = committees[int(raw)]
    out: dict[str, Any] = {"committee": committee.number}
    if kind != "meetings":
        text = _text(cells.get("text"))
        if not text:
            raise RowInvalid("text", _("this column is required"))
        out["text"] = " ".join(text.split())
    if kind in ("obstacles", "suggestions"):
        out["component"] = _lookup(
            _COMPONENTS, to_arabic_digits(_text(cells.get("component"))), "component", required=True
        )
    if kind != "meetings":
        out["level"] = _lookup(_LEVELS, cells.get("level"), "level", required=False)

    def agency(column: str, code: Any) -> Agency | None:
        code = _text(code)
        if not code:
            return None
        if code not in agencies:
            raise RowInvalid(column, _("no agency has the code %(code)s") % {"code": code})
        return agencies[code]

    if kind in ("obstacles", "suggestions"):
        flag = " ".join(_text(cells.get("numbered")).lower().split())
        if flag not in _YES | _NO:
            raise RowInvalid(
                "numbered", _("write no to print a lone item without its number, or leave it empty")
            )
        out["numbered"] = flag not in _NO
    if kind == "obstacles":
        out["aspect"] = _lookup(_ASPECTS, cells.get("aspect"), "aspect", required=True)
        out["indicator"] = _text(cells.get("indicator"))
        out["agencies"] = [
            agency("agencies", c.strip()) for c in _text(cells.get("agencies")).split(",") if c.strip()
        ]
        systems = [c.strip() for c in _text(cells.get("systems")).split(",") if c.strip()]
        unknown = [c for c in systems if c not in SYSTEM_BY_CODE]
        if unknown:
            raise RowInvalid("systems", _("unknown system %(code)s") % {"code": unknown[0]})
        out["systems"] = systems
    elif kind == "suggestions":
        out["agency"] = agency("agency", cells.get("agency"))
        out["sub_items"] = [
            line.strip() for line in str(cells.get("sub_items") or "").splitlines() if line.strip()
        ]
    elif kind == "observations":
        out["sub_items"] = [
            line.strip() for line in str(cells.get("sub_items") or "").splitlines() if line.strip()
        ]
        out["assignee"] = agency("assignee", cells.get("assignee"))
        out["due_date"] = _date(cells.get("due_date"), "due_date")
        out["status"] = _lookup(_STATUSES, cells.get("status"), "status", required=False) or "open"
        out["evidence"] = _text(cells.get("evidence"))
        if out["status"] == "done" and not out["evidence"]:
            raise RowInvalid("evidence", _("an observation marked done needs evidence"))
    else:
        day = _date(cells.get("date"), "date")
        if day is None:
            raise RowInvalid("date", _("this column is required"))
        out["date"] = day
        out["place"] = _text(cells.get("place"))
        names = [n.strip() for n in _text(cells.get("members_present")).split(";") if n.strip()]
        members = {m.name: m for m in committee.members.all()}
        missing = [n for n in names if n not in members]
        if missing:
            raise RowInvalid(
                "members_present", _("%(name)s is not a member of this committee") % {"name": missing[0]}
            )
        out["members_present"] = [members[n] for n in names]
        out["other_attendees"] = str(cells.get("other_attendees") or "").strip()
    return out


def _parse(data: bytes, rnd: Round) -> _Parsed:
    parsed = _Parsed()
    check_zip(data, "XLSX")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise ApplicationError(_("The file is not an XLSX workbook."), {"field": "file"}) from exc
    if "round" in wb.sheetnames:
        rows = list(wb["round"].iter_rows(min_row=2, max_row=2, values_only=True))
        if rows and rows[0] and rows[0][0] is not None:
            year = to_arabic_digits(_text(rows[0][0]))
            period = _text(rows[0][1] if len(rows[0]) > 1 else "") or rnd.period
            if year != str(rnd.fiscal_year) or period.upper() != rnd.period:
                parsed.errors.append(
                    RowError(
                        2,
                        "fiscal_year",
                        _("the file is for round %(file)s, not %(round)s")
                        % {"file": f"{year} {period}", "round": str(rnd)},
                        sheet="round",
                    )
                )
    agencies = {a.code: a for a in Agency.objects.all()}
    committees = {c.number: c for c in Committee.objects.prefetch_related("members")}
    found_any = False
    for kind in COLUMNS:
        parsed.records[kind] = []
        if kind not in wb.sheetnames:
            continue
        found_any = True
        ws = wb[kind]
        sheet_rows = ws.iter_rows(values_only=True)
        header = [_text(h).lower() for h in next(sheet_rows, ())]
        missing = [c for c in ("committee", "text" if kind != "meetings" else "date") if c not in header]
        if missing:
            parsed.errors.append(RowError(1, missing[0], _("this column is missing"), sheet=kind))
            continue
        for number, values in enumerate(sheet_rows, start=2):
            if values is None or all(v in (None, "") for v in values):
                continue
            cells = dict(zip(header, values, strict=False))
            try:
                record = _parse_row(kind, cells, agencies, committees)
            except RowInvalid as err:
                parsed.errors.append(RowError(number, err.field, err.reason, sheet=kind))
                if len(parsed.errors) >= MAX_ERRORS:
                    return parsed
                continue
            parsed.committees.add(record["committee"])
            parsed.records[kind].append((number, record))
    if not found_any:
        parsed.errors.append(
            RowError(
                None,
                "",
                _("the workbook has none of the sheets obstacles, suggestions, observations, meetings"),
                sheet="-",
            )
        )
    return parsed


def _fail(errors: list[RowError]) -> ApplicationError:
    lines = [
        _("sheet %(sheet)s, row %(row)s, column %(column)s: %(reason)s")
        % {"sheet": e.sheet, "row": e.row or "-", "column": e.field or "-", "reason": e.reason}
        for e in errors[:5]
    ]
    more = len(errors) - len(lines)
    message = (
        _("Nothing was imported. ")
        + "; ".join(lines)
        + (_(" (and %(n)s more)") % {"n": more} if more > 0 else "")
    )
    return ApplicationError(message, errors_extra(errors))


@transaction.atomic
def import_round(*, actor: Any, rnd: Round, data: bytes) -> dict[int, dict[str, int]]:
    """Replace the records of every committee in the file; all or nothing.  Returns counts per committee."""
    if rnd.is_published:
        raise ApplicationError(
            _("This round is published; its records can no longer be changed."), {"field": "round"}
        )
    parsed = _parse(data, rnd)
    for kind, records in parsed.records.items():
        for number, record in records:
            if not can(
                actor, Action.RECORD_MONITORING, committee=Committee.objects.get(number=record["committee"])
            ):
                parsed.errors.append(
                    RowError(
                        number,
                        "committee",
                        _("you may not record findings for committee %(n)s") % {"n": record["committee"]},
                        sheet=kind,
                    )
                )
                break
    if parsed.errors:
        raise _fail(parsed.errors)
    summary: dict[int, dict[str, int]] = {}
    for number in sorted(parsed.committees):
        sheet = services.sheet_for(round=rnd, committee=Committee.objects.get(number=number))
        services._touch(actor=actor, sheet=sheet, expected_version=None)
        for model in (Obstacle, Suggestion, Observation, Meeting):
            for old in model.objects.filter(sheet=sheet):
                old.delete()  # one by one, so each deletion reaches the audit log
        counts = {kind: 0 for kind in COLUMNS}
        for kind, records in parsed.records.items():
            for order, (_row, r) in enumerate((x for x in records if x[1]["committee"] == number), start=1):
                counts[kind] += 1
                _create(kind, sheet, order, r)
        summary[number] = counts
    return summary


def _create(kind: str, sheet: Sheet, order: int, r: dict[str, Any]) -> None:
    if kind == "obstacles":
        o = Obstacle.objects.create(
            sheet=sheet,
            order=order,
            component=r["component"],
            aspect=r["aspect"],
            level=r["level"],
            text=r["text"],
            indicator=r["indicator"],
            systems=r["systems"] or recognise(r["text"]),
            systems_confirmed=bool(r["systems"]),
            numbered=r["numbered"],
        )
        o.agencies.set([a for a in r["agencies"] if a is not None])
    elif kind == "suggestions":
        Suggestion.objects.create(
            sheet=sheet,
            order=order,
            component=r["component"],
            level=r["level"],
            text=r["text"],
            agency=r["agency"],
            sub_items=r["sub_items"],
            numbered=r["numbered"],
        )
    elif kind == "observations":
        Observation.objects.create(
            sheet=sheet,
            order=order,
            level=r["level"],
            text=r["text"],
            sub_items=r["sub_items"],
            assignee=r["assignee"],
            due_date=r["due_date"],
            status=r["status"],
            evidence=r["evidence"],
        )
    else:
        m = Meeting.objects.create(
            sheet=sheet, date=r["date"], place=r["place"], other_attendees=r["other_attendees"]
        )
        m.members_present.set(r["members_present"])
