"""How ``online_services`` (KPI 3.1) presents its trail.  A district office: applications by channel over
the period, the records and imports read, and processes left out — linked to the district's service
records page.  A bureau or office: one line per digital system, linked to the agency's usage records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from pramoen.feeds.services.models import DigitalSystem
from pramoen.framework.periods import SUMMARY_CODES
from pramoen.orgs.models import District
from pramoen.scoring.trail import Kind, Reader, Text, Trail, TrailLine, Where, exclusion_lines, link, write

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


def _tail(r: Reader) -> list[TrailLine]:
    """The imports read, and the criteria and level when an older version stored them."""
    lines = []
    imports = r.get("imports")
    if isinstance(imports, list):
        text = ", ".join(gettext("import no. %(n)s") % {"n": i} for i in imports) or gettext("nothing")
        lines.append(TrailLine(_("Service data imports used"), text))
    thresholds = r.get("thresholds")
    if isinstance(thresholds, list) and thresholds:
        lines.append(TrailLine(_("Criteria used (levels 1–5)"), thresholds, Kind.PERCENT))
    return lines + list(r.line("level", Kind.NUMBER))


def systems_page(where: Where) -> str:
    period = where.period_code if where.period_code in SUMMARY_CODES else ""
    return link("services:agency-systems", where.agency_code, fy=where.fiscal_year, period=period)


def systems_lines(r: Reader, where: Where) -> list[TrailLine]:
    """3.1 of a bureau or office: one line per system (accounts used of accounts, the share), linked to
    the agency's usage records; the mean is the actual the page shows above the trail."""
    page = systems_page(where)
    r.get("measure")
    rows = r.get("systems")
    rows = [row for row in rows if isinstance(row, Mapping)] if isinstance(rows, list) else []
    name = "name_en" if (get_language() or "th").startswith("en") else "name_th"
    codes = [str(row.get("system")) for row in rows]
    names = dict(DigitalSystem.objects.filter(code__in=codes).values_list("code", name))
    reading = gettext(
        "pramoen's reading (the seed gives no formula): for each system, the accounts used over the "
        "period's months ÷ the accounts × 100; 3.1 is the mean over the systems"
    )
    lines = [TrailLine(_("How 3.1 is read here"), reading)]
    for row in rows:
        code = str(row.get("system"))
        value = gettext("%(active)s of %(accounts)s accounts used (%(months)s months) = %(share)s") % {
            "active": write(row.get("active"), Kind.NUMBER),
            "accounts": write(row.get("accounts"), Kind.NUMBER),
            "months": write(row.get("months"), Kind.NUMBER),
            "share": write(row.get("share"), Kind.PERCENT),
        }
        lines.append(TrailLine(names.get(code, code), value, Kind.TEXT, "", page))
    if not rows:
        lines.append(TrailLine(_("Digital systems measured"), gettext("none"), Kind.TEXT, "", page))
    if "records" in r:
        lines.append(TrailLine(_("System usage records read"), r.get("records"), Kind.NUMBER, "", page))
    return lines


def _period(r: Reader, label: Text) -> list[TrailLine]:
    if "period_start" not in r and "period_end" not in r:
        return []
    start, end = r.get("period_start"), r.get("period_end")
    return [TrailLine(label, f"{write(start, Kind.DATE)} – {write(end, Kind.DATE)}")]


def services_trail(inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
    r = Reader(inputs)
    if r.data.get("measure") == "systems":
        lines = [*_period(r, _("System use in")), *systems_lines(r, where), *_tail(r)]
        return Trail(lines + r.rest(), exclusion_lines(exclusions))
    page = records_page(where)
    lines = [
        *_period(r, _("Applications made")),
        *r.line("online", Kind.NUMBER, APPLICATIONS, page),
        *r.line("counter", Kind.NUMBER, APPLICATIONS),
        *r.line("other", Kind.NUMBER, APPLICATIONS),
        *r.line("total", Kind.NUMBER, APPLICATIONS, page),
        *r.line("records", Kind.NUMBER),
        *_tail(r),
    ]
    r.get("agency")  # stored by an older version for a non-district agency: the page names it already
    return Trail(lines + r.rest(), exclusion_lines(exclusions, link=page, describe=_left_out))
