"""Evidence you can trust: a photo's capture time from its EXIF, which notices a photo taken long before the
period it is reported for, and a perceptual hash that notices the same photo sent twice — in another report
of the agency or by another agency.  All are flags for the reviewers; none refuses the upload (a photo may
rightly be reused, and a camera's clock may be wrong)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from PIL import Image

from pramoen.progress.models import Evidence

# two hashes this close (of 64 bits) are the same photo, re-saved, resized or lightly edited
SAME_PHOTO_BITS = 6
# a photo taken more than this many days before its report's period begins is flagged: a report shows the
# period's work, and a month's grace keeps the preparation just before it (a site surveyed the month before)
EARLY_PHOTO_DAYS = 30
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_DATETIME_DIGITIZED = 0x9004
_DATETIME = 0x0132


def taken_at(image: Image.Image) -> dt.datetime | None:
    """When the photo was taken (EXIF DateTimeOriginal, else DateTimeDigitized or DateTime), read as
    Bangkok time (EXIF stores the camera's local time without a zone)."""
    try:
        exif = image.getexif()
        sub = exif.get_ifd(_EXIF_IFD)
    except Exception:  # malformed EXIF: no capture time
        return None
    for raw in (sub.get(_DATETIME_ORIGINAL), sub.get(_DATETIME_DIGITIZED), exif.get(_DATETIME)):
        if not raw:
            continue
        try:
            moment = dt.datetime.strptime(str(raw).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
        except ValueError:
            continue
        return timezone.make_aware(moment, timezone.get_default_timezone())
    return None


def difference_hash(image: Image.Image) -> str:
    """64-bit dHash: each bit says whether a pixel is brighter than its right neighbour on a 9×8 grey
    thumbnail — stable under re-encoding, resizing and small edits."""
    grey = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = grey.tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (pixels[row * 9 + col] > pixels[row * 9 + col + 1])
    return f"{bits:016x}"


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def earlier_same_photo(evidence: Evidence) -> Evidence | None:
    """The earliest photo of another report whose hash is within SAME_PHOTO_BITS of this one's."""
    if not evidence.phash:
        return None
    candidates = (
        Evidence.objects.filter(kind=Evidence.Kind.PHOTO)
        .exclude(phash="")
        .exclude(report_id=evidence.report_id)
        .order_by("uploaded_at", "pk")
        .values_list("pk", "phash")
    )
    for pk, other in candidates.iterator():
        if distance(evidence.phash, other) <= SAME_PHOTO_BITS:
            return Evidence.objects.select_related("report__assignment__agency", "report__period").get(pk=pk)
    return None


@dataclass(frozen=True)
class PhotoFlags:
    days_before_period: int | None  # taken this many days before the period began, when over EARLY_PHOTO_DAYS
    same_as: Evidence | None
    other_agency: bool


def days_before_period(taken: dt.datetime | None, period_start: dt.date) -> int | None:
    """How many days before ``period_start`` the photo was taken (Bangkok date), when that is more than
    EARLY_PHOTO_DAYS; else None (no capture time, taken in or just before the period, or after it)."""
    if taken is None:
        return None
    days = (period_start - timezone.localtime(taken).date()).days
    return days if days > EARLY_PHOTO_DAYS else None


def flags_of(evidence: Evidence) -> PhotoFlags:
    report = evidence.report
    early = days_before_period(evidence.taken_at, report.period.start)
    same = evidence.same_as
    other_agency = bool(same and same.report.assignment.agency_id != report.assignment.agency_id)
    return PhotoFlags(early, same, other_agency)
