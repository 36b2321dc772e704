"""Report formats: each registers under its key and turns a ``RoundReport`` into bytes.

DOCX (``render_docx.py``, python-docx) uses TH Sarabun New 16 pt, the Thai government's document
font, which Word installations in the BMA have.  PDF (WeasyPrint) embeds Sarabun from the
``fontpkg-sarabun`` package, patched so its text layer is right (``core/pdf_fonts.py``), with line breaks
only between Thai words (``thaiwrap.py``); the web version loads the same faces over HTTP from
``/monitoring/fonts/``.  Sarabun draws larger than TH Sarabun New at the same size: 12 pt Sarabun
matches the height of 16 pt TH Sarabun New.

Margins follow the government's correspondence rules (ระเบียบงานสารบรรณ): 3 cm left, 2.5 cm top,
2 cm right and bottom, changeable with ``PRAMOEN_REPORT_MARGINS_CM="top,right,bottom,left"`` or the
report command's ``--margins``.  Page numbers are in Thai digits in both PDF and DOCX.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.urls import reverse

from pramoen.core.pdf_fonts import SOURCE_DIR, pdf_font_dir
from pramoen.monitoring.report import EMPTY, OBSERVATIONS_TH, TABLE_HEADINGS_TH, RoundReport

FONT_DIR = SOURCE_DIR
PDF_SIZE_PT = 12


@dataclass(frozen=True)
class Margins:
    """Page margins in centimetres."""

    top: float = 2.5
    right: float = 2.0
    bottom: float = 2.0
    left: float = 3.0

    @property
    def css(self) -> str:
        return f"{self.top}cm {self.right}cm {self.bottom}cm {self.left}cm"

    @classmethod
    def parse(cls, value: str, *, source: str = "margins") -> Margins:
        """``"2.5,2,2,3"`` (top, right, bottom, left, in cm, as CSS orders them)."""
        try:
            parts = [float(p) for p in value.replace(" ", "").split(",")]
        except ValueError as exc:
            raise ValueError(f"{source}: {value!r} is not four numbers such as 2.5,2,2,3") from exc
        if len(parts) != 4 or any(not 0 <= p <= 8 for p in parts):
            raise ValueError(
                f"{source}: {value!r} must be four margins in cm (top,right,bottom,left), 0-8 each"
            )
        return cls(*parts)


def default_margins() -> Margins:
    raw = os.environ.get("PRAMOEN_REPORT_MARGINS_CM", "")
    if not raw.strip():
        return Margins()
    try:
        return Margins.parse(raw, source="PRAMOEN_REPORT_MARGINS_CM")
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from exc


@dataclass(frozen=True)
class Format:
    key: str
    content_type: str
    extension: str
    render: Callable[[RoundReport, Margins], bytes]


FORMATS: dict[str, Format] = {}


def register(
    key: str, content_type: str, extension: str
) -> Callable[[Callable[[RoundReport, Margins], bytes]], Callable]:
    def wrap(fn: Callable[[RoundReport, Margins], bytes]) -> Callable[[RoundReport, Margins], bytes]:
        FORMATS[key] = Format(key, content_type, extension, fn)
        return fn

    return wrap


def render(report: RoundReport, fmt: str, *, margins: Margins | None = None) -> bytes:
    return FORMATS[fmt].render(report, margins or default_margins())


# --- HTML and PDF ---------------------------------------------------------------------------------


def _html(report: RoundReport, *, margins: Margins, font_base: str, pdf: bool) -> str:
    return render_to_string(
        "monitoring/report_document.html",
        {
            "report": report,
            "headings": TABLE_HEADINGS_TH,
            "observations_heading": OBSERVATIONS_TH,
            "empty": EMPTY,
            "font_base": font_base,
            "font_size_pt": PDF_SIZE_PT,
            "margins": margins,
            "wrap_words": pdf,
        },
    )


@register("html", "text/html; charset=utf-8", "html")
def render_html(report: RoundReport, margins: Margins) -> bytes:
    """The web version: the fonts come from ``/monitoring/fonts/`` over HTTP (browsers refuse file URLs)."""
    base = reverse("monitoring:font", args=["Sarabun-Regular.ttf"]).removesuffix("Sarabun-Regular.ttf")
    return _html(report, margins=margins, font_base=base, pdf=False).encode("utf-8")


@register("pdf", "application/pdf", "pdf")
def render_pdf(report: RoundReport, margins: Margins) -> bytes:
    """Marks are placed by the font's own glyph variants (GPOS mark positioning off): WeasyPrint draws
    a positioned mark with a text rise, which text extraction reads as a separate line."""
    for name in ("weasyprint", "weasyprint.progress"):  # its progress lines are not our users' concern
        logging.getLogger(name).setLevel(logging.WARNING)
    from weasyprint import HTML

    fonts = pdf_font_dir()
    html = _html(report, margins=margins, font_base=fonts.as_uri() + "/", pdf=True)
    return HTML(string=html, base_url=str(fonts)).write_pdf()


from pramoen.monitoring import render_docx  # noqa: E402,F401  (registers "docx")
