"""Evidence files: checked by their content (not their name) and size; photos are re-encoded without
their metadata — only the GPS position and the capture time are read from EXIF and kept — and get a
thumbnail and a perceptual hash (see photo_checks)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from shapely.geometry import Point, shape

from pramoen.core.errors import ApplicationError
from pramoen.core.uploads import check_image, check_zip
from pramoen.orgs.models import District
from pramoen.orgs.policy import Action, require
from pramoen.progress import periods, photo_checks
from pramoen.progress.models import Evidence, ProgressReport

MAX_BYTES = int(getattr(settings, "PRAMOEN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
PHOTO_MAX_SIDE = 2400
THUMB_SIDE = 320
# Bangkok with a margin: a location outside is a typing or GPS error
BANGKOK = (Decimal("13.45"), Decimal("14.05"), Decimal("100.30"), Decimal("100.98"))

# detected type → (kind, content type, extensions allowed for it)
TYPES: dict[str, tuple[str, str, frozenset[str]]] = {
    "jpeg": ("photo", "image/jpeg", frozenset({".jpg", ".jpeg"})),
    "png": ("photo", "image/png", frozenset({".png"})),
    "pdf": ("document", "application/pdf", frozenset({".pdf"})),
    "docx": (
        "document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        frozenset({".docx"}),
    ),
    "xlsx": (
        "document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        frozenset({".xlsx"}),
    ),
}


def _error(reason: str, name: str) -> ApplicationError:
    return ApplicationError(
        _("File “%(name)s”: %(reason)s") % {"name": name[:80], "reason": reason},
        {"field": "file", "reason": reason},
    )


def sniff(head: bytes, data: bytes) -> str | None:
    """The file's real type from its first bytes, or None when it is none of the accepted types."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        check_zip(data, "")
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def _rational(value: Any) -> Decimal:
    if isinstance(value, tuple):  # (numerator, denominator) in older EXIF writers
        return Decimal(value[0]) / Decimal(value[1] or 1)
    return Decimal(str(float(value)))


def gps_from_exif(image: Image.Image) -> tuple[Decimal, Decimal] | None:
    """Latitude and longitude in degrees from the photo's EXIF GPS block, if it has one."""
    try:
        gps = image.getexif().get_ifd(0x8825)
    except Exception:  # malformed EXIF: treat as no location
        return None
    if not gps or 2 not in gps or 4 not in gps:
        return None
    try:
        lat = sum((_rational(v) / Decimal(60) ** i for i, v in enumerate(gps[2])), Decimal(0))
        lon = sum((_rational(v) / Decimal(60) ** i for i, v in enumerate(gps[4])), Decimal(0))
    except (TypeError, ValueError, ZeroDivisionError, InvalidOperation):
        return None
    if str(gps.get(1, "N")).upper().startswith("S"):
        lat = -lat
    if str(gps.get(3, "E")).upper().startswith("W"):
        lon = -lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def _in_bangkok(lat: Decimal, lon: Decimal) -> bool:
    south, north, west, east = BANGKOK
    return south <= lat <= north and west <= lon <= east


def _district_missed(lat: Decimal, lon: Decimal, agency_id: int | None) -> District | None:
    """The district office's own district when the point lies outside it (None: inside, or no district)."""
    district = District.objects.filter(office_id=agency_id).first() if agency_id is not None else None
    if district is not None and not shape(district.boundary).covers(Point(float(lon), float(lat))):
        return district
    return None


def outside_area(lat: Decimal, lon: Decimal, agency_id: int | None) -> bool:
    """True when a point lies outside Bangkok, or outside the district of a district office."""
    return not _in_bangkok(lat, lon) or _district_missed(lat, lon, agency_id) is not None


def parse_location(
    latitude: Any, longitude: Any, *, agency_id: int | None = None
) -> tuple[Decimal, Decimal] | None:
    """A point picked on the map: inside Bangkok, and for a district office inside its own district."""
    if latitude in (None, "") and longitude in (None, ""):
        return None
    try:
        lat, lon = Decimal(str(latitude)), Decimal(str(longitude))
    except InvalidOperation:
        raise ApplicationError(_("location: pick a point on the map."), {"field": "location"}) from None
    if not _in_bangkok(lat, lon):
        raise ApplicationError(
            _("location: %(lat)s, %(lon)s is outside Bangkok.") % {"lat": lat, "lon": lon},
            {"field": "location", "reason": "outside"},
        )
    district = _district_missed(lat, lon, agency_id)
    if district is not None:
        raise ApplicationError(
            _("location: %(lat)s, %(lon)s is outside %(district)s, the district of this report's agency.")
            % {"lat": lat, "lon": lon, "district": district.name},
            {"field": "location", "reason": "outside_district", "district": district.code},
        )
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    thumbnail: bytes
    location: tuple[Decimal, Decimal] | None
    taken_at: dt.datetime | None = None
    phash: str = ""


def clean_photo(data: bytes, name: str) -> CleanPhoto:
    """Read the GPS position, then re-encode the pixels only: no camera, owner or time metadata is kept."""
    check_image(data, name)  # the pixel count from the header, before anything is decoded
    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _error(_("the picture cannot be read."), name) from None
    location = gps_from_exif(image)
    taken = photo_checks.taken_at(image)
    image = ImageOps.exif_transpose(image) or image
    image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)  # no exif= argument: nothing of the original metadata survives
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    thumb_out = io.BytesIO()
    thumb.save(thumb_out, "JPEG", quality=80)
    return CleanPhoto(
        out.getvalue(), thumb_out.getvalue(), location, taken, photo_checks.difference_hash(image)
    )


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    report: ProgressReport,
    upload: UploadedFile,
    caption: str = "",
    latitude: Any = None,
    longitude: Any = None,
) -> Evidence:
    require(actor, Action.EDIT_AGENCY_DATA, agency=report.assignment.agency_id)
    if not report.editable_status:
        raise ApplicationError(_("Evidence can be added only while the report is with the agency."))
    periods.require_open(report.period, report.assignment.agency)
    name = PurePath(upload.name or "file").name
    if upload.size is None or upload.size > MAX_BYTES:
        raise _error(_("larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}, name)
    if upload.size == 0:
        raise _error(_("the file is empty."), name)
    data = upload.read()
    kind = sniff(data[:16], data)
    if kind is None:
        raise _error(_("only photos (JPEG, PNG) and documents (PDF, DOCX, XLSX) are accepted."), name)
    evidence_kind, content_type, extensions = TYPES[kind]
    if PurePath(name).suffix.lower() not in extensions:
        raise _error(_("its content does not match its name (%(type)s).") % {"type": kind.upper()}, name)
    picked = parse_location(latitude, longitude, agency_id=report.assignment.agency_id)
    evidence = Evidence(
        report=report,
        kind=evidence_kind,
        original_name=name[:200],
        content_type=content_type,
        caption=caption.strip()[:300],
        uploaded_by=actor,
    )
    stem = PurePath(name).stem[:60] or "file"
    if evidence_kind == "photo":
        photo = clean_photo(data, name)
        location = photo.location or picked
        evidence.location_source = "exif" if photo.location else ("map" if picked else "")
        if photo.location is not None:  # the camera's position is kept as recorded, but flagged
            evidence.location_outside = outside_area(*photo.location, report.assignment.agency_id)
        evidence.taken_at, evidence.phash = photo.taken_at, photo.phash
        evidence.content_type = "image/jpeg"
        evidence.size = len(photo.data)
        evidence.file.save(f"{stem}.jpg", ContentFile(photo.data), save=False)
        evidence.thumbnail.save(f"{stem}.thumb.jpg", ContentFile(photo.thumbnail), save=False)
    else:
        location = picked
        evidence.location_source = "map" if picked else ""
        evidence.size = len(data)
        evidence.file.save(f"{stem}{PurePath(name).suffix.lower()}", ContentFile(data), save=False)
    if location:
        evidence.latitude, evidence.longitude = location
    evidence.same_as = photo_checks.earlier_same_photo(evidence) if evidence_kind == "photo" else None
    evidence.save()
    return evidence


@transaction.atomic
def evidence_set_location(*, actor: Any, evidence: Evidence, latitude: Any, longitude: Any) -> Evidence:
    require(actor, Action.EDIT_AGENCY_DATA, agency=evidence.report.assignment.agency_id)
    location = parse_location(latitude, longitude, agency_id=evidence.report.assignment.agency_id)
    if location is None:
        raise ApplicationError(_("location: pick a point on the map."), {"field": "location"})
    evidence.latitude, evidence.longitude = location
    evidence.location_source = "map"
    evidence.save(update_fields=["latitude", "longitude", "location_source"])
    return evidence


@transaction.atomic
def evidence_delete(*, actor: Any, evidence: Evidence) -> None:
    require(actor, Action.EDIT_AGENCY_DATA, agency=evidence.report.assignment.agency_id)
    if not evidence.report.editable_status:
        raise ApplicationError(_("Evidence can be removed only while the report is with the agency."))
    evidence.file.delete(save=False)
    if evidence.thumbnail:
        evidence.thumbnail.delete(save=False)
    evidence.delete()
