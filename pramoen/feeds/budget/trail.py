"""How ``budget_disbursement`` (KPI 3.2) presents its trail: the money figures in baht as of the period's
end, the lines counted and left out by reason, each linked to the agency's budget lines page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pramoen.framework.periods import SUMMARY_CODES
from pramoen.scoring.trail import (
    Kind,
    Reader,
    Trail,
    TrailLine,
    Where,
    exclusion_lines,
    humanise,
    link,
    write,
)


def lines_page(where: Where) -> str:
    """The agency's budget lines page as of the period's end (why each line counts or not)."""
    return link(
        "budget:agency",
        where.agency_code,
        fy=where.fiscal_year,
        period=where.period_code if where.period_code in SUMMARY_CODES else "",
        as_of=where.period_end.isoformat(),
    )


def _lines(codes: Any) -> str:
    n = len(codes) if isinstance(codes, list) else 0
    return gettext("%(n)s budget lines") % {"n": f"{n:,}"}


def _left_out(_reason: str, group: Mapping[str, Any]) -> str:
    parts = [_lines(group.get("lines", [None] * int(group.get("count") or 0)))]
    if "budget" in group:
        parts.append(gettext("budget %(amount)s") % {"amount": write(group["budget"], Kind.MONEY)})
    if "disbursed" in group:
        parts.append(gettext("disbursed %(amount)s") % {"amount": write(group["disbursed"], Kind.MONEY)})
    codes = group.get("lines")
    if isinstance(codes, list) and codes:
        parts.append(gettext("lines %(codes)s") % {"codes": ", ".join(str(c) for c in codes)})
    return " · ".join(parts)


def budget_trail(inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
    r = Reader(inputs)
    page = lines_page(where)
    lines = [
        *r.line("as_of", Kind.DATE),
        *r.line("approved", Kind.MONEY),
        *r.line("transfer_in", Kind.MONEY),
        *r.line("transfer_out", Kind.MONEY),
        *r.line("budget_after_transfers", Kind.MONEY, link=page),
        *r.line("committed", Kind.MONEY),
        *r.line("disbursed", Kind.MONEY, link=page),
    ]
    if "lines" in r:
        lines.append(TrailLine(_("Budget lines counted"), _lines(r.get("lines")), link=page))
    reasons = r.get("excluded_reasons")
    if isinstance(reasons, list):
        text = ", ".join(humanise(str(x)) for x in reasons) or gettext("nothing")
        lines.append(TrailLine(_("Left out by the year's rules"), text))
    thresholds = r.get("thresholds")
    if isinstance(thresholds, list) and thresholds:
        lines.append(TrailLine(_("Criteria used (levels 1–5)"), thresholds, Kind.PERCENT))
    lines += r.line("level", Kind.NUMBER)
    return Trail(lines + r.rest(), exclusion_lines(exclusions, link=page, describe=_left_out))
