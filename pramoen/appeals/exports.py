"""The appeal register for the committee meeting: XLSX (numbers as numbers) and PDF (Thai, BE dates,
Thai digits, as official documents are)."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pramoen.appeals.models import AppealCase
from pramoen.appeals.selectors import RegisterFilters, effect_summary
from pramoen.core.pdf_fonts import pdf_font_dir
from pramoen.core.spreadsheets import xlsx_row
from pramoen.core.thai import format_date, to_thai_digits

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADINGS_TH = [
    "เลขที่",
    "หน่วยงาน",
    "หมวด",
    "ตัวชี้วัด",
    "องค์ประกอบ",
    "สถานะ",
    "วันที่ยื่น",
    "เหตุผล",
    "ผลการพิจารณา",
    "ผลต่อคะแนน (ก่อน → หลัง)",
]


def _rows(cases: list[AppealCase]) -> list[list[Any]]:
    with override("th"):
        return [
            [
                c.number,
                c.agency.name_th,
                c.category.name_th,
                f"{c.assignment.indicator.code} {c.assignment.indicator.name_th}",
                c.assignment.indicator.component.code,
                c.get_status_display(),
                format_date(timezone.localtime(c.submitted_at)) if c.submitted_at else "",
                c.reason,
                c.decision_reason,
                effect_summary(c),
            ]
            for c in cases
        ]


def register_file(cases: list[AppealCase], filters: RegisterFilters, fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return register_xlsx(cases), XLSX
    return register_pdf(cases, filters), "application/pdf"


def register_xlsx(cases: list[AppealCase]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "ทะเบียนอุทธรณ์"
    ws.append(xlsx_row(ws, HEADINGS_TH))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values in _rows(cases):
        ws.append(xlsx_row(ws, values))
    for letter, width in zip("ABCDEFGHIJ", (16, 28, 30, 40, 10, 16, 14, 50, 40, 40), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def register_pdf(cases: list[AppealCase], filters: RegisterFilters) -> bytes:
    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from weasyprint import HTML

    rows = [[to_thai_digits(v) for v in row] for row in _rows(cases)]
    # Sarabun patched so the PDF's text layer gives back the Thai typed (core/pdf_fonts.py: "การ", not "กำร")
    fonts = pdf_font_dir()
    html = render_to_string(
        "appeals/register_pdf.html",
        {
            "headings": HEADINGS_TH,
            "rows": rows,
            "year": to_thai_digits(filters.fiscal_year.year) if filters.fiscal_year else "",
            "printed": to_thai_digits(format_date(timezone.localdate(), long=True)),
            "count": to_thai_digits(len(rows)),
            "font_dir": fonts.as_uri(),
        },
    )
    return HTML(string=html, base_url=str(fonts)).write_pdf()
