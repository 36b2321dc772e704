"""XLSX exports of scorecards and rankings (openpyxl), Thai headers, BE years."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from pramoen.core.spreadsheets import xlsx_row
from pramoen.scoring.selectors import Ranking, Scorecard, ScorecardComponent

_FILLS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE", "grey": "EDEDED"}
_LIGHT_TH = {"green": "ดี", "amber": "พอใช้", "red": "ต้องเร่งรัด", "grey": "ยังไม่มีข้อมูล"}


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _finish(ws: object, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width  # type: ignore[attr-defined]
    ws.freeze_panes = "A3"  # type: ignore[attr-defined]


def scorecard_xlsx(card: Scorecard) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "scorecard"
    ws.append(
        xlsx_row(
            ws,
            [
                f"{card.agency.name_th} — ผลการประเมิน ปีงบประมาณ พ.ศ. {card.fiscal_year.year} "
                f"({card.period.name_th})",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "คะแนนรวม",
                _num(card.overall),
            ],
        )
    )
    ws["A1"].font = Font(bold=True, size=13)
    header = [
        "องค์ประกอบ",
        "ตัวชี้วัด",
        "ชื่อตัวชี้วัด",
        "น้ำหนัก",
        "ค่าเป้าหมาย",
        "ผลการดำเนินงาน",
        "ระดับ",
        "คะแนน",
        "สถานะ",
        *[p.name_th for p in card.trend_periods],
    ]
    ws.append(xlsx_row(ws, header))
    for cell in ws[2]:
        cell.font = Font(bold=True)

    def write(comp: ScorecardComponent, label: str) -> None:
        ws.append(
            xlsx_row(
                ws,
                [
                    comp.component.name_th,
                    None,
                    label,
                    _num(comp.weight_total),
                    None,
                    None,
                    None,
                    _num(comp.score),
                    _LIGHT_TH[comp.light],
                ],
            )
        )
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for line in comp.lines:
            r = line.result
            ws.append(
                xlsx_row(
                    ws,
                    [
                        comp.component.code,
                        line.indicator.code,
                        line.indicator.name_th,
                        _num(line.assignment.weight),
                        _num(r.target if r else None),
                        _num(r.actual if r else None),
                        r.level if r else None,
                        _num(r.score if r else None),
                        _LIGHT_TH[line.light],
                        *[_num(s) for s in line.trend],
                    ],
                )
            )
            ws.cell(ws.max_row, 9).fill = PatternFill("solid", fgColor=_FILLS[line.light])

    for comp in card.components:
        write(comp, "คะแนนองค์ประกอบ")
        for sub in comp.children:
            write(sub, "คะแนนองค์ประกอบย่อย")
    _finish(ws, [28, 10, 60, 9, 12, 14, 7, 9, 14] + [10] * len(card.trend_periods))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ranking_xlsx(ranking: Ranking, title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "ranking"
    ws.append(xlsx_row(ws, [title]))
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(xlsx_row(ws, ["อันดับ", "หน่วยงาน", "คะแนน (เต็ม 5)", "ร้อยละของคะแนนเต็ม", "จำนวนตัวชี้วัดที่ใช้จัดอันดับ"]))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in ranking.rows:
        ws.append(
            xlsx_row(
                ws, [row.rank, row.agency.name_th, _num(row.score), _num(row.percent), row.indicators_used]
            )
        )
    notes = wb.create_sheet("indicators")
    notes.append(
        xlsx_row(
            notes,
            ["ตัวชี้วัดที่ใช้และไม่ใช้จัดอันดับ", f"(ใช้เฉพาะตัวชี้วัดที่หน่วยงานอย่างน้อยร้อยละ {ranking.min_coverage} มีผลแล้ว)"],
        )
    )
    notes.append(xlsx_row(notes, ["ตัวชี้วัด", "ชื่อ", "ใช้จัดอันดับ", "ร้อยละของหน่วยงานที่มีข้อมูล"]))
    for ind in ranking.used:
        notes.append(xlsx_row(notes, [ind.code, ind.name_th, "ใช้", None]))
    for ind, coverage in ranking.left_out:
        notes.append(xlsx_row(notes, [ind.code, ind.name_th, "ไม่ใช้ (ข้อมูลไม่พอ)", _num(coverage)]))
    _finish(ws, [8, 40, 14, 18, 24])
    _finish(notes, [10, 70, 20, 24])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
