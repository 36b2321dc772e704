"""Sarabun for the PDF, changed so that the PDF's text layer gives back the Thai that was typed.

Why: HarfBuzz (which WeasyPrint uses through Pango) always splits SARA AM (ำ, U+0E33) into NIKHAHIT
(U+0E4D) + SARA AA (U+0E32) before the font's own substitutions; both glyphs belong to the ำ cluster.
WeasyPrint writes each glyph's ``ToUnicode`` entry from the first cluster it was drawn in, so the one
SARA AA glyph stands either for "ำ" (then every "การ" extracts as "กำร") or for "า" (then "ประจำ" extracts
as "ประจา"), whichever came first.  Giving the SARA AA that ends a SARA AM its own glyph (same outline)
removes the ambiguity: ``uni0E32.am`` is only ever drawn for "ำ" and ``uni0E32`` only for "า".  When a
tone mark precedes ำ ("ล้ำ"), HarfBuzz moves NIKHAHIT before the tone and merges the two clusters
("้ำ"), so each tone gets its own copy too (``uni0E32.am48`` … ``uni0E32.am4B``).

The substitution is a chaining contextual lookup added to the font's ``ccmp`` feature (after its
NIKHAHIT + tone ligatures); the patched files are written once into a cache directory and reused.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from pathlib import Path

import fontpkg_sarabun

SOURCE_DIR = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
FACES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
_TONES = ("48", "49", "4A", "4B")
_VERSION = "1"  # bump when the patch changes, so cached files are rebuilt
_lock = threading.Lock()


def _cache_dir() -> Path:
    digest = hashlib.sha256(_VERSION.encode())
    for name in FACES:
        digest.update((SOURCE_DIR / name).read_bytes())
    return Path(tempfile.gettempdir()) / f"pramoen-fonts-{digest.hexdigest()[:16]}"


def patch_font(source: Path, target: Path) -> None:
    """Write ``source`` with the SARA AM glyphs described above to ``target``."""
    from fontTools.otlLib import builder as otl
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables import otTables as ot
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    font = TTFont(str(source))
    order = font.getGlyphOrder()
    names = set(order)
    glyf, hmtx = font["glyf"], font["hmtx"]
    gdef_classes = font["GDEF"].table.GlyphClassDef.classDefs

    def variants(base: str) -> list[str]:
        return [n for n in order if n == base or n.startswith(base + ".")]

    copies = {"": "uni0E32.am", **{tone: f"uni0E32.am{tone}" for tone in _TONES}}
    for name in copies.values():
        if name in names:
            continue
        glyph = Glyph()
        glyph.numberOfContours = -1  # a composite glyph: the SARA AA outline, unchanged
        component = GlyphComponent()
        component.glyphName, component.x, component.y, component.flags = "uni0E32", 0, 0, 0x204
        glyph.components = [component]
        order.append(name)
        glyf.glyphs[name] = glyph
        hmtx.metrics[name] = hmtx.metrics["uni0E32"]
        if "uni0E32" in gdef_classes:
            gdef_classes[name] = gdef_classes["uni0E32"]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    glyph_map = font.getReverseGlyphMap(rebuild=True)

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    rules = []
    for tone, target_glyph in copies.items():
        single = otl.buildLookup([otl.buildSingleSubstSubtable({"uni0E32": target_glyph})])
        lookups.append(single)
        before = variants("uni0E4D" + (f"0E{tone[-2:]}" if tone else ""))
        if not tone:
            before = [n for n in before if n in ("uni0E4D", "uni0E4D.narrow")]
        if not before:
            continue
        rule = ot.ChainContextSubst()
        rule.Format = 3
        rule.BacktrackGlyphCount, rule.BacktrackCoverage = 1, [otl.buildCoverage(before, glyph_map)]
        rule.InputGlyphCount, rule.InputCoverage = 1, [otl.buildCoverage(["uni0E32"], glyph_map)]
        rule.LookAheadGlyphCount, rule.LookAheadCoverage = 0, []
        record = ot.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, len(lookups) - 1
        rule.SubstCount, rule.SubstLookupRecord = 1, [record]
        rules.append(rule)
        if tone:  # the tone mark not joined with NIKHAHIT: NIKHAHIT, tone, SARA AA
            split = ot.ChainContextSubst()
            split.Format = 3
            split.BacktrackGlyphCount = 2
            split.BacktrackCoverage = [
                otl.buildCoverage(variants("uni0E" + tone), glyph_map),
                otl.buildCoverage(["uni0E4D", "uni0E4D.narrow"], glyph_map),
            ]
            split.InputGlyphCount, split.InputCoverage = 1, [otl.buildCoverage(["uni0E32"], glyph_map)]
            split.LookAheadGlyphCount, split.LookAheadCoverage = 0, []
            split.SubstCount, split.SubstLookupRecord = 1, [record]
            rules.insert(0, split)
    chain = otl.buildLookup(rules)
    lookups.append(chain)
    gsub.LookupList.LookupCount = len(lookups)
    chain_index = len(lookups) - 1
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(chain_index)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)
    font["maxp"].numGlyphs = len(order)
    if "post" in font and hasattr(font["post"], "extraNames"):
        font["post"].formatType = 2.0
    font.save(str(target))


def pdf_font_dir() -> Path:
    """The directory holding the patched Sarabun faces (built on first use)."""
    directory = _cache_dir()
    if all((directory / name).exists() for name in FACES):
        return directory
    with _lock:
        directory.mkdir(parents=True, exist_ok=True)
        for name in FACES:
            if not (directory / name).exists():
                partial = directory / f".{name}.partial"
                patch_font(SOURCE_DIR / name, partial)
                partial.replace(directory / name)
    return directory
