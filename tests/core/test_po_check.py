"""The Thai catalogue's check (tools/po_check.py): untranslated and fuzzy entries are listed, contexts are
entries of their own, and a catalogue with every Thai passes."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("po_check", ROOT / "tools/po_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _po(path: Path, *entries: polib.POEntry) -> Path:
    po = polib.POFile()
    po.metadata = {"POT-Creation-Date": "2026-12-02 10:00+0700"}
    for entry in entries:
        po.append(entry)
    po.save(str(path))
    return path


def test_untranslated_fuzzy_and_missing_plural_are_listed_by_msgid_and_context(tmp_path):
    path = _po(
        tmp_path / "django.po",
        polib.POEntry(msgid="period", msgstr="รอบการประเมิน"),
        polib.POEntry(msgctxt="monitoring round", msgid="period", msgstr=""),
        polib.POEntry(msgid="Save", msgstr="บันทึก", flags=["fuzzy"]),
        polib.POEntry(msgid="%(n)s row", msgid_plural="%(n)s rows", msgstr_plural={0: ""}),
    )
    found = _tool().check(path)
    assert found == [
        "untranslated: msgid 'period' with context 'monitoring round'",
        "fuzzy: msgid 'Save' (check the guessed Thai, then remove the fuzzy flag)",
        "untranslated: msgid '%(n)s row' (plural)",
    ]
    done = subprocess.run([sys.executable, str(ROOT / "tools/po_check.py"), str(path)], capture_output=True)
    assert done.returncode == 1 and "3 message(s) need Thai" in done.stderr.decode()


def test_a_catalogue_with_every_thai_passes_and_keeps_its_header(tmp_path):
    path = _po(
        tmp_path / "django.po",
        polib.POEntry(msgid="period", msgstr="รอบการประเมิน"),
        polib.POEntry(msgctxt="monitoring round", msgid="period", msgstr="ระยะ"),
    )
    assert _tool().check(path) == []
    po = polib.pofile(str(path))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;" and po.metadata["Language"] == "th"
    assert {(e.msgctxt, e.msgstr) for e in po} == {(None, "รอบการประเมิน"), ("monitoring round", "ระยะ")}
