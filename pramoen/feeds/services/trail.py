"""How ``online_services`` (KPI 3.1) presents its trail: applications by channel over the period, the
records and imports read, and processes left out — linked to the district's service records page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pramoen.framework.periods import SUMMARY_CODES
from pramoen.orgs.models import District
from pramoen.scoring.trail import Kind, Reader, Trail, TrailLine, Where, exclusion_lines, link, write

APPLICATIONS = _("service applications")


def records_page(where: Where) -> str:
    code = District.objects.filter(office_id=where.agency_id).values_list("code", flat=True).first()
    if code is None:
        return ""
    period = where.period_code if where.period_code in SUMMARY_CODES else ""
    return link("services:district", code, fy=where.fiscal_year, period=period)


def _left_out(_reason: str, group: Mapping[str, Any]) -> str:
    codes = group.get("codes") or []
    parts = [gettext("%(n)s processes") % {"n": write(group.get("count", len(codes)), Kind.NUMBER)}]
    if "applications" in group:
        parts.append(write(group["applications"], Kind.NUMBER, APPLICATIONS))
    if codes:
        parts.append(", ".join(str(c) for c in codes))
    return " · ".join(parts)


def services_trail(inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
    r = Reader(inputs)
    page = records_page(where)
    lines: list[TrailLine] = []
    if "period_start" in r or "period_end" in r:
        start, end = r.get("period_start"), r.get("period_end")
        lines.append(
            TrailLine(_("Applications made"), f"{write(start, Kind.DATE)} – {write(end, Kind.DATE)}")
        )
    lines += [
        *r.line("online", Kind.NUMBER, APPLICATIONS, page),
        *r.line("counter", Kind.NUMBER, APPLICATIONS),
        *r.line("other", Kind.NUMBER, APPLICATIONS),
        *r.line("total", Kind.NUMBER, APPLICATIONS, page),
        *r.line("records", Kind.NUMBER),
    ]
    imports = r.get("imports")
    if isinstance(imports, list):
        text = ", ".join(gettext("import no. %(n)s") % {"n": i} for i in imports) or gettext("nothing")
        lines.append(TrailLine(_("Service data imports used"), text))
    thresholds = r.get("thresholds")
    if isinstance(thresholds, list) and thresholds:
        lines.append(TrailLine(_("Criteria used (levels 1–5)"), thresholds, Kind.PERCENT))
    lines += r.line("level", Kind.NUMBER)
    r.get("agency")  # a non-district agency: the page names it already
    return Trail(lines + r.rest(), exclusion_lines(exclusions, link=page, describe=_left_out))
