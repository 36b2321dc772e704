"""Report formats: each registers under its key and turns a ``RoundReport`` into bytes.

DOCX (python-docx) uses TH Sarabun New 16 pt, the Thai government's document font, which Word
installations in the BMA have; HTML and PDF (WeasyPrint) embed Sarabun from the ``fontpkg-sarabun``
package through ``@font-face`` file URLs, so no system font is needed.  Sarabun draws larger than TH
Sarabun New at the same size: 12 pt Sarabun matches the height of 16 pt TH Sarabun New.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import fontpkg_sarabun
from django.template.loader import render_to_string

from pramoen.monitoring.report import EMPTY, OBSERVATIONS_TH, TABLE_HEADINGS_TH, LevelBlock, RoundReport

FONT_DIR = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
DOCX_FONT = "TH Sarabun New"
DOCX_SIZE_PT = 16
PDF_SIZE_PT = 12


@dataclass(frozen=True)
class Format:
    key: str
    content_type: str
    extension: str
    render: Callable[[RoundReport], bytes]


FORMATS: dict[str, Format] = {}


def register(
    key: str, content_type: str, extension: str
) -> Callable[[Callable[[RoundReport], bytes]], Callable]:
    def wrap(fn: Callable[[RoundReport], bytes]) -> Callable[[RoundReport], bytes]:
        FORMATS[key] = Format(key, content_type, extension, fn)
        return fn

    return wrap


def render(report: RoundReport, fmt: str) -> bytes:
    return FORMATS[fmt].render(report)


def render_cached(report: RoundReport, fmt: str) -> bytes:
    """``render`` through the cache.  A PDF of the whole round takes seconds; the bytes depend only on
    the report structure, so its digest is the key and any change to the records makes a new one."""
    from django.core.cache import cache

    key = "monitoring-report:" + fmt + ":" + hashlib.sha256(repr(report).encode("utf-8")).hexdigest()
    data = cache.get(key)
    if data is None:
        data = render(report, fmt)
        cache.set(key, data, timeout=24 * 3600)
    return data


# --- HTML and PDF ---------------------------------------------------------------------------------


def _html(report: RoundReport, *, font_size_pt: int) -> str:
    return render_to_string(
        "monitoring/report_document.html",
        {
            "report": report,
            "headings": TABLE_HEADINGS_TH,
            "observations_heading": OBSERVATIONS_TH,
            "empty": EMPTY,
            "font_dir": FONT_DIR.as_uri(),
            "font_size_pt": font_size_pt,
        },
    )


@register("html", "text/html; charset=utf-8", "html")
def render_html(report: RoundReport) -> bytes:
    return _html(report, font_size_pt=PDF_SIZE_PT).encode("utf-8")


@register("pdf", "application/pdf", "pdf")
def render_pdf(report: RoundReport) -> bytes:
    for name in ("weasyprint", "weasyprint.progress"):  # its progress lines are not our users' concern
        logging.getLogger(name).setLevel(logging.WARNING)
    from weasyprint import HTML

    return HTML(string=_html(report, font_size_pt=PDF_SIZE_PT), base_url=str(FONT_DIR)).write_pdf()


# --- DOCX -----------------------------------------------------------------------------------------


@register("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
def render_docx(report: RoundReport) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)

    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(DOCX_SIZE_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), DOCX_FONT)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = rpr.makeelement(qn("w:szCs"), {})
        rpr.append(size_cs)
    size_cs.set(qn("w:val"), str(DOCX_SIZE_PT * 2))
    normal.paragraph_format.space_after = Pt(0)

    def para(
        container,
        text: str = "",
        *,
        bold: bool = False,
        underline: bool = False,
        center: bool = False,
        indent_cm: float = 0.0,
        first_line_cm: float = 0.0,
    ):
        p = container.add_paragraph()
        if text:
            run = p.add_run(text)
            run.bold, run.underline = bold, underline
            if bold:
                run._element.get_or_add_rPr().append(run._element.makeelement(qn("w:bCs"), {}))
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent_cm:
            p.paragraph_format.left_indent = Cm(indent_cm)
        if first_line_cm:
            p.paragraph_format.first_line_indent = Cm(first_line_cm)
        return p

    def numbered(container, number: str, text: str, *, indent_cm: float = 0.0) -> None:
        para(container, f"{number} {text}" if number else text, indent_cm=indent_cm)

    def levels(container, blocks: list[LevelBlock], *, sub_indent: float = 0.5) -> None:
        for block in blocks:
            if block.level:
                para(container, block.level_th, underline=True)
            for line in block.lines:
                numbered(container, line.number, line.text)
                for sub in line.sub_items:
                    para(container, sub, indent_cm=sub_indent)

    def fill(cell, blocks_writer) -> None:
        first = cell.paragraphs[0]
        blocks_writer(cell)
        if len(cell.paragraphs) > 1 and not first.text:
            first._element.getparent().remove(first._element)
        elif not first.text:
            first.add_run(EMPTY)
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER

    para(document, report.title, bold=True, center=True)
    para(document, report.subtitle, bold=True, center=True)
    for number, committee in enumerate(report.committees):
        if number:
            document.add_page_break()
        para(document)
        para(document, committee.heading, bold=True)
        para(document, committee.consisting_of)
        para(document)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = (Cm(3.4), Cm(7.8), Cm(5.8))
        for cell, heading, width in zip(table.rows[0].cells, TABLE_HEADINGS_TH, widths, strict=True):
            cell.width = width
            cell.paragraphs[0].add_run(heading).bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        header_props = table.rows[0]._tr.get_or_add_trPr()
        header_props.append(header_props.makeelement(qn("w:tblHeader"), {}))
        for row in committee.rows:
            cells = table.add_row().cells
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
            cells[0].paragraphs[0].add_run(row.heading)

            def write_obstacles(cell, row=row) -> None:
                for aspect in row.obstacles:
                    para(cell, aspect.aspect_th, bold=True)
                    levels(cell, aspect.levels)

            def write_suggestions(cell, row=row) -> None:
                levels(cell, row.suggestions)

            fill(cells[1], write_obstacles)
            fill(cells[2], write_suggestions)
        if committee.observations:
            para(document)
            para(document, OBSERVATIONS_TH, bold=True)
            for block in committee.observations:
                if block.level:
                    para(document, block.level_th.rstrip("ฯ"), bold=True)
                for line in block.lines:
                    para(document, f"{line.number} {line.text}", first_line_cm=1.25)
                    for sub in line.sub_items:
                        para(document, sub, first_line_cm=1.25, indent_cm=1.0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
