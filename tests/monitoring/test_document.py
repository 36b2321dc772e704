"""The official document as a reader meets it: numbering as the seed's, the PDF's text layer (what
copying, searching and ``pdftotext`` give), line breaks between Thai words, Thai page numbers,
margins, Thai bold and grid widths in the DOCX, and the web version's fonts over HTTP."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from pythainlp.tokenize import word_tokenize

from pramoen.monitoring.render import Margins, render
from pramoen.monitoring.report import build_report, numbers_by_item
from pramoen.monitoring.thaiwrap import wrap_words

THAI = re.compile("[\u0e00-\u0e7f]")


def _numbers(block_list):
    return [(b.level, [line.number for line in b.lines]) for b in block_list]


def test_numbering_is_the_seeds(demo_round):
    report = build_report(round=demo_round)
    c1, c2, c3 = report.committees[:3]
    # committee 2, 3.1: one item under the bureau heading, the next without a level goes on (๒.), never ๑. twice
    tech = next(a for a in c2.rows[2].obstacles if a.aspect == "technology")
    assert _numbers(tech.levels) == [("bureau", ["๑."]), ("", ["๒."])]
    # committee 2, component 1: the two suggestions of the bureau level are ๑. ๒. (they were unnumbered)
    assert _numbers(c2.rows[0].suggestions) == [("bureau", ["๑."]), ("", ["๒."]), ("district", ["๑.", "๒."])]
    assert c1.rows[0].suggestions[0].lines[0].number == ""  # the seed prints committee 1's lone one bare
    assert c3.rows[0].suggestions[0].lines[0].number == "๑."  # and committee 3's with ๑.
    c5 = report.committees[4]
    assert c5.rows[4].obstacles[0].levels[0].lines[0].number == ""  # "- ด้านอื่นๆ การลงพิกัด…"
    for section in report.committees:  # no number twice under one heading, anywhere
        for row in section.rows:
            for block in [b for a in row.obstacles for b in a.levels] + row.suggestions:
                numbers = [line.number for line in block.lines if line.number]
                assert len(numbers) == len(set(numbers)), (section.number, row.component)


def test_the_entry_screen_numbers_items_as_the_report(demo_round):
    from pramoen.monitoring.models import Sheet

    sheet = Sheet.objects.get(round=demo_round, committee__number=2)
    numbers = numbers_by_item(sheet)
    tech = [o for o in sheet.obstacles.all() if o.component == "3.1" and o.aspect == "technology"]
    assert [numbers[f"obstacle-{o.pk}"] for o in tech] == ["๑.", "๒."]
    first = [s for s in sheet.suggestions.all() if s.component == "1"]
    assert [numbers[f"suggestion-{s.pk}"] for s in first] == ["๑.", "๒.", "๑.", "๒."]


def _pdftotext(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail(
            "pdftotext (Debian poppler-utils) is needed to read the PDF's text layer; .ci/run installs it"
        )
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _in_order(sentences: list[str], text: str) -> list[str]:
    """The sentences not found whole, one after the other, in ``text`` (line breaks and the spaces
    around them aside: a line ends where a space was or between two Thai words).  The page's furniture
    between the two parts of a row cut by a page break is set aside: the page number, the table's
    repeated header and the "-" of an empty cell beside it."""
    furniture = {"องค์ประกอบ", "ปัญหา/อุปสรรค", "ข้อเสนอแนะจากหน่วยงาน", "-"}
    kept = [line for line in text.splitlines() if line.strip() not in furniture]
    kept = [line for line in kept if not re.fullmatch(r"[๐-๙]+", line.strip())]
    flat, at, missing = re.sub(r"\s+", "", "".join(kept)), 0, []
    for sentence in sentences:
        found = flat.find(re.sub(r"\s+", "", sentence), at)
        if found < 0:
            missing.append(sentence[:40])
        else:
            at = found + len(re.sub(r"\s+", "", sentence))
    return missing


def test_the_pdf_text_layer_gives_back_the_thai_and_breaks_lines_between_words(demo_round, tmp_path):
    report = build_report(round=demo_round, committees=[1])
    text = _pdftotext(render(report, "pdf"), tmp_path)
    assert "สำนักการคลัง" in text and "กรุงเทพมหานคร" in text
    assert "กำร" not in text  # SARA AA extracted as SARA AM (the old text layer gave it 758 times)
    committee = report.committees[0]
    observations = [
        piece
        for block in committee.observations
        for line in block.lines
        for piece in [line.text, *line.sub_items]
    ]
    assert len(observations) == 10
    assert _in_order(observations, text) == []  # every observation sentence, whole and in the report's order
    for row in committee.rows:  # each cell's items come out whole: the table's columns are not interleaved
        obstacles = [line.text for a in row.obstacles for b in a.levels for line in b.lines]
        suggestions = [p for b in row.suggestions for line in b.lines for p in [line.text, *line.sub_items]]
        assert _in_order(obstacles, text) == [] and _in_order(suggestions, text) == [], row.component
    lines = [line for line in text.splitlines() if line.strip()]
    inside = []
    for before, after in itertools.pairwise(lines):
        if THAI.match(before[-1]) and THAI.match(after[0]):
            left, right = before[-30:], after[:30]
            cuts, at = set(), 0
            for token in word_tokenize(left + right, engine="newmm", keep_whitespace=True):
                at += len(token)
                cuts.add(at)
            if len(left) not in cuts:
                inside.append(f"{left[-10:]}|{right[:10]}")
    assert inside == []
    assert "\n๑\n" in text  # page number in Thai digits


def test_wrapping_never_ends_a_span_on_a_mark():
    html = str(wrap_words("ของพื้นที่ในการดำเนินการ ตัวชี้วัด"))
    assert "ตัวชี้วัด</span>" in html  # a compound is one unbreakable piece
    assert "ที่</span>" not in html  # "พื้นที่" keeps "ใน" with it: a mark never ends a drawn run
    assert "\u200b" in html


def test_docx_bold_thai_page_numbers_grid_and_margins(demo_round):
    data = render(build_report(round=demo_round, committees=[1, 2]), "docx", margins=Margins(2.5, 2, 2, 3))
    doc = Document(io.BytesIO(data))
    bold_runs = [r for p in doc.paragraphs for r in p.runs if r.bold]
    bold_runs += [
        r for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs for r in p.runs if r.bold
    ]
    assert len(bold_runs) > 5
    assert all(r._element.rPr.find(qn("w:bCs")) is not None for r in bold_runs)  # Thai is bold too
    section = doc.sections[0]
    assert round(section.left_margin.cm, 2) == 3.0 and round(section.top_margin.cm, 2) == 2.5
    assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    for table in doc.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row in table.rows:
            assert [c.width.twips for c in row.cells] == grid
        assert sum(grid) == int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))
        assert abs(sum(grid) - 16 * 567) < 10  # 21 cm less 3 cm and 2 cm
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert any(n.startswith("word/footer") for n in z.namelist())


def test_margins_are_configurable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from pramoen.monitoring.render import default_margins

    assert default_margins() == Margins(2.5, 2.0, 2.0, 3.0)
    monkeypatch.setenv("PRAMOEN_REPORT_MARGINS_CM", "2,1.5,2,2.5")
    assert default_margins() == Margins(2, 1.5, 2, 2.5)
    monkeypatch.setenv("PRAMOEN_REPORT_MARGINS_CM", "2,1")
    with pytest.raises(ImproperlyConfigured, match="PRAMOEN_REPORT_MARGINS_CM"):
        default_margins()


def test_the_web_version_loads_its_fonts_over_http(demo_round, client_for):
    client = client_for("eval.officer")
    page = client.get("/monitoring/2567/H1/report.html?committee=1")
    assert page.status_code == 200
    html = page.content.decode()
    assert "file://" not in html
    urls = re.findall(r'url\("([^"]+)"\)', html)
    assert urls == ["/monitoring/fonts/Sarabun-Regular.ttf", "/monitoring/fonts/Sarabun-Bold.ttf"]
    font = client.get(urls[0])
    assert font.status_code == 200 and font["Content-Type"] == "font/ttf"
    assert b"".join(font.streaming_content)[:4] == b"\x00\x01\x00\x00"
    assert client.get("/monitoring/fonts/..%2Fsettings.py").status_code == 404
