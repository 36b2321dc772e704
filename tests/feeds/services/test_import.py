"""Importing service records: both layouts, every validation error, all-or-nothing, idempotent upsert."""

import io

import pytest
from openpyxl import Workbook

from pramoen.core.errors import ApplicationError
from pramoen.feeds.models import ImportRun
from pramoen.feeds.services.models import ServiceRecord
from pramoen.feeds.services.services import service_records_import
from pramoen.orgs.models import User
from tests.feeds.services.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def test_it_imports_counts_and_a_second_import_replaces_them(catalogue):
    data = csv_bytes(
        "1004,ENV-03,2566-10,online,12", "1004,ENV-03,2566-10,counter,30", "บางรัก,REG-06,2023-10,counter,410"
    )
    batch = service_records_import(actor=None, upload=data, filename="oct.csv")
    assert (batch.feed, batch.rows_read, batch.figures) == ("services", 3, {"created": 3, "updated": 0})
    assert batch.status == "done" and len(batch.sha256) == 64
    assert ServiceRecord.objects.count() == 3
    again = service_records_import(actor=None, upload=data, filename="oct.csv")
    assert again.figures == {"created": 0, "updated": 3}
    assert sorted(ServiceRecord.objects.values_list("count", flat=True)) == [12, 30, 410]
    changed = csv_bytes("เขตบางรัก,env-03,10/2566,ออนไลน์,15")
    service_records_import(actor=None, upload=changed, filename="fix.csv")
    assert ServiceRecord.objects.get(channel="online").count == 15
    assert ServiceRecord.objects.count() == 3


def test_it_counts_one_row_per_transaction(catalogue):
    data = csv_bytes(
        "1004,ENV-03,2023-10-02,online,T1",
        "1004,ENV-03,15/10/2566,online,T2",
        "1004,ENV-03,2023-11-01,counter,T3",
        header="district,process,date,channel,transaction_id",
    )
    batch = service_records_import(actor=None, upload=data, filename="tx.csv")
    assert batch.file_format == "transactions"
    assert sorted(ServiceRecord.objects.values_list("month", "channel", "count")) == [
        (__import__("datetime").date(2023, 10, 1), "online", 2),
        (__import__("datetime").date(2023, 11, 1), "counter", 1),
    ]


def test_it_reads_xlsx(catalogue):
    book = Workbook()
    sheet = book.active
    sheet.append(["district", "process", "month", "channel", "count"])
    sheet.append([1028, "REV-03", "2567-01", "counter", 44])
    buffer = io.BytesIO()
    book.save(buffer)
    service_records_import(actor=None, upload=buffer.getvalue(), filename="jan.xlsx")
    assert ServiceRecord.objects.get().count == 44


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("9999,ENV-03,2566-10,online,1", "district", "unknown district"),
        ("1004,XXX-99,2566-10,online,1", "process", "unknown process"),
        ("1004,ENV-03,2566-13,online,1", "month", "not a month"),
        ("1004,ENV-03,ตุลา,online,1", "month", "not a month"),
        ("1004,ENV-03,2566-10,fax,1", "channel", "unknown channel"),
        ("1004,REG-06,2566-10,online,1", "channel", "not available online"),
        ("1004,ENV-03,2566-10,online,-4", "count", "not a whole number"),
        ("1004,ENV-03,2566-10,online,1.5", "count", "not a whole number"),
    ],
)
def test_each_bad_row_is_named_with_its_column_and_reason_and_nothing_is_saved(
    catalogue, row, column, reason
):
    data = csv_bytes("1004,ENV-03,2566-11,online,5", row)
    with pytest.raises(ApplicationError) as caught:
        service_records_import(actor=None, upload=data, filename="bad.csv")
    errors = caught.value.extra["errors"]
    assert errors[0]["row"] == 3 and errors[0]["field"] == column and reason in errors[0]["reason"]
    assert "row 3" in caught.value.message and "Nothing was saved" in caught.value.message
    assert ServiceRecord.objects.count() == 0 and ImportRun.objects.count() == 0


def test_a_bad_file_leaves_what_was_saved_before_untouched(catalogue):
    service_records_import(actor=None, upload=csv_bytes("1004,ENV-03,2566-10,online,12"), filename="ok.csv")
    with pytest.raises(ApplicationError):
        service_records_import(
            actor=None,
            upload=csv_bytes("1004,ENV-03,2566-10,online,99", "1004,ENV-03,2566-10,online,x"),
            filename="bad.csv",
        )
    assert ServiceRecord.objects.get().count == 12


def test_repeated_keys_and_transaction_ids_are_errors(catalogue):
    with pytest.raises(ApplicationError) as caught:
        service_records_import(
            actor=None,
            upload=csv_bytes("1004,ENV-03,2566-10,online,1", "1004,ENV-03,2023-10,online,2"),
            filename="dup.csv",
        )
    assert caught.value.extra["errors"][0] == {
        "row": 3,
        "field": "month",
        "reason": "repeats row 2 (each key may appear once per file)",
    }
    with pytest.raises(ApplicationError) as caught:
        service_records_import(
            actor=None,
            upload=csv_bytes(
                "1004,ENV-03,2023-10-02,online,T1",
                "1004,ENV-03,2023-10-03,online,T1",
                header="district,process,date,channel,transaction_id",
            ),
            filename="dup.csv",
        )
    assert caught.value.extra["errors"][0]["field"] == "transaction_id"


@pytest.mark.parametrize(
    ("data", "filename", "text"),
    [
        (b"district,process,month,channel\n1004,ENV-03,2566-10,online\n", "a.csv", "lacks the columns"),
        (b"", "a.csv", "is empty"),
        (b"district,process,month,channel,count\n", "a.csv", "no rows"),
        (b"whatever", "a.pdf", "only .csv and .xlsx"),
        (b"not a zip", "a.xlsx", "could not be read"),
    ],
)
def test_files_that_are_not_tables_are_refused(catalogue, data, filename, text):
    with pytest.raises(ApplicationError) as caught:
        service_records_import(actor=None, upload=data, filename=filename)
    assert text in caught.value.message


def test_only_the_evaluation_office_may_import(personas, catalogue):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        service_records_import(
            actor=personas["bangrak.head"], upload=csv_bytes("1004,ENV-03,2566-10,online,1"), filename="a.csv"
        )
    batch = service_records_import(
        actor=personas["eval.officer"], upload=csv_bytes("1004,ENV-03,2566-10,online,1"), filename="a.csv"
    )
    assert batch.imported_by == User.objects.get(username="eval.officer")


def test_an_import_is_in_the_audit_log(catalogue):
    from pramoen.core.models import AuditEntry

    batch = service_records_import(
        actor=None, upload=csv_bytes("1004,ENV-03,2566-10,online,1"), filename="a.csv"
    )
    assert AuditEntry.objects.filter(model="feeds.ImportRun", object_pk=str(batch.pk)).exists()


def test_thai_digits_and_spaces_are_read(catalogue):
    data = csv_bytes(' ๑๐๐๔ , ENV-03 ,๒๕๖๖-๑๐, online ,"๑,๒๐๐"')
    service_records_import(actor=None, upload=data, filename="thai.csv")
    record = ServiceRecord.objects.get()
    assert (record.agency.code, record.month.isoformat(), record.count) == ("1004", "2023-10-01", 1200)
