"""A photo's capture time is kept; the same photo sent again, or taken long before its period, is flagged."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from pramoen.progress import services
from pramoen.progress.evidence import evidence_add
from pramoen.progress.inputs import ReportInput
from pramoen.progress.photo_checks import EARLY_PHOTO_DAYS, difference_hash, distance, flags_of
from tests.progress.photos import jpeg


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _report(world, personas, assignment=None, username="bangrak.staff"):
    return services.report_open(
        actor=personas[username], assignment=assignment or world.sidewalks, period=world.q3
    )


def _add(report, personas, data, username="bangrak.staff", name="p.jpg"):
    return evidence_add(
        actor=personas[username],
        report=report,
        upload=SimpleUploadedFile(name, data, content_type="image/jpeg"),
    )


def test_the_capture_time_is_kept_although_the_metadata_is_stripped(world, personas):
    item = _add(_report(world, personas), personas, jpeg(taken="2024:03:05 09:30:00", seed=1))
    assert timezone.localtime(item.taken_at).replace(tzinfo=None) == dt.datetime(2024, 3, 5, 9, 30)
    stored = Image.open(item.file.open("rb"))
    assert not stored.getexif()  # nothing of the original metadata is in the stored file
    assert flags_of(item).days_before_period is None  # 27 days before Q3 (1 April 2024) began
    assert _add(_report(world, personas), personas, jpeg(seed=3), name="none.jpg").taken_at is None


@pytest.mark.parametrize(
    ("taken", "flagged"),
    [
        ("2024:03:02 18:00:00", None),  # 30 days before the period began: the month of preparation allowed
        ("2024:03:01 23:59:00", 31),  # a day more: flagged, with how long before
        ("2023:11:20 08:00:00", 133),  # in the fiscal year, long before the period
        ("2024:05:10 10:00:00", None),  # in the period
        ("2024:07:05 10:00:00", None),  # after it (a report is sent after its period ends)
    ],
)
def test_a_photo_taken_long_before_its_period_is_flagged_with_how_long(world, personas, taken, flagged):
    item = _add(_report(world, personas), personas, jpeg(taken=taken, seed=5))
    assert world.q3.start == dt.date(2024, 4, 1) and EARLY_PHOTO_DAYS == 30
    assert flags_of(item).days_before_period == flagged


def test_the_same_photo_in_another_agencys_report_is_flagged_not_refused(world, personas):
    photo = jpeg(seed=7)
    first = _add(_report(world, personas), personas, photo)
    assert first.same_as is None
    # re-encoded smaller by someone else: still the same picture
    image = Image.open(io.BytesIO(photo))
    image.thumbnail((320, 240))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=60)
    sathon = _report(world, personas, world.sathon_sidewalks, "sathon.staff")
    again = _add(sathon, personas, out.getvalue(), "sathon.staff")
    assert again.pk and again.same_as == first
    assert flags_of(again).other_agency
    different = _add(sathon, personas, jpeg(seed=8), "sathon.staff", "other.jpg")
    assert different.same_as is None


def test_the_reviewer_sees_the_flag_on_the_report_page(world, personas, client_for):
    _add(
        _report(world, personas, world.sathon_sidewalks, "sathon.staff"),
        personas,
        jpeg(seed=11),
        "sathon.staff",
    )
    bangrak = _report(world, personas)
    _add(bangrak, personas, jpeg(seed=11))
    _add(bangrak, personas, jpeg(taken="2024:01:15 09:00:00", seed=12), name="early.jpg")
    # the host's reviewer reads it once บางรัก's head has submitted it (docs/roles.md)
    figures = ReportInput(numerator=Decimal(85), denominator=Decimal(100))
    bangrak = services.report_save(
        actor=personas["bangrak.staff"], report=bangrak, version=bangrak.version, data=figures
    )
    bangrak = services.report_send_to_head(
        actor=personas["bangrak.staff"], report=bangrak, version=bangrak.version
    )
    services.report_submit(actor=personas["bangrak.head"], report=bangrak, version=bangrak.version)
    page = client_for("publicworks.reviewer").get(f"/progress/reports/{bangrak.pk}/").content.decode()
    assert 'data-testid="reused"' in page and "สำนักงานเขตสาทร" in page
    assert page.count('data-testid="taken-before"') == 1 and "ถ่ายก่อนเริ่มรอบรายงาน 77 วัน" in page


def test_the_hash_distance_counts_differing_bits():
    assert distance("ffffffffffffffff", "fffffffffffffffe") == 1
    assert distance("0000000000000000", "ffffffffffffffff") == 64
    solid = Image.new("RGB", (50, 50), (10, 10, 10))
    assert difference_hash(solid) == "0000000000000000"
