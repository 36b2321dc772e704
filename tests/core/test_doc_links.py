"""Every relative link in README.md and docs/*.md leads somewhere: the file exists, and a `#fragment` names a
heading of that file (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens)."""

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def anchor(heading: str) -> str:
    text = heading.strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for line in text.splitlines():
        if m := re.match(r"#{1,6} (.+)", line):
            base = anchor(m.group(1))
            name, n = base, 0
            while name in found:
                n += 1
                name = f"{base}-{n}"
            found.add(name)
    return found


def broken_links(doc: Path, root: Path = ROOT) -> list[str]:
    text = FENCE.sub("", doc.read_text(encoding="utf-8"))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        file, _, fragment = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            broken.append(f"{doc.relative_to(root)}: {target} (no such file)")
        elif fragment and path.suffix == ".md" and fragment not in anchors(path):
            broken.append(f"{doc.relative_to(root)}: {target} (no such heading)")
    return broken


def test_anchor_follows_github():
    assert anchor("Per-fiscal-year settings (`ComplaintSettings`, Django admin)") == (
        "per-fiscal-year-settings-complaintsettings-django-admin"
    )
    assert anchor("The demo's tickets") == "the-demos-tickets"
    assert anchor("How to … (the evaluation office)") == "how-to--the-evaluation-office"


def test_a_broken_link_is_found(tmp_path):
    doc = tmp_path / "a.md"
    (tmp_path / "b.md").write_text("# Title\n\n## A part\n", encoding="utf-8")
    doc.write_text(
        "[x](b.md#a-part) [y](b.md#gone) [z](c.md) [w](https://example.org/x.md)\n", encoding="utf-8"
    )
    assert broken_links(doc, tmp_path) == ["a.md: b.md#gone (no such heading)", "a.md: c.md (no such file)"]


def test_every_relative_link_in_the_docs_leads_somewhere():
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert len(docs) > 10
    assert [b for d in docs for b in broken_links(d)] == []
