"""Counts that do not fit their column, dates out of range and over-long CSV cells are row errors."""

import io

import pytest

from pramoen.core.errors import ApplicationError
from pramoen.feeds.services.models import ServiceRecord
from pramoen.feeds.services.services import service_records_import
from tests.feeds.services.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("1004,ENV-03,2566-10,online,99999999999999999999", "count"),
        ("1004,ENV-03,2566-10,online,²", "count"),
        ("1004,ENV-03,0001-01,online,1", "month"),
    ],
)
def test_a_value_that_does_not_fit_is_a_row_error(catalogue, row, column):
    with pytest.raises(ApplicationError) as caught:
        service_records_import(actor=None, upload=csv_bytes(row), filename="s.csv")
    assert [e["field"] for e in caught.value.extra["errors"]] == [column]
    assert ServiceRecord.objects.count() == 0


def test_a_cell_over_128_kb_is_a_row_error_on_the_page_and_the_command(
    client_for, catalogue, tmp_path, run_jobs
):
    data = csv_bytes("1004,ENV-03,2566-10,online,12", '1004,"' + "x" * 140_000 + ",2566-10,online,1")
    upload = io.BytesIO(data)
    upload.name = "long.csv"
    client = client_for("eval.officer")
    response = client.post("/services/import/", {"file": upload})
    assert response.status_code == 302  # the import runs as a job
    run_jobs()
    assert "128 KB" in client.get(response["Location"]).content.decode()
    assert ServiceRecord.objects.count() == 0
    path = tmp_path / "long.csv"
    path.write_bytes(data)
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="128 KB"):
        call_command("import_service_records", str(path))
