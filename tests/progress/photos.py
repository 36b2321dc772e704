"""Photos made on the spot with Pillow: a JPEG with (or without) GPS EXIF and a camera maker tag."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw
from PIL.TiffImagePlugin import IFDRational


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600 * 100)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100)


def jpeg(
    *,
    lat: float | None = None,
    lon: float | None = None,
    size: tuple[int, int] = (640, 480),
    taken: str | None = None,
    seed: int = 0,
) -> bytes:
    """``taken`` is an EXIF time ("2024:03:05 09:30:00"); ``seed`` draws a different picture."""
    image = Image.new("RGB", size, (30, 120, 200))
    if seed:
        rng = random.Random(seed)
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            draw.rectangle((x, y, x + size[0] // 3, y + size[1] // 3), fill=colour)
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken
    exif[0x010F] = "SecretCam"  # Make: must not survive the upload
    exif[0x0131] = "owner-phone-1234"  # Software
    if lat is not None and lon is not None:
        gps = exif.get_ifd(0x8825)
        gps[1] = "N" if lat >= 0 else "S"
        gps[2] = _dms(abs(lat))
        gps[3] = "E" if lon >= 0 else "W"
        gps[4] = _dms(abs(lon))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()
