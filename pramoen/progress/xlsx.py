"""An agency's whole period as an XLSX workbook, and the upload of the filled workbook.

The upload checks every row first; with any error it saves nothing and lists each error with its row
and column.  Each row carries the report's version, so an upload made from an old download cannot
overwrite what someone saved since."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from pramoen.core.errors import ApplicationError
from pramoen.core.rows import RowError, errors_extra
from pramoen.core.spreadsheets import xlsx_row
from pramoen.core.uploads import check_zip
from pramoen.framework.models import Assignment, Period
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require
from pramoen.progress import services
from pramoen.progress.inputs import ReportInput, check_consistency, field_label, parse_decimal
from pramoen.progress.models import ProgressReport

SHEET = "report"
MILESTONE_SHEET = "milestones"
# (key, header) — the first five columns are for reading, the rest are filled in
COLUMNS = [
    ("assignment", "assignment id"),
    ("indicator", "indicator"),
    ("name", "indicator name"),
    ("method", "method"),
    ("version", "version"),
    ("value", "value"),
    ("numerator", "numerator"),
    ("denominator", "denominator"),
    ("survey_responses", "survey responses"),
    ("survey_satisfied", "satisfied"),
    ("narrative", "narrative"),
]
MILESTONE_COLUMNS = ["assignment id", "indicator", "step no", "step", "weight", "done %"]


def _assignments(agency: Agency, period: Period) -> list[Assignment]:
    rows = Assignment.objects.filter(
        agency=agency, indicator__fiscal_year=period.fiscal_year_id
    ).select_related("indicator")
    return [a for a in rows.order_by("indicator__code") if not services.is_feed_computed(a.indicator)]


def workbook_download(*, actor: Any, agency: Agency, period: Period) -> bytes:
    require(actor, Action.VIEW_AGENCY_PRIVATE, agency=agency)
    reports = {
        r.assignment_id: r for r in ProgressReport.objects.filter(assignment__agency=agency, period=period)
    }
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(xlsx_row(ws, [h for _k, h in COLUMNS]))
    ms = wb.create_sheet(MILESTONE_SHEET)
    ms.append(xlsx_row(ms, MILESTONE_COLUMNS))
    for a in _assignments(agency, period):
        r = reports.get(a.pk)
        ws.append(
            xlsx_row(
                ws,
                [
                    a.pk,
                    a.indicator.code,
                    a.indicator.name_th,
                    a.indicator.method,
                    r.version if r else 0,
                    *(
                        (float(v) if isinstance(v, Decimal) else v) if r else None
                        for v in (
                            (r.value, r.numerator, r.denominator, r.survey_responses, r.survey_satisfied)
                            if r
                            else (None,) * 5
                        )
                    ),
                    r.narrative if r else "",
                ],
            )
        )
        for n, m in enumerate(r.milestones if r else [], start=1):
            ms.append(
                xlsx_row(ms, [a.pk, a.indicator.code, n, m.get("name"), m.get("weight"), m.get("done")])
            )
    grey = PatternFill("solid", fgColor="EEEEEE")
    for sheet in (ws, ms):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2, max_col=5):
        for cell in row:
            cell.fill = grey
    ws.column_dimensions["C"].width = 50
    ws.column_dimensions["K"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class _Row:
    number: int
    assignment: Assignment
    version: int
    data: ReportInput


def _cell_error(row: int, col: int, key: str, reason: str) -> RowError:
    return RowError(row, key, reason, column=get_column_letter(col))


def _cell_message(error: RowError) -> str:
    return _("Row %(row)s, column %(col)s (%(field)s): %(reason)s") % {
        "row": error.row,
        "col": error.column,
        "field": field_label(error.field),
        "reason": error.reason,
    }


def _parse(content: bytes, agency: Agency, period: Period) -> tuple[list[_Row], list[RowError]]:
    check_zip(content, "XLSX")
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ApplicationError(_("The file is not an XLSX workbook downloaded from pramoen.")) from None
    if SHEET not in wb.sheetnames:
        raise ApplicationError(_("The workbook has no sheet “%(sheet)s”.") % {"sheet": SHEET})
    rows = list(wb[SHEET].iter_rows(values_only=True))
    header = [str(c or "").strip() for c in (rows[0] if rows else [])]
    if header[: len(COLUMNS)] != [h for _k, h in COLUMNS]:
        raise ApplicationError(_("Row 1: the column headings were changed; download a fresh workbook."))
    allowed = {a.pk: a for a in _assignments(agency, period)}
    errors: list[RowError] = []
    parsed: list[_Row] = []
    for number, values in enumerate(rows[1:], start=2):
        cells = dict(zip([k for k, _h in COLUMNS], values, strict=False))
        if all(v in (None, "") for v in values):
            continue
        assignment = allowed.get(cells.get("assignment"))  # type: ignore[arg-type]
        if assignment is None:
            errors.append(
                _cell_error(number, 1, "assignment", _("not an indicator of this agency and period."))
            )
            continue
        data = ReportInput(narrative=str(cells.get("narrative") or "").strip())
        row_ok = True
        for col, (key, _h) in enumerate(COLUMNS, start=1):
            if key not in ("value", "numerator", "denominator", "survey_responses", "survey_satisfied"):
                continue
            try:
                number_value = parse_decimal(cells.get(key), key, whole=key.startswith("survey"))
            except ApplicationError as exc:
                errors.append(_cell_error(number, col, key, exc.extra.get("reason", exc.message)))
                row_ok = False
                continue
            if key.startswith("survey"):
                setattr(data, key, int(number_value) if number_value is not None else None)
            else:
                setattr(data, key, number_value)
        try:
            version = int(str(cells.get("version") or 0))
        except (TypeError, ValueError):
            errors.append(_cell_error(number, 5, "version", _("must be the number from the download.")))
            continue
        if row_ok:
            try:
                check_consistency(data, row=number)
            except ApplicationError as exc:
                key = exc.extra.get("field", "")
                col = next((i for i, (k, _h) in enumerate(COLUMNS, start=1) if k == key), 1)
                errors.append(_cell_error(number, col, key, exc.extra.get("reason", exc.message)))
                continue
            parsed.append(_Row(number, assignment, version, data))
    _parse_milestones(wb, parsed, errors)
    return parsed, errors


def _parse_milestones(wb: Any, parsed: list[_Row], errors: list[RowError]) -> None:
    if MILESTONE_SHEET not in wb.sheetnames:
        return
    by_assignment = {r.assignment.pk: r for r in parsed}
    for number, values in enumerate(list(wb[MILESTONE_SHEET].iter_rows(values_only=True))[1:], start=2):
        if not values or all(v in (None, "") for v in values):
            continue
        row = by_assignment.get(values[0])
        if row is None:
            continue
        try:
            step = int(values[2]) - 1
            done = parse_decimal(values[5] if len(values) > 5 else None, "milestones")
        except (TypeError, ValueError):
            errors.append(_cell_error(number, 3, "milestones", _("step number missing.")))
            continue
        except ApplicationError as exc:
            errors.append(_cell_error(number, 6, "milestones", exc.extra.get("reason", exc.message)))
            continue
        if done is not None:
            if done > 100:
                errors.append(_cell_error(number, 6, "milestones", _("percent done cannot exceed 100.")))
                continue
            row.data.milestones_done[step] = done


def workbook_upload(*, actor: Any, agency: Agency, period: Period, data: bytes) -> int:
    """Save every row as the agency's drafts, or nothing at all; returns the number of reports saved."""
    require(actor, Action.EDIT_AGENCY_DATA, agency=agency)
    rows, errors = _parse(data, agency, period)
    if not errors:
        try:
            with transaction.atomic():
                for row in rows:
                    report = services.report_open(actor=actor, assignment=row.assignment, period=period)
                    if row.version and row.version != report.version:
                        errors.append(
                            _cell_error(
                                row.number, 5, "version", _("someone saved this report after the download.")
                            )
                        )
                        continue
                    try:
                        services.report_save(
                            actor=actor, report=report, version=report.version, data=row.data
                        )
                    except ApplicationError as exc:
                        errors.append(_cell_error(row.number, 2, "indicator", exc.message))
                if errors:
                    raise _Rollback
        except _Rollback:
            pass
    if errors:
        summary = "; ".join(_cell_message(e) for e in errors[:5])
        more = len(errors) - 5
        if more > 0:
            summary += " " + _("(and %(n)s more)") % {"n": more}
        raise ApplicationError(
            _("Nothing was saved. %(errors)s") % {"errors": summary}, errors_extra(errors, reason="invalid")
        )
    return len(rows)


class _Rollback(Exception):
    pass
