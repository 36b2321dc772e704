"""The innovation register as an XLSX workbook (the list page's filters apply)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from openpyxl import Workbook

from pramoen.innovations.models import Innovation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def innovations_xlsx(items: list[Innovation]) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "innovations"
    # the column names the register import reads (importer.COLUMNS), so an exported file imports back
    ws.append(
        [
            "id",
            "agency",
            "fiscal_year",
            "title",
            "problem",
            "solution",
            "results",
            "status",
            "category",
            "kind",
            "adopted_from",
            "adoptable_by",
            "state",
            "group",
        ]
    )
    for i in items:
        ws.append(
            [
                i.pk,
                i.agency.name_th,
                i.fiscal_year,
                i.title,
                i.problem,
                i.solution,
                i.results,
                i.get_status_display(),
                i.get_category_display(),
                i.get_kind_display(),
                i.adopted_from.title if i.adopted_from else "",
                i.get_adoptable_by_display(),
                i.get_state_display(),
                i.group.name if i.group else "",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="innovations.xlsx"'
    return response
