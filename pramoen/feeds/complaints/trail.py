"""How ``complaints`` (component 4) presents its trail: the window, tickets received, counted and resolved,
and the tickets left out by reason — each linked to the district's ticket list for that window, which
shows every ticket as counted or the reason it was left out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pramoen.scoring.trail import Kind, Reader, Trail, TrailLine, Where, exclusion_lines, link, write

TICKETS = _("tickets")
STARS_PLACE = _("Satisfaction stars in the criteria")
STAR_SHARE = _("Star share (mean stars ÷ 5 × 100)")
WITHOUT_STARS = _("KPI if the stars were not counted")
WITH_STARS = _("KPI if the stars were counted")


def stars_place_text(*, counted: bool, weight: Any, demo: bool) -> str:
    """How the stars enter a score, in the active language: "counted, weight 20% (demo value)"…"""
    if not counted:
        return gettext("shown beside the KPI, not counted")
    text = gettext("counted: (100 − %(w)s)%% of the share resolved + %(w)s%% of the star share")
    text = text % {"w": weight}
    return f"{text} ({gettext('demo value')})" if demo else text


def stars_lines(r: Reader) -> list[TrailLine]:
    """The stars' place, the star share and the figure of the stars' other place (when stored)."""
    counted = r.get("stars_counted")
    weight, demo = r.get("stars_weight"), r.get("stars_weight_is_demo")
    if counted is None:
        return []  # a score stored before the stars had a place
    lines = [TrailLine(STARS_PLACE, stars_place_text(counted=bool(counted), weight=weight, demo=bool(demo)))]
    if r.get("star_percent") is not None:
        lines.append(TrailLine(STAR_SHARE, r.get("star_percent"), Kind.PERCENT))
    without, with_ = r.get("kpi_percent_without_stars"), r.get("kpi_percent_with_stars")
    if without is not None:
        lines.append(TrailLine(WITHOUT_STARS, without, Kind.PERCENT))
    if with_ is not None:
        label = gettext("%(label)s (weight %(w)s%%)") % {"label": WITH_STARS, "w": weight}
        lines.append(TrailLine(label, with_, Kind.PERCENT))
    return lines


def tickets_page(code: Any, start: Any, end: Any) -> str:
    if not str(code or "").isdigit():
        return ""
    return link("complaints:district", int(code), **{"from": start or "", "to": end or ""})


def complaints_trail(inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
    r = Reader(inputs)
    start = r.get("start") or where.period_start.isoformat()
    end = r.get("end") or where.period_end.isoformat()
    page = tickets_page(r.get("district_code"), start, end)
    lines = [TrailLine(_("Tickets created"), f"{write(start, Kind.DATE)} – {write(end, Kind.DATE)}")]
    lines += [
        *r.line("received", Kind.NUMBER, TICKETS, page),
        *r.line("counted", Kind.NUMBER, TICKETS, page),
        *r.line("resolved", Kind.NUMBER, TICKETS, page),
        *r.line("resolved_states"),
        *r.line("dedup", Kind.YES_NO),
    ]
    for key in ("mean_star", "rated", "reopened"):
        if r.get(key) is not None:
            lines += r.line(key, Kind.NUMBER, TICKETS if key != "mean_star" else "")
    if r.get("kpi_percent_if_pending_steps_done") is not None:
        lines += r.line("kpi_percent_if_pending_steps_done", Kind.PERCENT)
    lines += stars_lines(r)
    r.get("agency_code")  # a non-district agency: the page names it already
    return Trail(lines + r.rest(), exclusion_lines(exclusions, TICKETS, page))
