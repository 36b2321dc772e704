"""How ``survey`` presents its trail: the closed survey used (linked), its rule and counts, or the counts
the agency reported and the evaluation office verified."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from pramoen.scoring.trail import Kind, Reader, Trail, TrailLine, Where, exclusion_lines, record_line

PEOPLE = _("people")
ANSWERS = _("answers")


def survey_trail(inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
    r = Reader(inputs)
    lines: list[TrailLine] = []
    lines += record_line(r, _("Survey"), "survey", "survey_title", "surveys:detail")
    lines += [
        *r.line("rule"),
        *r.line("responses", Kind.NUMBER, PEOPLE),
        *r.line("satisfied", Kind.NUMBER, PEOPLE),
        *r.line("answers", Kind.NUMBER, ANSWERS),
        *r.line("top_two", Kind.NUMBER, ANSWERS),
    ]
    if r.get("sample_size"):
        lines += r.line("sample_size", Kind.NUMBER, PEOPLE)
    lines += r.line("survey_responses", Kind.NUMBER, PEOPLE)
    return Trail(lines + r.rest(), exclusion_lines(exclusions))
