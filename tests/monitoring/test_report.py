"""The report's structure, in every format: committee and component order, Thai-digit numbering,
"-" for empty components, aspects in bold and levels underlined."""

from __future__ import annotations

import io
import json
import re
import zlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from pramoen.monitoring import services
from pramoen.monitoring.demo import DATA
from pramoen.monitoring.render import render
from pramoen.monitoring.report import build_report

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_aa5ea5ea0b9ddf24.txt"


def add(actor, sheet, kind, text, **fields):
    return services.item_create(
        actor=actor, sheet=sheet, kind=kind, expected_version=None, text=text, **fields
    )


@pytest.fixture
def small_round(personas, draft_round, sheet1):
    sec = personas["committee1.secretary"]
    add(sec, sheet1, "obstacle", "ระบบล่าช้า", component="3.1", aspect="technology")
    add(sec, sheet1, "obstacle", "ขาดอัตรากำลัง", component="1", aspect="personnel", level="district")
    add(sec, sheet1, "obstacle", "ขาดทักษะ", component="1", aspect="personnel", level="district")
    add(sec, sheet1, "obstacle", "ไม่ได้รับงบประมาณ", component="1", aspect="budget")
    add(sec, sheet1, "obstacle", "ขาดผู้เชี่ยวชาญ", component="1", aspect="personnel", level="bureau")
    add(
        sec,
        sheet1,
        "suggestion",
        "ควรออกข้อกำหนด",
        component="1",
        agency=sheet1.committee.district_group.districts.get(code=1028).office,
        numbered=False,
    )
    for n in range(11):
        add(sec, sheet1, "observation", f"ข้อสังเกต {n + 1}", sub_items=["ย่อยหนึ่ง", "ย่อยสอง"] if n == 0 else [])
    return draft_round


def test_it_orders_committees_and_components_and_fills_empty_cells(small_round):
    report = build_report(round=small_round)
    assert [c.number for c in report.committees] == [1, 2, 3, 4, 5, 6]
    c1 = report.committees[0]
    assert c1.heading == "คณะที่ ๑ ด้านการคลังและงบประมาณ"
    assert c1.consisting_of == "(ประกอบด้วย สำนักการคลัง, สำนักงบประมาณกรุงเทพมหานคร และกลุ่มเขตกรุงเทพใต้)"
    assert [r.heading for r in c1.rows] == [
        "องค์ประกอบที่ ๑", "องค์ประกอบที่ ๒", "องค์ประกอบที่ ๓ ตัวชี้วัดที่ ๓.๑",
        "องค์ประกอบที่ ๓ ตัวชี้วัดที่ ๓.๒", "องค์ประกอบที่ ๔",
    ]  # fmt: skip
    row1 = c1.rows[0]
    assert [a.aspect_th for a in row1.obstacles] == ["- ด้านบุคลากร", "- ด้านงบประมาณ"]  # fixed aspect order
    personnel = row1.obstacles[0].levels
    assert [b.level_th for b in personnel] == ["ระดับสำนักงานเขต", "ระดับสำนักและสำนักงาน"]
    assert [(line.number, line.text) for line in personnel[0].lines] == [
        ("๑.", "ขาดอัตรากำลัง"),
        ("๒.", "ขาดทักษะ"),
    ]
    assert personnel[1].lines[0].number == "๑."  # numbering restarts in each level group
    assert row1.suggestions[0].lines[0].text == "ควรออกข้อกำหนด (สนข.สาทร)"
    assert row1.suggestions[0].lines[0].number == ""  # a lone suggestion marked so is not numbered
    assert c1.rows[1].obstacles == [] and c1.rows[1].suggestions == []
    numbers = [line.number for line in c1.observations[0].lines]
    assert numbers[0] == "(๑)" and numbers[10] == "(๑๑)"
    assert c1.observations[0].lines[0].sub_items == ["๑) ย่อยหนึ่ง", "๒) ย่อยสอง"]


def test_only_the_committees_asked_for(small_round):
    assert [c.number for c in build_report(round=small_round, committees=[4, 1]).committees] == [1, 4]


def test_docx_has_the_seed_layout(small_round):
    doc = Document(io.BytesIO(render(build_report(round=small_round, committees=[1, 2]), "docx")))
    texts = [p.text for p in doc.paragraphs]
    assert (
        texts[0].startswith("ผลการตรวจติดตามประเมินผล")
        and texts[1] == "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ (ระยะครึ่งปีงบประมาณ)"
    )
    assert "คณะที่ ๒ ด้านบริหารจัดการ" in texts
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["องค์ประกอบ", "ปัญหา/อุปสรรค", "ข้อเสนอแนะจากหน่วยงาน"]
    assert len(table.rows) == 6
    assert [c.text for c in table.rows[2].cells] == ["องค์ประกอบที่ ๒", "-", "-"]
    cell = table.rows[1].cells[1]
    bold = [r.text for p in cell.paragraphs for r in p.runs if r.bold]
    underlined = [r.text for p in cell.paragraphs for r in p.runs if r.underline]
    assert bold == ["- ด้านบุคลากร", "- ด้านงบประมาณ"]
    assert underlined == ["ระดับสำนักงานเขต", "ระดับสำนักและสำนักงาน"]
    assert "๒. ขาดทักษะ" in [p.text for p in cell.paragraphs]
    assert "(๑๑) ข้อสังเกต 11" in texts and "๒) ย่อยสอง" in texts
    assert all(c.text == "-" for c in doc.tables[1].rows[3].cells[1:])  # committee 2 is empty


def test_html_and_pdf(small_round):
    report = build_report(round=small_round, committees=[1])
    html = render(report, "html").decode()
    assert '<p class="aspect">- ด้านบุคลากร</p>' in html and '<p class="level">ระดับสำนักงานเขต</p>' in html
    assert html.count('<td class="obstacles empty">-</td>') == 3
    pdf = render(report, "pdf")
    assert pdf.startswith(b"%PDF")
    assert b"Sarabun" in _inflated(pdf)  # the packaged font is embedded, not a system one


def test_report_files_are_kept_by_content(personas, small_round, sheet1, settings, tmp_path):
    from pramoen.monitoring.documents import document_store, stored_document

    settings.MEDIA_ROOT = tmp_path
    report = build_report(round=small_round, committees=[1])
    assert stored_document(report, "docx") is None
    name, size = document_store(report, "docx")
    assert stored_document(build_report(round=small_round, committees=[1]), "docx") is not None
    assert document_store(report, "docx") == (name, size)  # kept once
    services.item_create(actor=personas["committee1.secretary"], sheet=sheet1, kind="obstacle",
                         expected_version=None, text="ข้อใหม่", component="2", aspect="other")  # fmt: skip
    changed = build_report(round=small_round, committees=[1])
    assert stored_document(changed, "docx") is None  # a change makes a new file, never a stale one
    assert document_store(changed, "docx")[0] != name


def _inflated(pdf: bytes) -> bytes:
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, flags=re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"".join(out)


def test_the_command_writes_each_format(small_round, tmp_path):
    out = tmp_path / "r.docx"
    call_command("monitoring_report", "--fiscal-year", "๒๕๖๘", "--period", "H1", "--committee", "1",
                 "--format", "docx", "-o", str(out), stdout=io.StringIO())  # fmt: skip
    assert len(Document(str(out)).tables) == 1
    with pytest.raises(CommandError, match="Buddhist Era"):
        call_command("monitoring_report", "--fiscal-year", "2024", "--format", "html", "-o", str(out))
    with pytest.raises(CommandError, match="No monitoring round 2570"):
        call_command("monitoring_report", "--fiscal-year", "2570", "--format", "html", "-o", str(out))
    with pytest.raises(CommandError, match="no such committee"):
        call_command(
            "monitoring_report",
            "--fiscal-year",
            "2568",
            "--committee",
            "9",
            "--format",
            "html",
            "-o",
            str(out),
        )


def test_the_demo_round_reports_every_transcribed_item(demo_round):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    report = build_report(round=demo_round)
    for section, block in zip(report.committees, data["committees"], strict=True):
        obstacles = [
            line.text for r in section.rows for a in r.obstacles for b in a.levels for line in b.lines
        ]
        assert obstacles == [
            o["text"]
            for c in ("1", "2", "3.1", "3.2", "4")
            for o in block["obstacles"]
            if o["component"] == c
        ] or sorted(obstacles) == sorted(o["text"] for o in block["obstacles"])
        assert sum(len(b.lines) for b in section.observations) == len(block["observations"])
    c5 = report.committees[4]
    assert c5.observations == []  # the report gives committee 5 no observations
    assert [(r.obstacles == [], r.suggestions == []) for r in c5.rows][1] == (True, True)
    c3 = report.committees[2]
    assert [line.number for line in c3.observations[0].lines][-1] == "(๑๐)"  # the seed restarts at (๓)


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="../shared is not on this machine")
def test_every_numbered_paragraph_of_the_seed_is_in_the_docx(demo_round):
    seed = SEED.read_text(encoding="utf-8")
    doc = Document(io.BytesIO(render(build_report(round=demo_round), "docx")))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    flat = re.sub(r"\s+", "", "".join(parts))
    paragraphs = re.findall(r"<p>(?:<[bu]>)?[๑-๙][.)]\s*([^<]{12,})", seed)
    paragraphs += re.findall(r"^\([๑-๙]+\)\s*(.{12,})$", seed, flags=re.M)
    assert len(paragraphs) > 150
    # committee 2 writes the level into the item ("๑.ระดับสำนักงานเขต …"); the report prints it as a heading
    level = re.compile(r"^(ระดับสำนักและสำนักงาน|ระดับสำนักงานเขต)\s*")
    missing = [p[:40] for p in paragraphs if re.sub(r"\s+", "", level.sub("", p))[:30] not in flat]
    assert missing == []
