"""Files as agencies really send them: Thai Windows (TIS-620) text, an empty file, extra columns."""

from __future__ import annotations

import gzip

import pytest

from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints.models import Ticket

from .conftest import API_HEADER, api_row, inside, write_csv

pytestmark = pytest.mark.django_db


def _rows() -> list[dict]:
    p = inside(1004)
    return [
        api_row(f"2022-THAI{i:02d}", p, "2022-10-01 01:00:00+00", comment=f"ทางเท้าชำรุด หน้าตลาด {i}")
        for i in range(3)
    ]


@pytest.mark.parametrize("packed", [False, True])
def test_a_tis620_file_is_read_as_thai(tmp_path, run_import, packed):
    path = write_csv(tmp_path / "thai.csv", API_HEADER, _rows())
    data = path.read_text(encoding="utf-8").encode("cp874")
    if packed:
        path = tmp_path / "thai.csv.gz"
        data = gzip.compress(data)
    path.write_bytes(data)
    summary = run_import(path)
    assert summary.inserted == 3 and summary.rejected == 0
    assert Ticket.objects.get(ticket_id="2022-THAI01").comment == "ทางเท้าชำรุด หน้าตลาด 1"
    assert "TIS-620" in summary.line()


@pytest.mark.parametrize("content", [b"", b"   \n\n"])
def test_an_empty_file_is_called_empty(tmp_path, run_import, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(ApplicationError) as caught:
        run_import(path)
    assert "empty" in caught.value.message or "ว่าง" in caught.value.message
    assert "JSON" not in caught.value.message


def test_extra_columns_are_reported_not_silently_dropped(tmp_path, run_import):
    rows = [dict(r, budget_code="X-1", ผู้แจ้ง="นาย ก") for r in _rows()]
    path = write_csv(tmp_path / "extra.csv", [*API_HEADER, "budget_code", "ผู้แจ้ง"], rows)
    summary = run_import(path)
    assert summary.inserted == 3
    assert summary.ignored_columns == ["budget_code", "ผู้แจ้ง"]
    assert "budget_code" in summary.line()


def test_the_import_job_page_shows_the_notes_and_a_district_may_not_import(client_for, tmp_path, run_jobs):
    path = write_csv(
        tmp_path / "extra.csv", [*API_HEADER, "budget_code"], [dict(r, budget_code="1") for r in _rows()]
    )
    client = client_for("eval.officer")
    with path.open("rb") as fh:
        response = client.post("/complaints/import/", {"file": fh})
    assert response.status_code == 302  # the import runs as a job
    run_jobs()
    assert "budget_code" in client.get(response["Location"]).content.decode()
    with path.open("rb") as fh:
        assert client_for("bangrak.staff").post("/complaints/import/", {"file": fh}).status_code == 403
