"""Fill the Thai .po catalogue from the translations in tools/th/*.py (English msgid → Thai).

`make messages` runs makemessages, then this script fills every msgid it knows, and the catalogue is
compiled.  Each app keeps its translations in its own module, tools/th/<app>.py, with a ``TH`` dict
(and ``TH_PLURAL`` for plural forms).  A key is the msgid, or ``("context", "msgid")`` for a message
with a context (``pgettext("context", "msgid")``, ``{% translate "msgid" context "context" %}``): it
fills only the .po entry with that msgctxt.

Two modules giving the same key different Thai (or one dict giving it twice) is an error: the script
lists every such key with its files and stops before writing anything.  tests/core/test_shell.py fails
when a message has no Thai; tests/core/test_th_catalog.py when two translations collide.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TH_DIR = Path(__file__).parent / "th"
Key = str | tuple[str, str]  # msgid, or (msgctxt, msgid)


@dataclass
class Catalogue:
    singular: dict[Key, str] = field(default_factory=dict)
    plural: dict[Key, list[str]] = field(default_factory=dict)
    # key → [(file, Thai)] for every key given more than one Thai
    collisions: dict[tuple[str, Key], list[tuple[str, Any]]] = field(default_factory=dict)


class CollisionError(Exception):
    """Two translations of one msgid (and context) disagree."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.collisions = catalogue.collisions
        super().__init__(collision_report(catalogue))


def _shown(key: Key) -> str:
    if isinstance(key, tuple):
        return f"msgid {key[1]!r} with context {key[0]!r}"
    return f"msgid {key!r}"


def collision_report(catalogue: Catalogue) -> str:
    lines = [f"{len(catalogue.collisions)} msgid(s) have two different Thai translations in tools/th/:"]
    for (kind, key), found in sorted(catalogue.collisions.items(), key=lambda kv: str(kv[0])):
        lines.append(f"  {_shown(key)}{' (plural)' if kind == 'TH_PLURAL' else ''}:")
        lines += [f"    {file}: {thai!r}" for file, thai in found]
    lines += [
        "Fix each one: if both places mean the same thing, give both the same Thai (keep it in one module);",
        "if they mean different things, give the code a context — pgettext_lazy('context', 'msgid') or",
        "{% translate 'msgid' context 'context' %} — and key its Thai as ('context', 'msgid') in TH.",
        "See docs/development.md (Thai text).",
    ]
    return "\n".join(lines)


def _literals(tree: ast.AST) -> list[tuple[str, ast.Dict]]:
    """The dict literals a module gives ``TH``/``TH_PLURAL`` in order (``TH = {…}``, ``TH.update({…})``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [(t.id, node.value) for t in targets if isinstance(t, ast.Name)]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and isinstance(node.func.value, ast.Name)
            and node.args
            and isinstance(node.args[0], ast.Dict)
        ):
            found.append((node.func.value.id, node.args[0]))
    return sorted(
        ((name, d) for name, d in found if name in ("TH", "TH_PLURAL")), key=lambda nd: nd[1].lineno
    )


def _duplicates_in_source(path: Path) -> list[tuple[str, Key, Any, Any]]:
    """Keys written twice in one module's ``TH``/``TH_PLURAL`` with different Thai (Python keeps the last)."""
    found = []
    seen: dict[tuple[str, Any], Any] = {}
    for name, literal in _literals(ast.parse(path.read_text(encoding="utf-8"))):
        for k, v in zip(literal.keys, literal.values, strict=True):
            if k is None:
                continue
            try:
                key, value = ast.literal_eval(k), ast.literal_eval(v)
            except ValueError:
                continue
            value = tuple(value) if isinstance(value, list) else value
            if (name, key) in seen and seen[(name, key)] != value:
                found.append((name, key, seen[(name, key)], value))
            seen[(name, key)] = value
    return found


def load(directory: Path = TH_DIR) -> Catalogue:
    """Merge the translations of every module in ``directory`` (one per app, so work on apps never
    conflicts), noting every key given two different translations."""
    catalogue = Catalogue()
    origins: dict[tuple[str, Key], list[tuple[str, Any]]] = {}
    for path in sorted(directory.glob("*.py")):
        for kind, key, first, second in _duplicates_in_source(path):
            twice = [(f"{path.name} (first)", first), (f"{path.name} (again)", second)]
            catalogue.collisions[(kind, key)] = twice
        spec = importlib.util.spec_from_file_location(f"th_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for kind, target in (("TH", catalogue.singular), ("TH_PLURAL", catalogue.plural)):
            for key, thai in getattr(module, kind, {}).items():
                origins.setdefault((kind, key), []).append((path.name, thai))
                target[key] = thai
    for where, found in origins.items():
        if len({repr(thai) for _file, thai in found}) > 1:
            catalogue.collisions[where] = found
    return catalogue


def fill(po_path: Path, directory: Path = TH_DIR) -> list[str]:
    """Write every known translation into the catalogue; return the messages still untranslated.

    Raises ``CollisionError`` (and writes nothing) when two translations of one key disagree."""
    import polib

    catalogue = load(directory)
    if catalogue.collisions:
        raise CollisionError(catalogue)
    th, th_plural = catalogue.singular, catalogue.plural
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
        key: Key = (entry.msgctxt, entry.msgid) if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            if key in th_plural:
                entry.msgstr_plural = dict(enumerate(th_plural[key]))
            elif not any(entry.msgstr_plural.values()):
                missing.append(_shown(key))
        elif key in th:
            entry.msgstr = th[key]
        elif not entry.msgstr:
            missing.append(_shown(key))
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
    try:
        missing = fill(Path(sys.argv[1]))
    except CollisionError as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    for message in missing:
        print(f"untranslated: {message}", file=sys.stderr)
    sys.exit(1 if missing else 0)
