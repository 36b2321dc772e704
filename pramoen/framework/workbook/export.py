"""Export a fiscal year's framework as the workbook (with drop-down lists and an "about" sheet)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pramoen.core.errors import ApplicationError
from pramoen.core.spreadsheets import xlsx_row
from pramoen.framework.models import (
    Assignment,
    Component,
    FiscalYear,
    Indicator,
    PeriodCriteria,
    PlanPoint,
    Target,
)
from pramoen.framework.periods import fiscal_periods
from pramoen.framework.workbook.spec import (
    ABOUT_TITLE,
    DATA_SHEETS,
    HEADER_ROWS,
    HIGHER,
    LISTS_TITLE,
    LOWER,
    NO,
    YES,
    SheetSpec,
    known_methods,
)
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require


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
        ws.append(xlsx_row(ws, [values.get(col.key) for col in spec.columns]))
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
    "",
    "เกณฑ์ตามช่วงเวลา: t1..t5 ของตัวชี้วัดคือเกณฑ์สิ้นปี ชีต 'เกณฑ์รายรอบ' กำหนดเกณฑ์ของรอบใดรอบหนึ่งแทนเกณฑ์สิ้นปี",
    "Criteria over time: an indicator's t1..t5 are its year-end criteria;"
    " 'period_criteria' sets a period's own.",
    "ชีต 'แผนสะสม' คือแผนสะสม (ร้อยละของเกณฑ์สิ้นปี ณ สิ้นรอบ เช่น Q1 20, Q2 45, Q3 70, Q4 100):"
    " เกณฑ์ของแต่ละรอบ = เกณฑ์สิ้นปี × ร้อยละตามแผน ณ วันสิ้นรอบ ÷ 100 (ระหว่างจุดคิดเป็นเส้นตรงตามวัน)",
    "'plan_curve': the share of the year-end criteria planned by each period's end (e.g. Q1 20, Q2 45, Q3 70,"
    " Q4 100); a period's thresholds = year-end thresholds × the plan's share on its last day ÷ 100"
    " (straight lines by date between points). A period's own criteria win over the plan.",
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
        about.append(xlsx_row(about, [line]))
    about.column_dimensions["A"].width = 120
    ranges = _write_lists(wb, _lists(fy))

    # each component followed by its sub-components, as the import reads them
    every = list(fy.components.select_related("parent").order_by("order", "code"))
    components = [c for top in every if top.parent_id is None for c in [top, *_children(every, top)]]
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
    ind_order = {code: n for n, code in enumerate(i.code for i in indicators)}

    def over_time(model: type[PeriodCriteria] | type[PlanPoint], fields: list[str]) -> list[dict[str, Any]]:
        rows = model.objects.filter(indicator__fiscal_year=fy).values(
            "indicator__code", "period__code", "is_demo", *fields
        )
        return [
            {
                "indicator": r["indicator__code"],
                "period": r["period__code"],
                **{f: _cell_number(r[f]) for f in fields},
                "is_demo": YES if r["is_demo"] else NO,
            }
            for r in sorted(
                rows,
                key=lambda r: (
                    ind_order.get(r["indicator__code"], 999),
                    period_order.get(r["period__code"], 99),
                ),
            )
        ]

    data: dict[str, Iterable[dict[str, Any]]] = {
        "components": (
            {
                "code": c.code,
                "name_th": c.name_th,
                "name_en": c.name_en,
                "weight": _cell_number(c.weight),
                "applies_to": c.applies_to,
                "order": c.order,
                "weight_is_demo": YES if c.weight_is_demo else NO,
                "parent": c.parent.code if c.parent else "",
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
        "period_criteria": over_time(PeriodCriteria, ["t1", "t2", "t3", "t4", "t5"]),
        "plan_curve": over_time(PlanPoint, ["share"]),
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


def _children(components: list[Component], parent: Component) -> list[Component]:
    return [c for c in components if c.parent_id == parent.pk]
