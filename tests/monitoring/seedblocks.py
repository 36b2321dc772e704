"""The component-1 cells of each committee as the seed prints them, turned into the lines a person
copying from the report gets (one paragraph a line; bold and underline marks gone)."""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_aa5ea5ea0b9ddf24.txt"
_COMMITTEE = re.compile(r"คณะที่ ([๑-๖]) ")
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def _plain(cell: str) -> str:
    cell = cell.replace("</p>", "\n").replace("**", "")
    cell = re.sub(r"<[^>]+>", " ", cell)
    return "\n".join(" ".join(line.split()) for line in cell.splitlines() if line.strip())


def component_one_blocks() -> dict[int, tuple[str, str]]:
    """committee number -> (obstacles text, suggestions text) of its component-1 row."""
    out: dict[int, tuple[str, str]] = {}
    committee = 0
    row: list[list[str]] | None = None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        m = _COMMITTEE.search(line)
        if m and not line.startswith(("(", "<")) and "\t" not in line:
            committee = _THAI_DIGITS.index(m.group(1))
            row = None
            continue
        first = re.sub(r"<[^>]+>", "", line.split("\t", 1)[0]).strip()
        if first.startswith("องค์ประกอบที่ ๑"):
            row = [[], []]
            out[committee] = ("", "")
        elif first.startswith("องค์ประกอบที่"):  # the next component: the row has ended
            row = None
        if row is None:
            continue
        if not line.strip():
            continue
        if "\t" in line:
            cells = line.split("\t")
            row[0].append(_plain(cells[1]) if len(cells) > 1 else "")
            row[1].append(_plain(cells[2]) if len(cells) > 2 else "")
        else:  # committee 6: the rest of the row printed as plain paragraphs
            row[0].append(_plain(line))
        out[committee] = ("\n".join(t for t in row[0] if t), "\n".join(t for t in row[1] if t))
    return out
