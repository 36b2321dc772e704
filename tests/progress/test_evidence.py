"""Evidence: content-type and size checks, EXIF GPS read and nothing else kept, map fallback."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pramoen.core.errors import ApplicationError
from pramoen.progress import evidence, services
from tests.progress.photos import jpeg


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report(world, personas):
    return services.report_open(actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3)


def test_a_photo_with_gps_keeps_only_the_location(report, personas):
    upload = SimpleUploadedFile("ทางเท้า.jpg", jpeg(lat=13.7262, lon=100.5235), content_type="image/jpeg")
    item = evidence.evidence_add(actor=personas["bangrak.staff"], report=report, upload=upload)
    assert (item.latitude, item.longitude) == (Decimal("13.726200"), Decimal("100.523500"))
    assert item.location_source == "exif" and item.kind == "photo"
    stored = Image.open(io.BytesIO(item.file.read()))
    assert dict(stored.getexif()) == {}  # no camera maker, software or GPS block left in the file
    assert b"SecretCam" not in item.file.open("rb").read()
    thumb = Image.open(item.thumbnail.open("rb"))
    assert max(thumb.size) <= evidence.THUMB_SIDE


def test_a_photo_without_gps_takes_the_point_picked_on_the_map(report, personas):
    upload = SimpleUploadedFile("site.jpeg", jpeg(), content_type="image/jpeg")
    item = evidence.evidence_add(actor=personas["bangrak.staff"], report=report, upload=upload)
    assert item.latitude is None and item.location_source == ""
    item = evidence.evidence_set_location(
        actor=personas["bangrak.staff"], evidence=item, latitude="13.7300", longitude="100.5200"
    )
    assert item.location_source == "map" and item.latitude == Decimal("13.73")
    with pytest.raises(ApplicationError, match=r"outside|นอก"):
        evidence.evidence_set_location(
            actor=personas["bangrak.staff"], evidence=item, latitude="18.8", longitude="98.9"
        )


SATHON = ("13.7136", "100.5271")  # inside Bangkok, in Sathon, outside Bang Rak


def test_a_district_office_picks_a_point_inside_its_own_district(report, personas):
    upload = SimpleUploadedFile("site.jpeg", jpeg(), content_type="image/jpeg")
    item = evidence.evidence_add(actor=personas["bangrak.staff"], report=report, upload=upload)
    with pytest.raises(ApplicationError) as err:
        evidence.evidence_set_location(
            actor=personas["bangrak.staff"], evidence=item, latitude=SATHON[0], longitude=SATHON[1]
        )
    assert err.value.message.startswith(("location:", "ตำแหน่ง:"))
    assert "บางรัก" in err.value.message or "Bang Rak" in err.value.message
    assert err.value.extra == {"field": "location", "reason": "outside_district", "district": 1004}
    item.refresh_from_db()
    assert item.latitude is None
    # the same point is refused when it comes with the upload, and nothing is stored
    with pytest.raises(ApplicationError, match=r"outside|นอก"):
        evidence.evidence_add(
            actor=personas["bangrak.staff"],
            report=report,
            upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 x"),
            latitude=SATHON[0],
            longitude=SATHON[1],
        )
    assert report.evidence.count() == 1


def test_a_photos_own_gps_outside_the_district_is_kept_but_flagged(report, personas, client_for):
    inside = evidence.evidence_add(
        actor=personas["bangrak.staff"],
        report=report,
        upload=SimpleUploadedFile("a.jpg", jpeg(lat=13.7262, lon=100.5235), content_type="image/jpeg"),
    )
    outside = evidence.evidence_add(
        actor=personas["bangrak.staff"],
        report=report,
        upload=SimpleUploadedFile("b.jpg", jpeg(lat=float(SATHON[0]), lon=float(SATHON[1]))),
    )
    far = evidence.evidence_add(
        actor=personas["bangrak.staff"],
        report=report,
        upload=SimpleUploadedFile("c.jpg", jpeg(lat=18.79, lon=98.98)),  # Chiang Mai
    )
    assert (inside.location_outside, outside.location_outside, far.location_outside) == (False, True, True)
    assert outside.location_source == "exif" and outside.latitude == Decimal("13.713600")
    page = client_for("bangrak.staff").get(f"/progress/reports/{report.pk}/").content.decode()
    assert page.count('data-testid="location-outside"') == 2


def test_an_agency_without_a_district_may_pick_anywhere_in_bangkok(world, personas):
    from pramoen.orgs.models import Role, RoleAssignment

    staff = personas["publicworks.reviewer"]
    RoleAssignment.objects.create(user=staff, role=Role.REPORTER, agency=world.sidewalks_host.agency)
    report = services.report_open(actor=staff, assignment=world.sidewalks_host, period=world.q3)
    item = evidence.evidence_add(
        actor=staff,
        report=report,
        upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 x"),
        latitude=SATHON[0],
        longitude=SATHON[1],
    )
    assert (item.latitude, item.longitude) == (Decimal("13.713600"), Decimal("100.527100"))
    with pytest.raises(ApplicationError) as err:
        evidence.evidence_set_location(actor=staff, evidence=item, latitude="18.8", longitude="98.9")
    assert err.value.extra == {"field": "location", "reason": "outside"}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows program renamed
        ("photo.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),  # a Linux program renamed
        ("notes.txt", b"hello"),
        ("scan.pdf", jpeg()),  # a photo named as a PDF
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(report, personas, name, data):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    with pytest.raises(ApplicationError) as err:
        evidence.evidence_add(actor=personas["bangrak.staff"], report=report, upload=upload)
    assert name in err.value.message
    assert not report.evidence.exists()


def test_it_refuses_a_file_over_the_size_limit(report, personas, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_BYTES", 1000)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 2000)
    with pytest.raises(ApplicationError, match="MB"):
        evidence.evidence_add(actor=personas["bangrak.staff"], report=report, upload=upload)


def test_a_pdf_is_kept_as_is_and_other_agencies_may_not_add(report, personas):
    pdf = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    item = evidence.evidence_add(
        actor=personas["bangrak.staff"],
        report=report,
        upload=SimpleUploadedFile("สรุป.pdf", pdf),
        latitude="13.72",
        longitude="100.52",
    )
    assert item.kind == "document" and item.file.open("rb").read() == pdf and item.location_source == "map"
    for username in ("sathon.staff", "publicworks.reviewer", "executive"):
        with pytest.raises(PermissionDenied):
            evidence.evidence_add(
                actor=personas[username], report=report, upload=SimpleUploadedFile("a.pdf", pdf)
            )


def test_no_evidence_is_added_in_a_locked_period(report, personas, world):
    from pramoen.progress import periods

    periods.period_lock(actor=personas["eval.officer"], period=world.q3, locked=True)
    with pytest.raises(ApplicationError):
        evidence.evidence_add(
            actor=personas["bangrak.staff"], report=report, upload=SimpleUploadedFile("a.jpg", jpeg())
        )
