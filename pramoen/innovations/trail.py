"""How ``innovation`` (component 2) presents its trail: the innovation used (linked), its kind, the host's
rubric marks, the level and its cap, and who adopted it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pramoen.innovations.selectors import rubric_label
from pramoen.scoring.trail import (
    Kind,
    Reader,
    Trail,
    TrailLine,
    Where,
    exclusion_lines,
    humanise,
    record_line,
    write,
)


def _marks(marks: Any) -> str:
    if not isinstance(marks, Mapping):
        return write(marks)
    return "; ".join(f"{_criterion(str(k))} {write(v, Kind.NUMBER)}" for k, v in marks.items()) or "–"


def _criterion(key: str) -> str:
    label = rubric_label(key)
    return humanise(key) if label == key else label


def innovation_trail(inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
    r = Reader(inputs)
    lines: list[TrailLine] = []
    lines += record_line(r, _("Innovation"), "innovation", "title", "innovations:detail")
    lines += r.line("kind")
    if "marks" in r:
        lines.append(TrailLine(_("Rubric marks"), _marks(r.get("marks"))))
    lines += [*r.line("level", Kind.NUMBER), *r.line("cap", Kind.NUMBER)]
    adopted = r.get("adopted_by")
    if isinstance(adopted, list):
        lines.append(TrailLine(_("Adopted by"), ", ".join(str(a) for a in adopted) or gettext("nobody yet")))
    lines += r.line("scored_innovations", Kind.NUMBER)
    return Trail(lines + r.rest(), exclusion_lines(exclusions))
