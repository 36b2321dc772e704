"""Limits checked on an uploaded file *before* it is decoded, so a small file cannot make a server
process grow by hundreds of megabytes:

- an image's pixel count is read from its header (Pillow opens lazily) and refused above
  ``MAX_IMAGE_PIXELS`` (50 MP — a 144 MP PNG of 140 KB used to grow a worker from 127 to 742 MB);
- a ZIP container (XLSX, DOCX) is refused when its members would expand beyond ``MAX_ZIP_BYTES`` in
  all, any member beyond ``MAX_ZIP_RATIO`` times its compressed size, or it holds more than
  ``MAX_ZIP_MEMBERS`` files (a 310 KB XLSX that expanded to 300 MB used to add 860 MB).

Both raise ``ApplicationError`` with a message for the person who uploaded the file.
"""

from __future__ import annotations

import io
import warnings
import zipfile

from django.utils.translation import gettext as _
from PIL import Image

from pramoen.core.errors import ApplicationError

MAX_IMAGE_PIXELS = 50_000_000
MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200  # real sheets compress 10–50 times; the bomb of issue 22 about 1,000
MAX_ZIP_MEMBERS = 2_000

# Pillow's own guard (a warning above, an error at twice this): set to ours, for every image any
# library opens in this process.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def check_image(data: bytes, name: str) -> None:
    """Refuse an image of more than ``MAX_IMAGE_PIXELS`` — from its header, before any pixel is decoded."""
    too_many = _("%(name)s: the picture has more than %(mp)d megapixels; it cannot be accepted.") % {
        "name": name,
        "mp": MAX_IMAGE_PIXELS // 1_000_000,
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own check at twice the limit
        raise ApplicationError(too_many, {"field": "file", "reason": "too_many_pixels"}) from None
    except (OSError, ValueError):
        raise ApplicationError(
            _("%(name)s: the picture cannot be read.") % {"name": name}, {"field": "file"}
        ) from None
    if width * height > MAX_IMAGE_PIXELS:
        raise ApplicationError(
            _("%(name)s: the picture is %(w)d × %(h)d pixels; at most %(mp)d megapixels are accepted.")
            % {"name": name, "w": width, "h": height, "mp": MAX_IMAGE_PIXELS // 1_000_000},
            {"field": "file", "reason": "too_many_pixels"},
        )


def check_zip(data: bytes, name: str) -> None:
    """Refuse a ZIP (XLSX, DOCX) that would expand too far; a file that is not a ZIP passes (the reader
    that follows says what it is not)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    too_big = _("%(name)s expands to more than %(mb)d MB; it cannot be read.") % {
        "name": name,
        "mb": MAX_ZIP_BYTES // (1024 * 1024),
    }
    if len(members) > MAX_ZIP_MEMBERS:
        raise ApplicationError(
            _("%(name)s holds more than %(n)d files; it cannot be read.")
            % {"name": name, "n": MAX_ZIP_MEMBERS},
            {"field": "file", "reason": "zip_members"},
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_ZIP_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_ZIP_RATIO):
            raise ApplicationError(too_big, {"field": "file", "reason": "zip_bomb"})
