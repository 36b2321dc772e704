"""A fiscal year's framework as one XLSX workbook: export, and an all-or-nothing import of the same format.

Sheets: components, indicators, assignments, targets (data), plus "about" and "lists" (written on export,
ignored on import).  Row 1 holds the Thai header, row 2 the English key that the import reads; data starts
at row 3.  The workbook is the whole framework of the year: rows that are not in it are removed (unless
someone's data hangs on them, see ``_blocked_removals``).  Every cell is checked before anything is
written and every error is reported with its sheet, row and column.  See docs/framework_workbook.md.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import IO, Any

from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pramoen.core import audit
from pramoen.core.errors import ApplicationError
from pramoen.core.thai import to_arabic_digits
from pramoen.framework.models import Assignment, Component, FiscalYear, Indicator, Period, Target
from pramoen.framework.periods import fiscal_periods
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require
from pramoen.scoring.methods import registered_methods

# Methods that later issues install from the feeds: a framework may name them before they exist.
FEED_METHODS = ("complaints", "online_services", "budget_disbursement")
HEADER_ROWS = 2  # Thai header, then the English key
MAX_ROWS = 200_000  # per sheet: a whole BMA year is about 70,000 target rows
YES, NO = "yes", "no"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Column:
    key: str
    th: str
    width: int = 14
    choices: str | None = None  # a list on the "lists" sheet offered as an in-cell drop-down
    info: bool = False  # written for people to read, ignored by the import


@dataclass(frozen=True)
class SheetSpec:
    key: str
    th: str
    columns: tuple[Column, ...]

    @property
    def title(self) -> str:
        return f"{self.th} ({self.key})"


COMPONENTS = SheetSpec(
    "components",
    "องค์ประกอบ",
    (
        Column("code", "รหัส", 8),
        Column("name_th", "ชื่อ (ไทย)", 50),
        Column("name_en", "ชื่อ (อังกฤษ)", 40),
        Column("weight", "น้ำหนัก", 10),
        Column("applies_to", "ใช้กับ", 18, choices="applies_to"),
        Column("order", "ลำดับ", 8),
    ),
)
INDICATORS = SheetSpec(
    "indicators",
    "ตัวชี้วัด",
    (
        Column("code", "รหัส", 8),
        Column("component", "องค์ประกอบ", 11),
        Column("name_th", "ชื่อ (ไทย)", 50),
        Column("name_en", "ชื่อ (อังกฤษ)", 40),
        Column("definition", "นิยาม", 30),
        Column("unit", "หน่วยนับ", 10),
        Column("method", "วิธีคำนวณ", 18, choices="method"),
        Column("params", "ค่าตั้งของวิธีคำนวณ (JSON)", 24),
        Column("direction", "ทิศทาง (มากดี/น้อยดี)", 12, choices="direction"),
        Column("t1", "เกณฑ์ระดับ 1", 10),
        Column("t2", "เกณฑ์ระดับ 2", 10),
        Column("t3", "เกณฑ์ระดับ 3", 10),
        Column("t4", "เกณฑ์ระดับ 4", 10),
        Column("t5", "เกณฑ์ระดับ 5", 10),
        Column("floor", "คะแนนเมื่อต่ำกว่าระดับ 1", 10),
        Column("kpi_type", "ประเภทตัวชี้วัด", 12, choices="kpi_type"),
        Column("kpi_level", "ระดับตัวชี้วัด", 12, choices="kpi_level"),
        Column("host_agency", "หน่วยงานเจ้าภาพ (H)", 20, choices="agency"),
        Column("is_joint", "ตัวชี้วัดร่วม", 10, choices="yes_no"),
        Column("multi_year_span", "จำนวนปีที่ต้องทำให้เสร็จ", 10),
        Column("multi_year_share", "สัดส่วนของปีนี้ (ร้อยละ)", 10),
    ),
)
ASSIGNMENTS = SheetSpec(
    "assignments",
    "การมอบหมาย",
    (
        Column("indicator", "ตัวชี้วัด", 10),
        Column("agency", "รหัสหน่วยงาน", 20, choices="agency"),
        Column("agency_name", "ชื่อหน่วยงาน (อ่านอย่างเดียว)", 36, info=True),
        Column("weight", "น้ำหนัก", 10),
        Column("role", "บทบาท", 12, choices="role"),
    ),
)
TARGETS = SheetSpec(
    "targets",
    "ค่าเป้าหมาย",
    (
        Column("indicator", "ตัวชี้วัด", 10),
        Column("agency", "รหัสหน่วยงาน", 20, choices="agency"),
        Column("agency_name", "ชื่อหน่วยงาน (อ่านอย่างเดียว)", 36, info=True),
        Column("period", "รอบ", 8, choices="period"),
        Column("value", "ค่าเป้าหมาย (สะสม)", 14),
    ),
)
DATA_SHEETS = (COMPONENTS, INDICATORS, ASSIGNMENTS, TARGETS)
ABOUT_TITLE = "คำอธิบาย (about)"
LISTS_TITLE = "รายการค่า (lists)"

_TRUE = {"yes", "y", "true", "1", "ใช่", "ร่วม"}
_FALSE = {"no", "n", "false", "0", "ไม่ใช่", "ไม่"}
_DIRECTIONS = {"higher": True, "มากดี": True, "lower": False, "น้อยดี": False}


def known_methods() -> list[str]:
    return sorted(set(registered_methods()) | set(FEED_METHODS))


# --------------------------------------------------------------------------------------------- errors


class Lazy:
    """A translatable message with its parameters, rendered in whichever language is active when shown."""

    def __init__(self, template: str | Promise, params: dict[str, Any]) -> None:
        self.template, self.params = template, params

    def __str__(self) -> str:
        return str(self.template) % {
            k: str(v) if isinstance(v, Lazy | Promise) else v for k, v in self.params.items()
        }


@dataclass(frozen=True)
class WorkbookError:
    """One reason the workbook was refused; ``row`` is the row number Excel shows (None: the whole sheet)."""

    sheet: str
    row: int | None
    column: str | None  # "G (method)"
    template: str | Promise
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(Lazy(self.template, self.params))

    @property
    def message_en(self) -> str:
        with translation.override("en"):
            return self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "message_en": self.message_en,
        }


class WorkbookInvalid(ApplicationError):
    def __init__(self, errors: list[WorkbookError]) -> None:
        self.errors = errors
        super().__init__(
            _("The workbook has %(count)s errors; nothing was saved.") % {"count": len(errors)},
            {"errors": [e.as_dict() for e in errors]},
        )


# --------------------------------------------------------------------------------------------- export


def _cell_number(value: Decimal | int | None) -> int | float | str | None:
    """A stored number as a cell value that reads back as exactly the same number."""
    if value is None:
        return None
    d = Decimal(value).normalize()
    if d == d.to_integral_value():
        return int(d)
    as_float = float(d)
    return as_float if Decimal(repr(as_float)) == d else str(d)  # beyond float precision: keep as text


def _style_header(ws: Worksheet, spec: SheetSpec) -> None:
    bold, key_font = Font(bold=True), Font(italic=True, color="555555", size=9)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, col in enumerate(spec.columns, start=1):
        top = ws.cell(row=1, column=index, value=col.th)
        top.font, top.fill = bold, fill
        top.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=2, column=index, value=col.key).font = key_font
        ws.column_dimensions[get_column_letter(index)].width = col.width
    ws.freeze_panes = "B3"


def _write_rows(ws: Worksheet, spec: SheetSpec, rows: Iterable[dict[str, Any]]) -> None:
    for values in rows:
        ws.append([values.get(col.key) for col in spec.columns])
    for row in ws.iter_rows(min_row=HEADER_ROWS + 1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula


def _lists(fy: FiscalYear) -> dict[str, list[str]]:
    return {
        "agency": list(Agency.objects.order_by("kind", "code").values_list("code", flat=True)),
        "method": known_methods(),
        "period": [p.code for p in fiscal_periods(fy.year)],
        "role": list(Assignment.Role.values),
        "applies_to": list(Component.AppliesTo.values),
        "kpi_type": list(Indicator.KpiType.values),
        "kpi_level": list(Indicator.KpiLevel.values),
        "direction": [HIGHER, LOWER],
        "yes_no": [YES, NO],
    }


def _write_lists(wb: Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    """The lists sheet; returns each list's range formula for the drop-downs."""
    ws = wb.create_sheet(LISTS_TITLE)
    names = dict(Agency.objects.values_list("code", "name_th"))
    ranges: dict[str, str] = {}
    index = 1
    for key, values in lists.items():
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=key).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=index, value=value)
        ranges[key] = f"'{LISTS_TITLE}'!${letter}$2:${letter}${len(values) + 1}"
        ws.column_dimensions[letter].width = 20
        if key == "agency":  # the agencies' names beside their codes, for reading
            index += 1
            ws.cell(row=1, column=index, value="agency_name").font = Font(bold=True)
            for row, value in enumerate(values, start=2):
                ws.cell(row=row, column=index, value=names.get(value, ""))
            ws.column_dimensions[get_column_letter(index)].width = 40
        index += 1
    ws.freeze_panes = "A2"
    return ranges


_ABOUT = [
    "กรอบการประเมินผลของปีงบประมาณหนึ่งปี: องค์ประกอบ ตัวชี้วัด การมอบหมาย และค่าเป้าหมาย",
    "One fiscal year's framework: components, indicators, assignments and targets.",
    "",
    "แถวที่ 1 คือหัวคอลัมน์ภาษาไทย แถวที่ 2 คือชื่อคอลัมน์ (ภาษาอังกฤษ) ที่ระบบใช้อ่าน ห้ามแก้แถวที่ 2 ข้อมูลเริ่มแถวที่ 3",
    "Row 1: Thai header. Row 2: the column key the import reads (do not change it). Data starts at row 3.",
    "",
    "สมุดงานนี้คือกรอบทั้งปี: แถวที่ไม่มีในสมุดงานจะถูกลบเมื่อนำเข้า (ยกเว้นแถวที่มีผลการดำเนินงานที่รับรองแล้ว)",
    "The workbook is the whole year: rows absent from it are removed on import"
    " (except rows that verified results depend on).",
    "หากมีข้อผิดพลาดแม้แต่แห่งเดียว จะไม่บันทึกข้อมูลใดเลย และจะแสดงข้อผิดพลาดทั้งหมดพร้อมชีต แถว และคอลัมน์",
    "If any cell is wrong nothing is saved; every error is listed with its sheet, row and column.",
    "",
    "ค่าที่เลือกได้ (หน่วยงาน วิธีคำนวณ รอบ บทบาท ฯลฯ) อยู่ในชีต 'รายการค่า (lists)'",
    "Allowed values (agencies, methods, periods, roles …) are on the 'lists' sheet.",
    "direction: higher = ค่ามากดี, lower = ค่าน้อยดี;  is_joint: yes / no;  params: JSON object, e.g. {}",
    "เกณฑ์ t1..t5 ต้องเพิ่มขึ้นอย่างเคร่งครัด (higher) หรือลดลงอย่างเคร่งครัด (lower)",
    "Thresholds t1..t5 must strictly increase (higher) or strictly decrease (lower).",
]


def framework_workbook_export(*, actor: Any, fiscal_year: int) -> bytes:
    """The year's framework as an XLSX workbook (bytes)."""
    require(actor, Action.MANAGE_FRAMEWORK)
    try:
        fy = FiscalYear.objects.get(year=fiscal_year)
    except FiscalYear.DoesNotExist:
        raise ApplicationError(_("Fiscal year %(year)s does not exist.") % {"year": fiscal_year}) from None
    agency_names = dict(Agency.objects.values_list("code", "name_th"))
    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = ABOUT_TITLE
    for line in _ABOUT:
        about.append([line])
    about.column_dimensions["A"].width = 120
    ranges = _write_lists(wb, _lists(fy))

    components = fy.components.order_by("order", "code")
    indicators = fy.indicators.select_related("component", "host_agency").order_by(
        "component__order", "component__code", "code"
    )
    assignments = (
        Assignment.objects.filter(indicator__fiscal_year=fy)
        .select_related("indicator", "agency")
        .order_by(
            "indicator__component__order", "indicator__component__code", "indicator__code", "agency__code"
        )
    )
    period_order = {p.code: i for i, p in enumerate(fiscal_periods(fy.year))}
    targets = sorted(
        Target.objects.filter(assignment__indicator__fiscal_year=fy).values_list(
            "assignment__indicator__component__order",
            "assignment__indicator__component__code",
            "assignment__indicator__code",
            "assignment__agency__code",
            "period__code",
            "value",
        ),
        key=lambda t: (t[0], t[1], t[2], t[3], period_order.get(t[4], 99)),
    )
    data: dict[str, Iterable[dict[str, Any]]] = {
        "components": (
            {
                "code": c.code,
                "name_th": c.name_th,
                "name_en": c.name_en,
                "weight": _cell_number(c.weight),
                "applies_to": c.applies_to,
                "order": c.order,
            }
            for c in components
        ),
        "indicators": (
            {
                "code": i.code,
                "component": i.component.code,
                "name_th": i.name_th,
                "name_en": i.name_en or None,
                "definition": i.definition or None,
                "unit": i.unit or None,
                "method": i.method,
                "params": json.dumps(i.params, ensure_ascii=False, sort_keys=True) if i.params else None,
                "direction": HIGHER if i.higher_is_better else LOWER,
                **{f"t{k}": _cell_number(t) for k, t in enumerate(i.thresholds, start=1)},
                "floor": _cell_number(i.floor),
                "kpi_type": i.kpi_type,
                "kpi_level": i.kpi_level,
                "host_agency": i.host_agency.code if i.host_agency else None,
                "is_joint": YES if i.is_joint else NO,
                "multi_year_span": i.multi_year_span,
                "multi_year_share": _cell_number(i.multi_year_share),
            }
            for i in indicators
        ),
        "assignments": (
            {
                "indicator": a.indicator.code,
                "agency": a.agency.code,
                "agency_name": a.agency.name_th,
                "weight": _cell_number(a.weight),
                "role": a.role,
            }
            for a in assignments
        ),
        "targets": (
            {
                "indicator": t[2],
                "agency": t[3],
                "agency_name": agency_names.get(t[3]),
                "period": t[4],
                "value": _cell_number(t[5]),
            }
            for t in targets
        ),
    }
    for spec in DATA_SHEETS:
        ws = wb.create_sheet(spec.title, index=len(wb.sheetnames) - 1)  # before the lists sheet
        _style_header(ws, spec)
        _write_rows(ws, spec, data[spec.key])
        last = max(ws.max_row, 1000) + 1000
        for index, col in enumerate(spec.columns, start=1):
            if col.choices:
                letter = get_column_letter(index)
                dv = DataValidation(type="list", formula1=ranges[col.choices], allow_blank=True)
                dv.error = "ค่านี้ไม่อยู่ในรายการ (value not in the list)"
                dv.add(f"{letter}{HEADER_ROWS + 1}:{letter}{last}")
                ws.add_data_validation(dv)
    wb.active = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------- reading


class _Sheet:
    """Reads one data sheet: maps row-2 keys to columns and collects this sheet's errors."""

    def __init__(self, spec: SheetSpec, title: str, errors: list[WorkbookError]) -> None:
        self.spec, self.title, self.errors = spec, title, errors
        self.columns: dict[str, int] = {}

    def error(self, row: int | None, key: str | None, template: str | Promise, /, **params: Any) -> None:
        column = None
        if key is not None:
            index = self.columns.get(key)
            column = f"{get_column_letter(index + 1)} ({key})" if index is not None else key
        self.errors.append(WorkbookError(self.title, row, column, template, params))

    def read(self, ws: Any) -> list[tuple[int, dict[str, Any]]]:
        rows = ws.iter_rows(values_only=True)
        next(rows, None)  # the Thai header is for people
        keys = next(rows, None) or ()
        known = {c.key for c in self.spec.columns}
        for index, key in enumerate(keys):
            text = str(key).strip() if key is not None else ""
            if not text:
                continue
            if text not in known:
                self.columns.setdefault(text, index)
                self.error(2, text, gettext_lazy("Unknown column %(name)s."), name=text)
            elif text in self.columns:
                self.error(2, text, gettext_lazy("Column %(name)s appears twice."), name=text)
            else:
                self.columns[text] = index
        missing = [c.key for c in self.spec.columns if not c.info and c.key not in self.columns]
        for key in missing:
            self.error(
                2, None, gettext_lazy("Column %(name)s is missing (row 2 holds the column keys)."), name=key
            )
        if missing:
            return []
        out = []
        for number, values in enumerate(rows, start=HEADER_ROWS + 1):
            if number > MAX_ROWS + HEADER_ROWS:
                self.error(number, None, gettext_lazy("Too many rows (at most %(max)s)."), max=MAX_ROWS)
                break
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            cells = {k: values[i] if i < len(values) else None for k, i in self.columns.items()}
            out.append((number, cells))
        return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Row:
    """Typed access to one row's cells; each bad cell adds an error and yields None."""

    def __init__(self, sheet: _Sheet, number: int, cells: dict[str, Any]) -> None:
        self.sheet, self.line, self.cells = sheet, number, cells
        self.ok = True

    def error(self, key: str | None, template: str | Promise, /, **params: Any) -> None:
        self.ok = False
        self.sheet.error(self.line, key, template, **params)

    def text(self, key: str, *, max_length: int, required: bool = True) -> str:
        value = _text(self.cells.get(key))
        if required and not value:
            self.error(key, gettext_lazy("A value is required."))
        elif len(value) > max_length:
            self.error(key, gettext_lazy("Longer than %(max)s characters."), max=max_length)
        return value

    def choice(self, key: str, allowed: Iterable[str], *, default: str | None = None) -> str | None:
        value = _text(self.cells.get(key))
        if not value and default is not None:
            return default
        allowed = list(allowed)
        if value not in allowed:
            shown = ", ".join(allowed) if len(allowed) <= 12 else ", ".join(allowed[:12]) + ", …"
            if not value:
                self.error(key, gettext_lazy("A value is required."))
            else:
                self.error(
                    key,
                    gettext_lazy("%(value)s is not one of the allowed values (%(allowed)s)."),
                    value=value,
                    allowed=shown,
                )
            return None
        return value

    def number(
        self,
        key: str,
        *,
        max_digits: int,
        places: int,
        required: bool = True,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        raw = self.cells.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.error(key, gettext_lazy("A number is required."))
            return None
        value: Decimal | None = None
        if isinstance(raw, bool):
            value = None
        elif isinstance(raw, int):
            value = Decimal(raw)
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        elif isinstance(raw, str):
            text = to_arabic_digits(raw).replace(",", "").replace(" ", "")
            try:
                value = Decimal(text)
            except InvalidOperation:
                value = None
        if value is None or not value.is_finite():
            self.error(key, gettext_lazy("%(value)s is not a number."), value=_text(raw))
            return None
        exponent = value.normalize().as_tuple().exponent
        assert isinstance(exponent, int)
        if -exponent > places:
            self.error(
                key,
                gettext_lazy("%(value)s has more than %(places)s decimal places."),
                value=_text(raw),
                places=places,
            )
            return None
        if abs(value) >= Decimal(10) ** (max_digits - places):
            self.error(key, gettext_lazy("%(value)s is too large."), value=_text(raw))
            return None
        if minimum is not None and value < minimum:
            self.error(
                key, gettext_lazy("%(value)s is below the minimum %(min)s."), value=_text(raw), min=minimum
            )
            return None
        if maximum is not None and value > maximum:
            self.error(
                key, gettext_lazy("%(value)s is above the maximum %(max)s."), value=_text(raw), max=maximum
            )
            return None
        return value

    def integer(self, key: str, *, minimum: int, maximum: int, required: bool = True) -> int | None:
        value = self.number(
            key,
            max_digits=6,
            places=0,
            required=required,
            minimum=Decimal(minimum),
            maximum=Decimal(maximum),
        )
        return int(value) if value is not None else None

    def yes_no(self, key: str) -> bool | None:
        raw = self.cells.get(key)
        if isinstance(raw, bool):
            return raw
        value = _text(raw).lower()
        if not value or value in _FALSE:
            return False
        if value in _TRUE:
            return True
        self.error(key, gettext_lazy("%(value)s is not yes or no."), value=_text(raw))
        return None


@dataclass
class _Parsed:
    components: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    assignments: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    targets: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)


def _find_sheet(wb: Any, spec: SheetSpec) -> Any | None:
    for title in wb.sheetnames:
        if title.strip() in (spec.title, spec.key, spec.th) or title.strip().endswith(f"({spec.key})"):
            return wb[title]
    return None


def _open(source: bytes | IO[bytes]) -> Any:
    data = source if isinstance(source, bytes | bytearray) else source.read()
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not an XLSX workbook
        raise ApplicationError(
            _("This file is not an XLSX workbook (%(reason)s).") % {"reason": type(exc).__name__},
            {"field": "file"},
        ) from exc


def _duplicate(row: _Row, seen: dict[Any, int], key: Any, column: str, shown: str) -> bool:
    if key in seen:
        row.error(column, gettext_lazy("%(value)s is already on row %(row)s."), value=shown, row=seen[key])
        return True
    seen[key] = row.line
    return False


def parse_workbook(source: bytes | IO[bytes], *, fiscal_year: int) -> tuple[_Parsed, list[WorkbookError]]:
    """Every cell checked against the schema; returns the typed rows and every error found."""
    wb = _open(source)
    errors: list[WorkbookError] = []
    sheets: dict[str, _Sheet] = {}
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for spec in DATA_SHEETS:
        ws = _find_sheet(wb, spec)
        sheet = sheets[spec.key] = _Sheet(spec, ws.title if ws is not None else spec.title, errors)
        if ws is None:
            sheet.error(None, None, gettext_lazy("The sheet %(sheet)s is missing."), sheet=spec.title)
            rows[spec.key] = []
        else:
            rows[spec.key] = sheet.read(ws)
    wb.close()

    parsed = _Parsed()
    agencies = dict(Agency.objects.values_list("code", "kind"))
    methods = known_methods()
    periods = [p.code for p in fiscal_periods(fiscal_year)]

    def agency(row: _Row, key: str, *, required: bool = True) -> str | None:
        code = _text(row.cells.get(key))
        if not code:
            if required:
                row.error(key, gettext_lazy("A value is required."))
            return None
        if code not in agencies:
            row.error(key, gettext_lazy("Unknown agency code %(code)s."), code=code)
            return None
        return code

    seen: dict[Any, int] = {}
    applies: dict[str, str] = {}
    for number, cells in rows["components"]:
        r = _Row(sheets["components"], number, cells)
        ccode = r.text("code", max_length=10)
        values: dict[str, Any] = {
            "code": ccode,
            "name_th": r.text("name_th", max_length=200),
            "name_en": r.text("name_en", max_length=200),
            "weight": r.number("weight", max_digits=7, places=2, minimum=Decimal(0)),
            "applies_to": r.choice("applies_to", Component.AppliesTo.values, default=Component.AppliesTo.ALL),
            "order": r.integer("order", minimum=0, maximum=32767, required=False) or 0,
        }
        if ccode and _duplicate(r, seen, ("c", ccode), "code", ccode):
            continue
        if ccode:
            applies[ccode] = values["applies_to"] or Component.AppliesTo.ALL
        if r.ok:
            parsed.components[ccode] = values

    indicator_component: dict[str, str] = {}
    indicator_host: dict[str, str | None] = {}
    for number, cells in rows["indicators"]:
        r = _Row(sheets["indicators"], number, cells)
        code = r.text("code", max_length=20)
        component = r.text("component", max_length=10)
        if component and component not in applies:
            r.error(
                "component", gettext_lazy("No component %(code)s on the components sheet."), code=component
            )
        method = r.choice("method", methods)
        params: Any = {}
        raw_params = _text(cells.get("params"))
        if raw_params:
            try:
                params = json.loads(raw_params)
            except ValueError:
                params = None
            if not isinstance(params, dict):
                r.error("params", gettext_lazy("Method settings must be a JSON object such as {}."))
        direction_text = _text(cells.get("direction")).lower() or HIGHER
        higher = _DIRECTIONS.get(direction_text)
        if higher is None:
            r.error(
                "direction",
                gettext_lazy("%(value)s is not one of the allowed values (%(allowed)s)."),
                value=direction_text,
                allowed="higher, lower",
            )
        thresholds = [r.number(f"t{k}", max_digits=16, places=4) for k in range(1, 6)]
        if higher is not None and all(t is not None for t in thresholds):
            for k in range(1, 5):
                a, b = thresholds[k - 1], thresholds[k]
                assert a is not None and b is not None
                if higher and not a < b:
                    r.error(
                        f"t{k + 1}",
                        gettext_lazy(
                            "T%(next)s (%(b)s) must be greater than T%(k)s (%(a)s): higher is better, "
                            "so the criteria must rise strictly."
                        ),
                        k=k,
                        next=k + 1,
                        a=_text(cells.get(f"t{k}")),
                        b=_text(cells.get(f"t{k + 1}")),
                    )
                    break
                elif not higher and not a > b:
                    r.error(
                        f"t{k + 1}",
                        gettext_lazy(
                            "T%(next)s (%(b)s) must be less than T%(k)s (%(a)s): lower is better, "
                            "so the criteria must fall strictly."
                        ),
                        k=k,
                        next=k + 1,
                        a=_text(cells.get(f"t{k}")),
                        b=_text(cells.get(f"t{k + 1}")),
                    )
                    break
        floor = r.number(
            "floor", max_digits=3, places=2, required=False, minimum=Decimal(0), maximum=Decimal(5)
        )
        host = agency(r, "host_agency", required=False)
        joint = r.yes_no("is_joint")
        if joint and not host and not _text(cells.get("host_agency")):
            r.error("host_agency", gettext_lazy("A joint indicator needs a host agency."))
        span = r.integer("multi_year_span", minimum=1, maximum=100, required=False)
        share = r.number(
            "multi_year_share",
            max_digits=6,
            places=2,
            required=False,
            minimum=Decimal(0),
            maximum=Decimal(100),
        )
        if (span is None) != (share is None) and not (
            _text(cells.get("multi_year_span")) and _text(cells.get("multi_year_share"))
        ):
            r.error(
                "multi_year_share" if share is None else "multi_year_span",
                gettext_lazy("A multi-year target needs both the number of years and this year's share."),
            )
        values = {
            "component": component,
            "name_th": r.text("name_th", max_length=400),
            "name_en": r.text("name_en", max_length=400, required=False),
            "definition": r.text("definition", max_length=20000, required=False),
            "unit": r.text("unit", max_length=40, required=False),
            "method": method,
            "params": params,
            "higher_is_better": higher,
            **{f"t{k}": t for k, t in enumerate(thresholds, start=1)},
            "floor": floor if floor is not None else Decimal(0),
            "kpi_type": r.choice("kpi_type", Indicator.KpiType.values, default=Indicator.KpiType.STRATEGIC),
            "kpi_level": r.choice("kpi_level", Indicator.KpiLevel.values, default=Indicator.KpiLevel.OUTCOME),
            "host_agency": host,
            "is_joint": joint,
            "multi_year_span": span,
            "multi_year_share": share,
        }
        if code and _duplicate(r, seen, ("i", code), "code", code):
            continue
        if code:
            indicator_component[code] = component
            indicator_host[code] = host
        if r.ok:
            parsed.indicators[code] = values

    assigned: set[tuple[str, str]] = set()
    for number, cells in rows["assignments"]:
        r = _Row(sheets["assignments"], number, cells)
        ind = r.text("indicator", max_length=20)
        if ind and ind not in indicator_component:
            r.error("indicator", gettext_lazy("No indicator %(code)s on the indicators sheet."), code=ind)
        acode = agency(r, "agency")
        weight = r.number("weight", max_digits=7, places=2, minimum=Decimal(0))
        role = r.choice("role", Assignment.Role.values, default=Assignment.Role.SOLE)
        if acode and ind in indicator_component:
            scope = applies.get(indicator_component[ind])
            is_district = agencies[acode] == Agency.Kind.DISTRICT_OFFICE
            if scope == Component.AppliesTo.DISTRICT_OFFICES and not is_district:
                r.error(
                    "agency",
                    gettext_lazy(
                        "Component %(component)s is for district offices only; %(code)s is not one."
                    ),
                    component=indicator_component[ind],
                    code=acode,
                )
            elif scope == Component.AppliesTo.OTHERS and is_district:
                r.error(
                    "agency",
                    gettext_lazy(
                        "Component %(component)s is for bureaus and offices only; "
                        "%(code)s is a district office."
                    ),
                    component=indicator_component[ind],
                    code=acode,
                )
            if role == Assignment.Role.HOST and indicator_host.get(ind) != acode:
                r.error(
                    "role",
                    gettext_lazy("%(code)s is not the host agency of indicator %(indicator)s."),
                    code=acode,
                    indicator=ind,
                )
        if ind and acode and _duplicate(r, seen, ("a", ind, acode), "agency", f"{ind} / {acode}"):
            continue
        if ind and acode:
            assigned.add((ind, acode))
        if r.ok:
            parsed.assignments[(ind, acode or "")] = {"weight": weight, "role": role}

    for number, cells in rows["targets"]:
        r = _Row(sheets["targets"], number, cells)
        ind = r.text("indicator", max_length=20)
        tcode = agency(r, "agency") or ""
        period = r.choice("period", periods) or ""
        value = r.number("value", max_digits=16, places=4)
        if ind and tcode and (ind, tcode) not in assigned:
            r.error(
                "agency",
                gettext_lazy("No row on the assignments sheet gives indicator %(indicator)s to %(code)s."),
                indicator=ind,
                code=tcode,
            )
        if ind and tcode and period:
            shown = f"{ind} / {tcode} / {period}"
            if _duplicate(r, seen, ("t", ind, tcode, period), "period", shown):
                continue
        if r.ok:
            parsed.targets[(ind, tcode, period)] = value  # type: ignore[assignment]
    return parsed, errors


# --------------------------------------------------------------------------------------------- import


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


@dataclass
class ImportReport:
    fiscal_year: int
    dry_run: bool
    counts: dict[str, SheetCounts] = field(
        default_factory=lambda: {s.key: SheetCounts() for s in DATA_SHEETS}
    )
    removed: list[Lazy] = field(default_factory=list)  # "indicator 1.3", "assignment 1.3 / 1004", …

    @property
    def changed(self) -> int:
        return sum(c.changed for c in self.counts.values())


def _sync(
    obj: Any,
    make: Callable[[], Any],
    values: dict[str, Any],
    counts: SheetCounts,
) -> Any:
    """Create, or update only the fields that differ (so an unchanged row writes nothing)."""
    if obj is None:
        obj = make()
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        counts.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        counts.updated += 1
    else:
        counts.unchanged += 1
    return obj


def _blocked_removals(
    model: type[models.Model], ids: list[int], label: Callable[[int], Lazy], sheet: SheetSpec
) -> list[WorkbookError]:
    """Rows of audited models outside the framework (verified results, plans …) that a removal would
    delete: someone's data, so the import refuses instead.  Derived rows (scores) are not audited."""
    errors: list[WorkbookError] = []
    if not ids:
        return errors
    for rel in model._meta.related_objects:
        related = rel.related_model
        if not isinstance(related, type) or related._meta.app_label == "framework":
            continue
        if not audit.is_registered(related) or rel.on_delete is models.SET_NULL:
            continue
        counts: dict[int, int] = {}
        for pk in related._default_manager.filter(**{f"{rel.field.name}__in": ids}).values_list(
            rel.field.attname, flat=True
        ):
            counts[pk] = counts.get(pk, 0) + 1
        for pk, count in sorted(counts.items()):
            errors.append(
                WorkbookError(
                    sheet.title,
                    None,
                    None,
                    gettext_lazy(
                        "%(row)s is not in the workbook but %(count)s %(records)s depend on it; "
                        "it cannot be removed by an import. Keep its row."
                    ),
                    {"row": label(pk), "count": count, "records": related._meta.verbose_name_plural},
                )
            )
    return errors


def framework_workbook_import(
    *, actor: Any, fiscal_year: int, source: bytes | IO[bytes], dry_run: bool = False
) -> ImportReport:
    """Make the year's framework what the workbook says, or save nothing and raise ``WorkbookInvalid``."""
    require(actor, Action.MANAGE_FRAMEWORK)
    parsed, errors = parse_workbook(source, fiscal_year=fiscal_year)
    if errors:
        raise WorkbookInvalid(errors)
    report = ImportReport(fiscal_year=fiscal_year, dry_run=dry_run)
    with transaction.atomic():
        fy = fiscal_year_ensure(year=fiscal_year)
        fy = FiscalYear.objects.select_for_update().get(pk=fy.pk)  # one import of a year at a time
        errors = _apply(fy, parsed, report)
        if errors:
            raise WorkbookInvalid(errors)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _apply(fy: FiscalYear, parsed: _Parsed, report: ImportReport) -> list[WorkbookError]:
    agencies = {a.code: a for a in Agency.objects.all()}
    periods = {p.code: p for p in Period.objects.filter(fiscal_year=fy)}
    counts = report.counts

    components = {c.code: c for c in fy.components.all()}
    for code, values in parsed.components.items():
        components[code] = _sync(
            components.get(code),
            partial(Component, fiscal_year=fy, code=code),
            {k: v for k, v in values.items() if k != "code"},
            counts["components"],
        )

    indicators = {i.code: i for i in fy.indicators.select_related("fiscal_year")}
    for code, values in parsed.indicators.items():
        fields = dict(values)
        fields["component_id"] = components[fields.pop("component")].pk
        host = fields.pop("host_agency")
        fields["host_agency_id"] = agencies[host].pk if host else None
        ind = _sync(
            indicators.get(code),
            partial(Indicator, fiscal_year=fy, code=code),
            fields,
            counts["indicators"],
        )
        indicators[code] = ind

    existing = {
        (a.indicator.code, a.agency.code): a
        for a in Assignment.objects.filter(indicator__fiscal_year=fy).select_related("indicator", "agency")
    }
    assignments: dict[tuple[str, str], Assignment] = {}
    for (ind_code, agency_code), values in parsed.assignments.items():
        assignments[(ind_code, agency_code)] = _sync(
            existing.get((ind_code, agency_code)),
            partial(Assignment, indicator=indicators[ind_code], agency=agencies[agency_code]),
            values,
            counts["assignments"],
        )
    for a in assignments.values():
        a.indicator = indicators[a.indicator.code]  # the cached year spares the signals a query per row

    old_targets = {
        (t.assignment.indicator.code, t.assignment.agency.code, t.period.code): t
        for t in Target.objects.filter(assignment__indicator__fiscal_year=fy).select_related(
            "assignment__indicator", "assignment__agency", "period"
        )
    }
    for (ind_code, agency_code, period_code), value in parsed.targets.items():
        _sync(
            old_targets.get((ind_code, agency_code, period_code)),
            partial(Target, assignment=assignments[(ind_code, agency_code)], period=periods[period_code]),
            {"value": value},
            counts["targets"],
        )

    # What the workbook leaves out goes, unless someone's data depends on it.
    gone_targets = [t for k, t in old_targets.items() if k not in parsed.targets]
    gone_assignments = {k: a for k, a in existing.items() if k not in parsed.assignments}
    gone_indicators = {c: i for c, i in indicators.items() if c not in parsed.indicators}
    gone_components = {c: x for c, x in components.items() if c not in parsed.components}
    names = {a.pk: f"{a.indicator.code} / {a.agency.code}" for a in gone_assignments.values()}
    errors = _blocked_removals(
        Assignment,
        list(names),
        lambda pk: Lazy(gettext_lazy("assignment %(key)s"), {"key": names[pk]}),
        ASSIGNMENTS,
    )
    codes = {i.pk: c for c, i in gone_indicators.items()}
    errors += _blocked_removals(
        Indicator,
        list(codes),
        lambda pk: Lazy(gettext_lazy("indicator %(key)s"), {"key": codes[pk]}),
        INDICATORS,
    )
    ccodes = {x.pk: c for c, x in gone_components.items()}
    errors += _blocked_removals(
        Component,
        list(ccodes),
        lambda pk: Lazy(gettext_lazy("component %(key)s"), {"key": ccodes[pk]}),
        COMPONENTS,
    )
    if errors:
        return errors
    for t in gone_targets:
        key = f"{t.assignment.indicator.code} / {t.assignment.agency.code} / {t.period.code}"
        report.removed.append(Lazy(gettext_lazy("target %(key)s"), {"key": key}))
        t.delete()
    counts["targets"].removed += len(gone_targets)
    for (ind_code, agency_code), a in gone_assignments.items():
        report.removed.append(
            Lazy(gettext_lazy("assignment %(key)s"), {"key": f"{ind_code} / {agency_code}"})
        )
        a.delete()
    counts["assignments"].removed += len(gone_assignments)
    for code, ind in gone_indicators.items():
        report.removed.append(Lazy(gettext_lazy("indicator %(key)s"), {"key": code}))
        ind.delete()
    counts["indicators"].removed += len(gone_indicators)
    for code, comp in gone_components.items():
        report.removed.append(Lazy(gettext_lazy("component %(key)s"), {"key": code}))
        comp.delete()
    counts["components"].removed += len(gone_components)
    return []
