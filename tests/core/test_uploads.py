"""Upload limits checked before decoding: an image's pixel count from its header, a ZIP's expansion."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pramoen.core.errors import ApplicationError
from pramoen.core.uploads import MAX_IMAGE_PIXELS, check_image, check_zip
from pramoen.feeds.services.services import service_records_import
from pramoen.progress.models import Evidence, ProgressReport


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (their ids)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels in a few hundred bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def zip_bomb(member: str = "xl/sharedStrings.xml", mb: int = 20) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(member, b"\0" * (mb * 1024 * 1024))
    return buffer.getvalue()


def test_a_144_megapixel_image_is_refused_from_its_header():
    data = png_header_only(12_000, 12_000)
    assert len(data) < 1000
    with pytest.raises(ApplicationError, match="megapixels"):
        check_image(data, "big.png")
    with pytest.raises(ApplicationError, match="megapixels"):
        check_image(png_header_only(8_000, 8_000), "64mp.png")  # between our limit and Pillow's
    check_image(png_header_only(4000, 3000), "camera.png")  # 12 MP: a phone photo passes
    assert MAX_IMAGE_PIXELS < 12_000 * 12_000


def test_a_zip_that_expands_a_thousand_times_is_refused():
    bomb = zip_bomb()
    assert len(bomb) < 100_000
    with pytest.raises(ApplicationError, match="MB"):
        check_zip(bomb, "bomb.xlsx")
    check_zip(b"not a zip at all", "x.csv")


@pytest.mark.django_db
def test_the_service_import_refuses_the_bomb_with_a_message(personas):
    with pytest.raises(ApplicationError, match=r"bomb\.xlsx"):
        service_records_import(actor=None, upload=zip_bomb(), filename="bomb.xlsx")


def test_evidence_refuses_the_huge_picture_and_the_bomb(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = client_for("bangrak.staff")
    assert staff.post(f"/progress/open/{world.sidewalks.pk}/Q3/").status_code == 302
    report = ProgressReport.objects.get(assignment=world.sidewalks, period=world.q3)
    for name, data in (("big.png", png_header_only(12_000, 12_000)), ("bomb.xlsx", zip_bomb("xl/a.xml"))):
        response = staff.post(
            f"/progress/reports/{report.pk}/evidence/", {"file": SimpleUploadedFile(name, data)}, follow=True
        )
        assert response.status_code == 200
    assert Evidence.objects.count() == 0
    refused = client_for("sathon.staff").post(
        f"/progress/reports/{report.pk}/evidence/", {"file": SimpleUploadedFile("a.png", b"x")}
    )
    assert refused.status_code == 403


@pytest.fixture
def world(personas):
    from tests.progress.conftest import build_world

    return build_world()
