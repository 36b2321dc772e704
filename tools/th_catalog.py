"""Fill the Thai .po catalogue from the translations in tools/th/*.py (English msgid → Thai).

`make messages` runs makemessages, then this script fills every msgid it knows, and the catalogue is
compiled.  Each app keeps its translations in its own module, tools/th/<app>.py, with a ``TH`` dict
(and ``TH_PLURAL`` for plural forms).  tests/core/test_shell.py fails when a message has no Thai.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _catalogue() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Merge the translations of every module in tools/th/ (one per app, so work on apps never conflicts)."""
    import importlib.util

    singular: dict[str, str] = {}
    plural: dict[str, list[str]] = {}
    for path in sorted((Path(__file__).parent / "th").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"th_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        singular.update(getattr(module, "TH", {}))
        plural.update(getattr(module, "TH_PLURAL", {}))
    return singular, plural


def fill(po_path: Path) -> list[str]:
    """Write every known translation into the catalogue; return the msgids still untranslated."""
    import polib

    th, th_plural = _catalogue()
    po = polib.pofile(str(po_path))
    missing = []
    for entry in po:
        if "fuzzy" in entry.flags:
            # makemessages guessed from a similar message: never trust a guess, translate it properly
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
        if entry.msgid_plural:
            if entry.msgid in th_plural:
                entry.msgstr_plural = dict(enumerate(th_plural[entry.msgid]))
            elif not any(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif entry.msgid in th:
            entry.msgstr = th[entry.msgid]
        elif not entry.msgstr:
            missing.append(entry.msgid)
    po.metadata["Project-Id-Version"] = "pramoen"
    po.metadata["Language-Team"] = "pramoen <pramoen@localhost>"
    po.metadata["Last-Translator"] = "pramoen developers"
    po.metadata["PO-Revision-Date"] = po.metadata.get("POT-Creation-Date", "")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "th"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    return missing


if __name__ == "__main__":
    missing = fill(Path(sys.argv[1]))
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    sys.exit(1 if missing else 0)
