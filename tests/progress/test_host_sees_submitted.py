"""Open question of access (issue 22), decided: the host agency's reviewer reads a supporting agency's
report from the moment its head submits it — not while the agency's staff are still writing it (draft) or
the head has not yet submitted it (ready).  The report page, its evidence, the API's detail and list, and
the progress list all follow the one rule (docs/roles.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pramoen.progress import evidence, services
from pramoen.progress.inputs import ReportInput
from pramoen.progress.models import ProgressReport
from tests.progress.photos import jpeg

S = ProgressReport.Status
HOST = "publicworks.reviewer"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def _reads(client_for, username, report, item) -> dict[str, int]:
    client = client_for(username)
    return {
        "page": client.get(f"/progress/reports/{report.pk}/").status_code,
        "evidence": client.get(f"/progress/evidence/{item.pk}/file/").status_code,
        "api": client.get(f"/api/v1/progress/reports/{report.pk}/").status_code,
    }


def _listed(client_for, username, report) -> bool:
    rows = client_for(username).get("/api/v1/progress/reports/", {"page_size": 200}).json()["results"]
    return report.pk in {row["id"] for row in rows}


def test_the_host_reads_a_supporters_report_only_once_it_is_submitted(world, personas, client_for):
    staff, head = personas["bangrak.staff"], personas["bangrak.head"]
    report = services.report_open(actor=staff, assignment=world.sidewalks, period=world.q3)
    report = services.report_save(
        actor=staff, report=report, version=report.version,
        data=ReportInput(numerator=Decimal(80), denominator=Decimal(100), narrative="ร่างของเขต"),
    )  # fmt: skip
    photo = SimpleUploadedFile("หน้างาน.jpg", jpeg(lat=13.7262, lon=100.5235), content_type="image/jpeg")
    item = evidence.evidence_add(actor=staff, report=report, upload=photo)
    allowed = {"page": 200, "evidence": 200, "api": 200}
    refused = {"page": 403, "evidence": 403, "api": 403}

    assert report.status == S.DRAFT
    assert _reads(client_for, HOST, report, item) == refused
    said = client_for(HOST).get(f"/progress/reports/{report.pk}/").content.decode()
    assert "ยังไม่ได้ส่ง" in said  # the page says why, not only that it may not
    assert not _listed(client_for, HOST, report)
    assert _reads(client_for, "bangrak.staff", report, item) == allowed  # the agency's own people read it

    report = services.report_send_to_head(actor=staff, report=report, version=report.version)
    assert report.status == S.READY  # with the head, not yet submitted: still the agency's own
    assert _reads(client_for, HOST, report, item) == refused
    assert not _listed(client_for, HOST, report)
    assert "ร่างของเขต" not in client_for(HOST).get("/progress/?period=Q3").content.decode()

    report = services.report_submit(actor=head, report=report, version=report.version)
    assert report.status in (S.SUBMITTED, S.REVIEWED)
    assert _reads(client_for, HOST, report, item) == allowed
    assert _listed(client_for, HOST, report)

    # sent back for changes after the submission: the host keeps reading what it asked to be changed
    report = services.report_send_back(
        actor=personas["eval.officer"], report=report, version=report.version, comment="แก้ตัวเลข"
    )
    assert report.status == S.RETURNED
    assert _reads(client_for, HOST, report, item) == allowed
    # another district office never reads it, whatever its state
    assert _reads(client_for, "sathon.staff", report, item) == refused
