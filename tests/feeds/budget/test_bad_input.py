"""Amounts that do not fit their column, dates out of range and over-long CSV cells are row errors —
never saved (where they used to make every budget page and the API answer 500)."""

import io

import pytest

from pramoen.core.errors import ApplicationError
from pramoen.feeds.budget.models import BudgetLine, BudgetMovement
from pramoen.feeds.budget.services import budget_import
from tests.feeds.budget.conftest import budget_csv

pytestmark = pytest.mark.django_db

LINE = "line,1004,2567,OP-01,ค่าใช้สอย,operating,annual,no,1000,,,,,"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("line,1004,2567,OP-01,ค่าใช้สอย,operating,annual,no,1e999,,,,,", "approved"),
        ("line,1004,2567,OP-01,ค่าใช้สอย,operating,annual,no,123456789012345678901234567890,,,,,", "approved"),
        ("line,1004,2567,OP-01,ค่าใช้สอย,operating,annual,no,1e99999,,,,,", "approved"),
        (LINE + "\ndisbursement,1004,2567,OP-01,,,,,,2023-12-15,1e999,DV-1,,", "amount"),
        (LINE + "\ndisbursement,1004,2567,OP-01,,,,,,2023-12-15,1000000000000,DV-1,,", "amount"),
        (LINE + "\ndisbursement,1004,2567,OP-01,,,,,,0001-01-01,10,DV-1,,", "date"),
    ],
)
def test_a_value_that_does_not_fit_is_a_row_error_and_nothing_is_saved(personas, row, column):
    with pytest.raises(ApplicationError) as caught:
        budget_import(actor=None, upload=budget_csv(row), filename="b.csv")
    assert {e["field"] for e in caught.value.extra["errors"]} == {column}
    assert BudgetLine.objects.count() == 0 and BudgetMovement.objects.count() == 0


def test_the_largest_amount_that_fits_is_saved_and_the_pages_show_it(personas, client_for):
    budget_import(
        actor=None,
        upload=budget_csv("line,1004,2567,OP-01,ค่าใช้สอย,operating,annual,no,999999999999.99,,,,,"),
        filename="b.csv",
    )
    assert str(BudgetLine.objects.get().approved) == "999999999999.99"
    client = client_for("executive")
    for url in (
        "/budget/?fy=2567",
        "/budget/agencies/1004/?fy=2567",
        "/api/v1/budget/overview/?fiscal_year=2567",
    ):
        assert client.get(url).status_code == 200, url


def test_a_cell_over_128_kb_is_a_row_error_on_the_page(client_for, personas, run_jobs):
    data = budget_csv(LINE, 'line,1004,2567,OP-02,"' + "x" * 140_000 + ",operating,annual,no,1,,,,,")
    upload = io.BytesIO(data)
    upload.name = "long.csv"
    client = client_for("eval.officer")
    response = client.post("/budget/import/", {"file": upload})
    assert response.status_code == 302  # the import runs as a job
    run_jobs()
    assert "128 KB" in client.get(response["Location"]).content.decode()
    assert BudgetLine.objects.count() == 0
    with pytest.raises(ApplicationError) as caught:
        budget_import(actor=None, upload=data, filename="long.csv")
    assert caught.value.extra["errors"][0]["row"] == 3
    assert "128 KB" in caught.value.extra["errors"][0]["reason"]


def test_a_district_still_may_not_import(client_for, personas):
    upload = io.BytesIO(budget_csv(LINE))
    upload.name = "b.csv"
    assert client_for("bangrak.head").post("/budget/import/", {"file": upload}).status_code == 403
    assert BudgetLine.objects.count() == 0
