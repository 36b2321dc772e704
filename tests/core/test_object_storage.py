"""With PRAMOEN_S3_BUCKET set, every uploaded and built file lives in S3-compatible object storage (moto's
server, started here on a free port, stands in for it), and is still served only through the views that ask
the policy first.  Nothing is written to the local disk meanwhile.

The appeal, monitoring follow-up, job import and monitoring report flows are those apps' own view tests,
run again here against the bucket (imported below with their fixtures)."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer
from PIL import Image

from pramoen.core.storage import S3, default_storage_config
from pramoen.progress import services as progress_services
from pramoen.progress.models import Evidence

# the other apps' flows, with the fixtures they need
from tests.appeals.conftest import year
from tests.appeals.test_views import (
    test_a_district_files_through_the_pages_and_the_officer_decides as test_appeal_documents_in_the_bucket,
)
from tests.feeds.services.conftest import catalogue
from tests.feeds.services.test_views import (
    test_the_evaluation_office_imports_through_the_page_and_sees_row_errors as test_a_job_reads_its_upload_from_the_bucket,
)
from tests.monitoring.conftest import demo_round, draft_round, english_messages, sheet1
from tests.monitoring.test_follow_up import (
    test_assigning_notifies_the_agency_and_done_notifies_the_secretary as test_follow_up_evidence_in_the_bucket,
)
from tests.monitoring.test_views import rounds
from tests.monitoring.test_views import (
    test_report_download_for_readers_only as test_report_documents_are_built_into_the_bucket,
)
from tests.progress.conftest import world
from tests.progress.photos import jpeg

BUCKET = "pramoen-test"
__all__ = [  # the imported fixtures and tests, collected here
    "catalogue",
    "demo_round",
    "draft_round",
    "english_messages",
    "rounds",
    "sheet1",
    "test_a_job_reads_its_upload_from_the_bucket",
    "test_appeal_documents_in_the_bucket",
    "test_follow_up_evidence_in_the_bucket",
    "test_report_documents_are_built_into_the_bucket",
    "world",
    "year",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    ).create_bucket(Bucket=BUCKET)
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def in_the_bucket(s3_endpoint: str, settings: Any, monkeypatch: Any, request: Any) -> Iterator[None]:
    """Default storage is the bucket, under a prefix of this test's own; the local disk refuses writes.
    Every test here must have stored something in the bucket by its end."""
    prefix = f"run/{request.node.name}"
    env = {
        "PRAMOEN_S3_BUCKET": BUCKET,
        "PRAMOEN_S3_ENDPOINT_URL": s3_endpoint,
        "PRAMOEN_S3_PREFIX": prefix,
        "PRAMOEN_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_config(env)}

    def no_local_files(self: Any, name: str, content: Any) -> str:
        raise AssertionError(f"{name} was written to the local disk, not to the bucket")

    monkeypatch.setattr(FileSystemStorage, "_save", no_local_files)
    assert default_storage.__class__.__module__.startswith("storages.")
    yield
    assert _keys(s3_endpoint, prefix + "/"), f"nothing was stored in the bucket under {prefix}/"


def _keys(endpoint: str, prefix: str) -> list[str]:
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])]


def test_the_settings_choose_the_bucket_only_when_it_is_named():
    assert default_storage_config({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    config = default_storage_config(
        {"PRAMOEN_S3_BUCKET": "b", "PRAMOEN_S3_ENDPOINT_URL": "https://minio:9000"}
    )
    assert config["BACKEND"] == S3
    assert config["OPTIONS"]["default_acl"] is None and config["OPTIONS"]["querystring_auth"] is True
    assert config["OPTIONS"]["addressing_style"] == "path"
    assert "addressing_style" not in default_storage_config({"PRAMOEN_S3_BUCKET": "b"})["OPTIONS"]
    default_storage.save("probe.txt", io.BytesIO(b"x"))  # so that the fixture finds something kept


def test_evidence_goes_to_the_bucket_and_comes_back_only_to_those_who_may_see_it(
    world, personas, client_for, s3_endpoint, request
):
    report = progress_services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3
    )
    staff = client_for("bangrak.staff")
    photo = SimpleUploadedFile("ทางเท้า.jpg", jpeg(lat=13.7262, lon=100.5235), content_type="image/jpeg")
    pdf = SimpleUploadedFile("บันทึก.pdf", b"%PDF-1.4 evidence in the bucket", content_type="application/pdf")
    for upload in (photo, pdf):
        response = staff.post(f"/progress/reports/{report.pk}/evidence/", {"file": upload})
        assert response.status_code == 302
    photo_item, pdf_item = Evidence.objects.filter(report=report).order_by("pk")
    stored = _keys(s3_endpoint, f"run/{request.node.name}/")
    for field in (photo_item.file, photo_item.thumbnail, pdf_item.file):
        assert f"run/{request.node.name}/{field.name}" in stored

    full = staff.get(f"/progress/evidence/{photo_item.pk}/full/")
    assert full.status_code == 200 and full["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(b"".join(full.streaming_content)))
    assert dict(image.getexif()) == {}  # the location was read, then the file kept without EXIF
    thumb = staff.get(f"/progress/evidence/{photo_item.pk}/thumb/")
    assert (
        thumb.status_code == 200
        and max(Image.open(io.BytesIO(b"".join(thumb.streaming_content))).size) <= 400
    )
    document = staff.get(f"/progress/evidence/{pdf_item.pk}/full/")
    assert b"".join(document.streaming_content) == b"%PDF-1.4 evidence in the bucket"
    assert "attachment" in document["Content-Disposition"]

    other = client_for("sathon.staff")  # another district office
    for url in (f"/progress/evidence/{photo_item.pk}/full/", f"/progress/evidence/{pdf_item.pk}/full/"):
        refused = other.get(url)
        assert refused.status_code in (403, 404)
        assert b"evidence in the bucket" not in refused.content
    assert client_for("eval.officer").get(f"/progress/evidence/{pdf_item.pk}/full/").status_code == 200
