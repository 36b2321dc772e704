"""The report as DOCX (python-docx): A4, TH Sarabun New 16 pt for Latin and Thai alike, bold and size
set for complex script too (``w:bCs``, ``w:szCs``: Word applies the complex-script properties to Thai),
a table grid whose column widths equal its cells' (Word, LibreOffice and Google Docs then agree), the
header row repeated on each page, headings kept with what follows, and page numbers in Thai digits
(``w:pgNumType w:fmt="thaiNumbers"`` and a ``PAGE`` field in the footer)."""

from __future__ import annotations

import io
from typing import Any

from pramoen.monitoring.render import Margins, register
from pramoen.monitoring.report import EMPTY, OBSERVATIONS_TH, TABLE_HEADINGS_TH, LevelBlock, RoundReport

DOCX_FONT = "TH Sarabun New"
DOCX_SIZE_PT = 16
COLUMN_SHARES = (0.2, 0.46, 0.34)  # องค์ประกอบ | ปัญหา/อุปสรรค | ข้อเสนอแนะ, as the PDF


def _el(parent: Any, tag: str, **attrs: str) -> Any:
    from docx.oxml.ns import qn

    element = parent.makeelement(qn(tag), {qn(k): v for k, v in attrs.items()})
    parent.append(element)
    return element


def _bold(run: Any) -> None:
    from docx.oxml.ns import qn

    run.bold = True
    rpr = run._element.get_or_add_rPr()
    if rpr.find(qn("w:bCs")) is None:
        rpr.find(qn("w:b")).addnext(rpr.makeelement(qn("w:bCs"), {}))


def _page_number_footer(section: Any) -> None:
    """A centred ``PAGE`` field, numbered in Thai digits by the section's ``pgNumType``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    pg = sect_pr.makeelement(qn("w:pgNumType"), {qn("w:fmt"): "thaiNumbers"})
    cols = sect_pr.find(qn("w:cols"))
    (cols.addprevious if cols is not None else sect_pr.append)(pg)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    begin, instr, sep, result, end = (paragraph.add_run() for _ in range(5))
    _el(begin._element, "w:fldChar", **{"w:fldCharType": "begin"})
    text = _el(instr._element, "w:instrText")
    text.text = " PAGE "
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _el(sep._element, "w:fldChar", **{"w:fldCharType": "separate"})
    result.text = "๑"
    _el(end._element, "w:fldChar", **{"w:fldCharType": "end"})


def _table_grid(table: Any, widths: list[Any]) -> None:
    """Grid columns, table width and fixed layout agreeing with the cells' widths."""
    from docx.oxml.ns import qn

    tbl = table._tbl
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width.twips))
    props = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        for old in props.findall(qn(tag)):
            props.remove(old)
    _el(props, "w:tblW", **{"w:w": str(sum(w.twips for w in widths)), "w:type": "dxa"})
    _el(props, "w:tblLayout", **{"w:type": "fixed"})


@register("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
def render_docx(report: RoundReport, margins: Margins) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Emu, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.right_margin = Cm(margins.top), Cm(margins.right)
    section.bottom_margin, section.left_margin = Cm(margins.bottom), Cm(margins.left)
    _page_number_footer(section)

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
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")
    normal.paragraph_format.space_after = Pt(0)

    def para(
        container: Any,
        text: str = "",
        *,
        bold: bool = False,
        underline: bool = False,
        center: bool = False,
        indent_cm: float = 0.0,
        first_line_cm: float = 0.0,
        keep: bool = False,
    ) -> Any:
        p = container.add_paragraph()
        if text:
            run = p.add_run(text)
            run.underline = underline
            if bold:
                _bold(run)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent_cm:
            p.paragraph_format.left_indent = Cm(indent_cm)
        if first_line_cm:
            p.paragraph_format.first_line_indent = Cm(first_line_cm)
        if keep:
            p.paragraph_format.keep_with_next = True
        return p

    def levels(container: Any, blocks: list[LevelBlock], *, sub_indent: float = 0.5) -> None:
        for block in blocks:
            if block.level:
                para(container, block.level_th, underline=True, keep=True)
            for line in block.lines:
                para(container, f"{line.number} {line.text}" if line.number else line.text)
                for sub in line.sub_items:
                    para(container, sub, indent_cm=sub_indent)

    def fill(cell: Any, blocks_writer: Any) -> None:
        first = cell.paragraphs[0]
        blocks_writer(cell)
        if len(cell.paragraphs) > 1 and not first.text:
            first._element.getparent().remove(first._element)
        elif not first.text:
            first.add_run(EMPTY)
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER

    text_width = Cm(21 - margins.left - margins.right)
    widths = [Emu(int(text_width * share)) for share in COLUMN_SHARES]
    para(document, report.title, bold=True, center=True)
    para(document, report.subtitle, bold=True, center=True)
    for number, committee in enumerate(report.committees):
        if number:
            document.add_page_break()
        para(document)
        para(document, committee.heading, bold=True, keep=True)
        para(document, committee.consisting_of, keep=True)
        para(document, keep=True)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_grid(table, widths)
        for cell, heading, width in zip(table.rows[0].cells, TABLE_HEADINGS_TH, widths, strict=True):
            cell.width = width
            _bold(cell.paragraphs[0].add_run(heading))
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        header_props = table.rows[0]._tr.get_or_add_trPr()
        header_props.append(header_props.makeelement(qn("w:tblHeader"), {}))
        for row in committee.rows:
            cells = table.add_row().cells
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
            cells[0].paragraphs[0].add_run(row.heading)

            def write_obstacles(cell: Any, row: Any = row) -> None:
                for aspect in row.obstacles:
                    para(cell, aspect.aspect_th, bold=True, keep=True)
                    levels(cell, aspect.levels)

            def write_suggestions(cell: Any, row: Any = row) -> None:
                levels(cell, row.suggestions)

            fill(cells[1], write_obstacles)
            fill(cells[2], write_suggestions)
        if committee.observations:
            para(document)
            para(document, OBSERVATIONS_TH, bold=True, keep=True)
            for block in committee.observations:
                if block.level:
                    para(document, block.level_th_plain, bold=True, keep=True)
                for line in block.lines:
                    para(document, f"{line.number} {line.text}", first_line_cm=1.25)
                    for sub in line.sub_items:
                        para(document, sub, first_line_cm=1.25, indent_cm=1.0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
