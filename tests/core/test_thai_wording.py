"""English and mixed wording left in the Thai UI: key names outside a key cap ("กด Enter"), "Windows" in
import errors, the engine's "(Joint KPI)" gloss, and quarters named two ways ("ไตรมาส 1" beside
"ไตรมาสที่ 2"). Checked in the catalogue, in every template's own text and on rendered Thai pages.

The rule: a key's name appears only inside ``<kbd>`` (the label printed on the key) with Thai words
around it; a period's name always comes from ``framework.periods`` (``ไตรมาสที่ 2``).  Digits: the pages
write Arabic digits, as their scores, counts, dates and years are (``ไตรมาสที่ 2``, ``เกณฑ์ 5 ระดับ``,
``50 เขต``); official documents (the committee report, appeal and score exports) turn every digit Thai
(``ไตรมาสที่ ๒``), and the framework's official names keep the digits the seed writes them with."""

from __future__ import annotations

import importlib
import re
from decimal import Decimal as D
from pathlib import Path

import polib
import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from pramoen.framework.models import Period
from pramoen.framework.periods import fiscal_periods
from pramoen.framework.services import fiscal_year_ensure
from pramoen.scoring.engine import recompute
from pramoen.scoring.explain import criteria_sentence, official
from pramoen.scoring.models import ScoreResult, VerifiedResult
from tests.scoring.conftest import small_year  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2] / "pramoen"
PO = ROOT / "locale" / "th" / "LC_MESSAGES" / "django.po"
# English words that kept reappearing in Thai text
LEFTOVER = re.compile(r"(?<![A-Za-z])(Enter|Esc|Escape|Windows|Joint|Ctrl)(?![A-Za-z])")
QUARTER_WITHOUT_THI = re.compile(r"ไตรมาส\s*[0-9๐-๙]")  # "ไตรมาส 1": the UI says "ไตรมาสที่ 1"
KBD = re.compile(r"<kbd>.*?</kbd>", re.S)
THAI_DIGIT = re.compile(r"[๐-๙]")
# the committee report's own vocabulary (its headings and numbered component names), printed in Thai digits
OFFICIAL_ONLY = {"monitoring/vocab.py"}


def problems(text: str) -> set[str]:
    text = KBD.sub(" ", text)
    return set(LEFTOVER.findall(text)) | set(QUARTER_WITHOUT_THI.findall(text))


def visible_text(html: str) -> str:
    """A page's text as a reader sees it: no scripts, styles, attributes or key caps."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = KBD.sub(" ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_problems_finds_each_leftover():
    assert problems("กด Enter เพื่อแก้ไข") == {"Enter"}
    assert problems("ภาษาไทยแบบ Windows (TIS-620)") == {"Windows"}
    assert problems("ตัวชี้วัดร่วม (Joint KPI)") == {"Joint"}
    assert problems("ไตรมาส 2 ปีงบประมาณ") == {"ไตรมาส 2"}
    assert problems("ปุ่ม <kbd>Enter</kbd> เปิดข้อที่เลือก ไตรมาสที่ 2") == set()


def test_no_thai_translation_leaves_them():
    found = {e.msgid: problems(e.msgstr) for e in polib.pofile(str(PO)) if e.translated()}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_pages_write_arabic_digits_and_official_documents_thai_ones():
    mixed = {
        e.msgid: e.msgstr
        for e in polib.pofile(str(PO))
        if e.translated()
        and THAI_DIGIT.search(e.msgstr + "".join(e.msgstr_plural.values()))
        and not {o[0] for o in e.occurrences} <= OFFICIAL_ONLY
    }
    assert mixed == {}
    sentence = criteria_sentence([D(1), D(2), D(3), D(4), D(5)], higher_is_better=True, floor=D(0))
    assert not THAI_DIGIT.search(sentence) and sentence.startswith("เกณฑ์การให้คะแนน 5 ระดับ")
    q2 = {p.code: p for p in fiscal_periods(2567)}["Q2"]
    assert q2.name_th == "ไตรมาสที่ 2" and official(q2.name_th) == "ไตรมาสที่ ๒"


def test_no_template_writes_them_outside_its_translations():
    """A template's own words (not the msgids it translates) read as they are in Thai pages."""
    found = {}
    for path in ROOT.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"{%\s*blocktranslate.*?endblocktranslate\s*%}", " ", text, flags=re.S)
        text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", text, flags=re.S)
        if hits := problems(visible_text(text)):
            found[str(path.relative_to(ROOT))] = hits
    assert found == {}


def test_period_names_come_from_one_source_and_stored_ones_follow_it(db):
    names = {p.code: p.name_th for p in fiscal_periods(2567)}
    assert [names[f"Q{n}"] for n in (1, 2, 3, 4)] == [f"ไตรมาสที่ {n}" for n in (1, 2, 3, 4)]
    fy = fiscal_year_ensure(year=2567)
    Period.objects.filter(fiscal_year=fy, code="Q1").update(name_th="ไตรมาส 1")  # as stored before
    migration = importlib.import_module("pramoen.framework.migrations.0004_period_names_from_source")
    migration.rename(django_apps, None)
    stored = dict(Period.objects.filter(fiscal_year=fy).values_list("code", "name_th"))
    assert stored == names


@pytest.mark.django_db
def test_rendered_thai_pages_keep_none(small_year, client_for):  # noqa: F811
    fy, a = small_year
    h1 = Period.objects.get(fiscal_year=fy, code="H1")
    VerifiedResult.objects.create(
        assignment=a[("traffic-transport", "1.3")],
        period=h1,
        source="test",
        numerator=D(72),
        denominator=D(100),
    )
    recompute(fiscal_year=2567, period_code="H1")
    joint = ScoreResult.objects.get(assignment=a[("1028", "1.3")], period=h1)
    # a row stored before the Thai-only wording still reads in Thai
    ScoreResult.objects.filter(pk=joint.pk).update(
        explanation=joint.explanation.replace("ตัวชี้วัดร่วม:", "ตัวชี้วัดร่วม (Joint KPI):")
    )
    c = client_for("executive")
    pages = {
        "scorecard": c.get(reverse("scorecard", args=["1028"]), {"fy": "2567", "period": "H1"}),
        "explain": c.get(reverse("score-explain", args=[joint.pk])),
        "overview Q2": c.get(reverse("insights:overview"), {"fy": "2567", "period": "Q2"}),
    }
    texts = {name: visible_text(r.content.decode()) for name, r in pages.items()}
    assert all(r.status_code == 200 for r in pages.values())
    assert {name: problems(t) for name, t in texts.items() if problems(t)} == {}
    assert "ตัวชี้วัดร่วม" in texts["scorecard"] and "ตัวชี้วัดร่วม:" in texts["explain"]
    assert "ไตรมาสที่ 2" in texts["overview Q2"]


# code that reads Thai digits (importers, personal-data masking) or writes the official documents' numbering
DIGIT_HANDLERS = {
    "core/thai.py", "core/pdpa.py", "feeds/services/tabular.py", "monitoring/render_docx.py",
    "monitoring/demo.py",
}  # fmt: skip


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not docstrings: the text its code puts on pages."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_code_writes_thai_digits_onto_a_page():
    """Text the code writes (an explanation, a message) uses Arabic digits like the rest of the pages; the
    demo's data keeps the digits its sources were written with (the framework's official names)."""
    found = {}
    for path in ROOT.rglob("*.py"):
        name = str(path.relative_to(ROOT))
        if "migrations" in path.parts or path.name == "demo.py" or name in DIGIT_HANDLERS | OFFICIAL_ONLY:
            continue
        if hits := [(line, text[:60]) for line, text in _code_strings(path) if THAI_DIGIT.search(text)]:
            found[name] = hits
    assert found == {}


@pytest.mark.django_db
def test_a_survey_without_rating_answers_says_so_in_arabic_digits(personas):
    from pramoen.feeds.surveys.method import from_survey
    from tests.feeds.surveys.conftest import build, make_indicator

    result = from_survey(build(personas, make_indicator()), [], 0)
    assert result.actual is None and result.explanation.endswith("ยังไม่มีคำตอบแบบ 5 ระดับ")
