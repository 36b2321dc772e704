"""Check the Thai catalogue, the one source of every Thai text: pramoen/locale/th/LC_MESSAGES/django.po.

`make messages` runs Django's makemessages, which keeps every translation already in the catalogue, adds
each new English msgid with an empty msgstr and marks "fuzzy" a msgid it matched to a similar old one
(a guess). This check then lists every entry that is untranslated or fuzzy and exits 1 until each has its
Thai: edit the .po with any PO editor (Poedit, Lokalize, Emacs po-mode) or a text editor, and remove the
``fuzzy`` flag once the Thai is right. One English word with two meanings gets a message context in the
code (``pgettext_lazy("aspect", "other")``, ``{% translate "reason" context "import error" %}``) and so
its own entry, with its own Thai. It also keeps the catalogue's header the same from run to run.

    python tools/po_check.py pramoen/locale/th/LC_MESSAGES/django.po
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

HEADER = {
    "Project-Id-Version": "pramoen",
    "Language-Team": "pramoen <pramoen@localhost>",
    "Last-Translator": "pramoen developers",
    "Plural-Forms": "nplurals=1; plural=0;",
    "Language": "th",
    "Content-Type": "text/plain; charset=UTF-8",
}


def _shown(entry: polib.POEntry) -> str:
    where = f" with context {entry.msgctxt!r}" if entry.msgctxt else ""
    return f"msgid {entry.msgid!r}{where}"


def problems(po: polib.POFile) -> list[str]:
    """Every entry still to translate: fuzzy (a guess to check) or without Thai (a plural form missing)."""
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {_shown(entry)} (check the guessed Thai, then remove the fuzzy flag)")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                found.append(f"untranslated: {_shown(entry)} (plural)")
        elif not entry.msgstr:
            found.append(f"untranslated: {_shown(entry)}")
    return found


def check(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    for key, value in HEADER.items():
        po.metadata[key] = value
    po.metadata["PO-Revision-Date"] = po.metadata.get("POT-Creation-Date", "")
    po.save()
    return problems(po)


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "pramoen/locale/th/LC_MESSAGES/django.po")
    found = check(path)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        where = f"{path} (docs/development.md, Thai text)"
        print(f"{len(found)} message(s) need Thai in {where}", file=sys.stderr)
    sys.exit(1 if found else 0)
