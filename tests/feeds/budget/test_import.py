"""Importing budget data: every validation error by row and column, all-or-nothing, idempotent upserts."""

import io

import pytest
from openpyxl import Workbook

from pramoen.core.errors import ApplicationError
from pramoen.feeds.budget.models import BudgetLine, BudgetMovement, ProcurementEvent
from pramoen.feeds.budget.services import budget_import
from pramoen.feeds.models import ImportRun
from tests.feeds.budget.conftest import HEADER, budget_csv

pytestmark = pytest.mark.django_db

GOOD = budget_csv(
    'line,1004,2567,OP-01,ค่าใช้สอย,operating,annual,no,"12,500,000",,,,,',
    "line,เขตบางรัก,2567,INV-01,ปรับปรุงทางเท้า,งบลงทุน,,,8000000,,,,,",
    "disbursement,1004,2567,OP-01,,,,,,15/12/2566,1200000.50,DV-1,,",
    "procurement,1004,2567,INV-01,,,,,,2023-12-01,,EB-10,announced,e-GP",
    "procurement,1004,2567,INV-01,,,,,,2024-01-10,,EB-10,ไม่มีผู้เสนอราคา,",
)


def test_it_imports_lines_movements_and_events_and_a_reimport_replaces_them(db):
    batch = budget_import(actor=None, upload=GOOD, filename="b.csv")
    assert (batch.feed, batch.rows_read, batch.figures) == ("budget", 5, {"lines": 2, "entries": 3})
    assert (
        BudgetLine.objects.count() == 2
        and BudgetMovement.objects.count() == 1
        and ProcurementEvent.objects.count() == 2
    )
    assert BudgetLine.objects.get(code="INV-01").budget_type == "investment"
    budget_import(actor=None, upload=GOOD, filename="b.csv")
    assert (
        BudgetLine.objects.count() == 2
        and BudgetMovement.objects.count() == 1
        and ProcurementEvent.objects.count() == 2
    )
    fix = budget_csv(
        "disbursement,1004,2567,OP-01,,,,,,2023-12-15,1300000,DV-1,,"
    )  # the line is already saved
    budget_import(actor=None, upload=fix, filename="fix.csv")
    assert BudgetMovement.objects.get().amount == 1300000


def test_it_reads_xlsx(db):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "line",
            "1004",
            2567,
            "OP-01",
            "ค่าใช้สอย",
            "operating",
            "annual",
            "",
            1000,
            None,
            None,
            None,
            None,
            None,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    budget_import(actor=None, upload=buffer.getvalue(), filename="b.xlsx")
    assert BudgetLine.objects.get().approved == 1000


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("payment,1004,2567,OP-01,,,,,,2023-12-01,1,R,,", "record", "unknown record"),
        ("line,nowhere,2567,X,n,operating,,,1,,,,,", "agency", "unknown agency"),
        ("line,1004,abc,X,n,operating,,,1,,,,,", "fiscal_year", "not a fiscal year"),
        ("line,1004,2567,,n,operating,,,1,,,,,", "line", "line code"),
        ("line,1004,2567,X,,operating,,,1,,,,,", "name", "name is empty"),
        ("line,1004,2567,X,n,salary,,,1,,,,,", "budget_type", "unknown budget type"),
        ("line,1004,2567,X,n,operating,loan,,1,,,,,", "source", "unknown source"),
        ("line,1004,2567,X,n,operating,,maybe,1,,,,,", "welfare", "not yes or no"),
        ("line,1004,2567,X,n,operating,,,-5,,,,,", "approved", "0 or more"),
        ("disbursement,1004,2567,OP-01,,,,,,2023-02-30,5,R,,", "date", "not a date"),
        ("disbursement,1004,2567,OP-01,,,,,,2023-12-01,0,R,,", "amount", "above 0"),
        ("disbursement,1004,2567,OP-01,,,,,,2023-12-01,5,,,", "ref", "document number"),
        ("procurement,1004,2567,OP-01,,,,,,2023-12-01,,R,lottery,", "event", "unknown procurement event"),
        ("disbursement,1004,2567,NOPE,,,,,,2023-12-01,5,R,,", "line", "neither in the file nor saved"),
        ("line,1004,2567,OP-01,again,operating,,,1,,,,,", "line", "repeats row 2"),
    ],
)
def test_each_bad_row_is_named_and_nothing_is_saved(db, row, column, reason):
    data = budget_csv("line,1004,2567,OP-01,ค่าใช้สอย,operating,annual,,100,,,,,", row)
    with pytest.raises(ApplicationError) as caught:
        budget_import(actor=None, upload=data, filename="bad.csv")
    first = caught.value.extra["errors"][0]
    assert (first["row"], first["field"]) == (3, column) and reason in first["reason"]
    assert not BudgetLine.objects.exists() and not ImportRun.objects.exists()


def test_missing_columns_are_refused(db):
    with pytest.raises(ApplicationError) as caught:
        budget_import(actor=None, upload=b"record,agency\nline,1004\n", filename="b.csv")
    assert "fiscal_year" in caught.value.message


def test_only_the_evaluation_office_may_import(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        budget_import(actor=personas["bangrak.head"], upload=GOOD, filename="b.csv")
    assert (
        budget_import(actor=personas["eval.officer"], upload=GOOD, filename="b.csv").imported_by
        == personas["eval.officer"]
    )
