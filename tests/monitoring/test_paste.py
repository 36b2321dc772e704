"""Pasting from Word or a PDF: headings, numbers and wrapped lines read, a preview before saving, the
aspect never assumed, and a refused add that keeps the text with its message beside the form."""

from __future__ import annotations

import json
import re

import pytest

from pramoen.core.errors import ApplicationError
from pramoen.monitoring import services
from pramoen.monitoring.demo import DATA
from pramoen.monitoring.models import Obstacle, Suggestion
from pramoen.monitoring.paste import parse_paste, preview_numbers
from tests.monitoring.seedblocks import SEED, component_one_blocks

BLOCK = "- ด้านงบประมาณ\nระดับสำนักงานเขต\n๑. หน่วยงานได้รับงบประมาณไม่เพียงพอ ส่งผลกระทบต่อ\nการดำเนินงานตามตัวชี้วัด\n๒. กระบวนการจัดซื้อจัดจ้างล่าช้า"


def test_headings_numbers_and_wrapped_lines_make_two_items_not_five():
    result = parse_paste(BLOCK, kind="obstacle")
    assert [(i.aspect, i.level, i.text) for i in result.items] == [
        ("budget", "district", "หน่วยงานได้รับงบประมาณไม่เพียงพอ ส่งผลกระทบต่อการดำเนินงานตามตัวชี้วัด"),
        ("budget", "district", "กระบวนการจัดซื้อจัดจ้างล่าช้า"),
    ]
    assert (result.headings, result.joined) == (2, 1)
    assert preview_numbers(result, "obstacle") == ["๑.", "๒."]
    inline = parse_paste("๑.ระดับสำนักงานเขต หน่วยงานขาดคน\n(๒) ระบบช้า", kind="observation", level="bureau")
    assert [(i.level, i.text) for i in inline.items] == [("district", "หน่วยงานขาดคน"), ("bureau", "ระบบช้า")]
    subs = parse_paste("ขอให้พิจารณา ดังนี้\n๑) ข้อแรก\nต่อท้าย\n๒) ข้อสอง", kind="suggestion")
    assert [(i.text, i.sub_items) for i in subs.items] == [("ขอให้พิจารณา ดังนี้", ["ข้อแรกต่อท้าย", "ข้อสอง"])]


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="../shared is not on this machine")
def test_each_committees_component_one_block_as_the_seed_prints_it_gives_the_transcribed_items():
    data = {c["committee"]: c for c in json.loads(DATA.read_text(encoding="utf-8"))["committees"]}
    blocks = component_one_blocks()
    assert sorted(blocks) == [1, 2, 3, 4, 5, 6]
    for number, (obstacles, suggestions) in blocks.items():
        want = [
            (o["aspect"], o.get("level", ""), o["text"])
            for o in data[number]["obstacles"]
            if o["component"] == "1"
        ]
        got = [(i.aspect, i.level, i.text) for i in parse_paste(obstacles, kind="obstacle").items]
        assert got == want, number
        # a paragraph break inside one suggestion joins without a space, as a wrapped Thai line does
        # (committee 5's "…สำนักการแพทย์" / "การกำหนด…"; the transcription put a space there)
        want = [
            (s.get("level", ""), _squeezed(s["text"]), s.get("sub_items", []), s.get("numbered", True))
            for s in data[number]["suggestions"]
            if s["component"] == "1"
        ]
        got = [
            (i.level, _squeezed(_without_agency(i.text)), i.sub_items, i.numbered)
            for i in parse_paste(suggestions, kind="suggestion").items
        ]
        assert got == want, number


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _without_agency(text: str) -> str:
    """The suggesting agency "(สนข.สาทร)" the paste service moves from the text to the item's agency."""
    return re.sub(r"\s*\(สนข\.[^()]+\)$", "", text)


def test_an_obstacle_needs_an_aspect_and_nothing_is_saved_without_one(personas, sheet1):
    sec = personas["committee1.secretary"]
    with pytest.raises(ApplicationError, match="Aspect") as err:
        services.items_paste(actor=sec, sheet=sheet1, kind="obstacle", text="ขาดคน\nระบบช้า",
                             expected_version=None, component="1", aspect="")  # fmt: skip
    assert err.value.extra["field"] == "aspect" and not Obstacle.objects.exists()
    items = services.items_paste(actor=sec, sheet=sheet1, kind="obstacle", text=BLOCK,
                                 expected_version=None, component="1", aspect="")  # fmt: skip
    assert [(i.aspect, i.level) for i in items] == [("budget", "district")] * 2
    made = services.items_paste(actor=sec, sheet=sheet1, kind="suggestion", text="ควรออกข้อกำหนด (สนข.สาทร)",
                                expected_version=None, component="1")  # fmt: skip
    assert made[0].text == "ควรออกข้อกำหนด" and made[0].agency.code == "1028" and not made[0].numbered


def test_preview_saves_nothing_and_a_refused_add_answers_beside_the_form(personas, sheet1, client_for):
    url = f"/monitoring/sheets/{sheet1.pk}/obstacle/"
    form = {"prefix": "o1", "o1-text": BLOCK, "o1-component": "1", "o1-aspect": "", "o1-level": ""}
    secretary = client_for("committee1.secretary")
    preview = secretary.post(url + "preview/", form)
    html = preview.content.decode()
    assert preview.status_code == 200 and html.count("<li>") == 2 and "๒." in html
    assert "ด้านงบประมาณ" in html or "งบประมาณ" in html
    assert not Obstacle.objects.exists()
    assert client_for("committee4.secretary").post(url + "preview/", form).status_code == 403

    refused = secretary.post(url + "add/", {**form, "o1-text": "ขาดคน"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and refused["HX-Retarget"] == "#paste-msg-o1"
    assert "ด้าน" in refused.content.decode()  # the Thai message, naming the aspect
    stale = secretary.post(url + "add/", {**form, "version": "99"}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409 and stale["HX-Retarget"] == "#paste-msg-o1"
    added = secretary.post(url + "add/", {**form, "o1-aspect": "budget", "version": str(sheet1.version)})
    page = added.content.decode()
    assert added.status_code == 200 and Obstacle.objects.count() == 2
    assert 'data-testid="item-number">๑.</span>' in page and 'data-testid="item-number">๒.</span>' in page
    assert '<option value="budget" selected>' in page  # the chosen aspect is kept for the next paste
    assert Suggestion.objects.count() == 0
