"""The host imports its register of past innovations: all rows or none; an exported file imports back."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from openpyxl import Workbook, load_workbook

from pramoen.core.errors import ApplicationError
from pramoen.innovations.importer import import_register
from pramoen.innovations.models import Innovation

pytestmark = pytest.mark.django_db

HEADER = [
    "agency",
    "fiscal_year",
    "title",
    "problem",
    "solution",
    "results",
    "status",
    "category",
    "adoptable_by",
]


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_bad_row_saves_nothing_and_is_named(personas, host_reviewer):
    rows = [
        HEADER,
        ["1004", 2560, "แจ้งการมาเรียน", "นักเรียนขาดเรียน", "แจ้งผู้ปกครอง", "", "in_use", "education", "any"],
        ["9999", 2561, "ไม่มีหน่วยงาน", "ป", "ท", "", "", "", ""],
        ["1028", 1999, "ปีผิด", "ป", "ท", "", "", "", ""],
        ["1028", 2562, "สถานะผิด", "ป", "ท", "", "broken", "", ""],
        ["1004", 2563, "แจ้งการมาเรียน", "ซ้ำ", "ซ้ำ", "", "", "", ""],
    ]
    with pytest.raises(ApplicationError) as err:
        import_register(actor=host_reviewer, upload=_xlsx(rows), file_name="register.xlsx")
    found = [(e["row"], e["field"]) for e in err.value.extra["errors"]]
    assert found == [(3, "agency"), (4, "fiscal_year"), (5, "status"), (6, "title")]
    assert not Innovation.objects.exists()
    with pytest.raises(PermissionDenied):
        import_register(actor=personas["bangrak.head"], upload=_xlsx(rows[:2]), file_name="register.xlsx")


def test_rows_become_submitted_innovations_and_an_export_imports_back(personas, host_reviewer):
    rows = [
        HEADER,
        ["สำนักงานเขตบางรัก", "๒๕๖๐", "แจ้งการมาเรียน", "นักเรียนขาดเรียน", "แจ้งผู้ปกครอง", "ได้ผล", "", "", ""],
    ]
    done = import_register(actor=host_reviewer, upload=_xlsx(rows), file_name="register.xlsx")
    innovation = Innovation.objects.get()
    assert (done.created, done.updated) == (1, 0)
    assert (innovation.agency.code, innovation.fiscal_year, innovation.state) == ("1004", 2560, "submitted")
    assert "นักเรียน" in innovation.search_tokens.split()
    host = Client()
    host.force_login(host_reviewer)
    exported = host.get("/innovations/", {"format": "xlsx"}).content
    assert [c.value for c in next(load_workbook(io.BytesIO(exported)).active.iter_rows(max_row=1))][:3] == [
        "id",
        "agency",
        "fiscal_year",
    ]
    again = import_register(actor=host_reviewer, upload=exported, file_name="innovations.xlsx")
    assert (again.created, again.updated) == (0, 1) and Innovation.objects.count() == 1


def test_the_import_page_is_for_the_host(personas, host_reviewer, client_for):
    assert client_for("bangrak.head").get("/innovations/import/").status_code == 403
    host = Client()
    host.force_login(host_reviewer)
    assert host.get("/innovations/import/").status_code == 200
    bad = io.BytesIO(_xlsx([HEADER, ["1004", "x", "t", "p", "s", "", "", "", ""]]))
    bad.name = "register.xlsx"
    response = host.post("/innovations/import/", {"file": bad})
    assert response.status_code == 400 and 'data-testid="import-errors"' in response.content.decode()
