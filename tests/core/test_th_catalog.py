"""The Thai catalogue's merge (tools/th_catalog.py): no msgid given two different Thai translations, and
message contexts filled from ``("context", "msgid")`` keys."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("th_catalog", ROOT / "tools/th_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["th_catalog"] = module  # dataclasses look the module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_no_msgid_has_two_thai_translations():
    catalogue = _tool().load()
    assert not catalogue.collisions, _tool().collision_report(catalogue)


def _po(path: Path, *entries: polib.POEntry) -> Path:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    po.save(str(path))
    return path


def test_two_modules_disagreeing_stop_the_merge_and_name_files_and_msgid(tmp_path):
    th = tmp_path / "th"
    th.mkdir()
    (th / "monitoring.py").write_text('TH = {"period": "ระยะ", "same": "เหมือน"}\n', encoding="utf-8")
    (th / "framework.py").write_text('TH = {"period": "รอบการประเมิน", "same": "เหมือน"}\n', encoding="utf-8")
    po_path = _po(tmp_path / "django.po", polib.POEntry(msgid="period", msgstr=""))
    before = po_path.read_text(encoding="utf-8")
    tool = _tool()
    with pytest.raises(tool.CollisionError) as refused:
        tool.fill(po_path, th)
    message = str(refused.value)
    assert "'period'" in message and "framework.py: 'รอบการประเมิน'" in message
    assert "monitoring.py: 'ระยะ'" in message and "context" in message
    assert "'same'" not in message  # the same Thai in two modules is no collision
    assert po_path.read_text(encoding="utf-8") == before  # nothing written


def test_one_dict_giving_a_msgid_twice_is_a_collision(tmp_path):
    th = tmp_path / "th"
    th.mkdir()
    (th / "ui.py").write_text(
        'TH = {"done": "เสร็จแล้ว"}\nTH.update({"done": "ดำเนินการแล้ว"})\n', encoding="utf-8"
    )
    collisions = _tool().load(th).collisions
    assert [key for _kind, key in collisions] == ["done"]


def test_contexts_fill_only_their_own_entry(tmp_path):
    th = tmp_path / "th"
    th.mkdir()
    (th / "monitoring.py").write_text('TH = {("monitoring round", "period"): "ระยะ"}\n', encoding="utf-8")
    (th / "framework.py").write_text('TH = {"period": "รอบการประเมิน"}\n', encoding="utf-8")
    po_path = _po(
        tmp_path / "django.po",
        polib.POEntry(msgid="period", msgstr=""),
        polib.POEntry(msgctxt="monitoring round", msgid="period", msgstr=""),
        polib.POEntry(msgctxt="unknown", msgid="period", msgstr=""),
    )
    missing = _tool().fill(po_path, th)
    filled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path))}
    assert filled[(None, "period")] == "รอบการประเมิน"
    assert filled[("monitoring round", "period")] == "ระยะ"
    # a context without its own Thai is untranslated, never filled from the plain msgid
    assert filled[("unknown", "period")] == ""
    assert missing == ["msgid 'period' with context 'unknown'"]
