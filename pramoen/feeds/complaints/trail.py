"""How ``complaints`` (component 4) presents its trail: the window, tickets received, counted and resolved,
and the tickets left out by reason — each linked to the district's ticket list for that window, which
shows every ticket as counted or the reason it was left out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from pramoen.scoring.trail import Kind, Reader, Trail, TrailLine, Where, exclusion_lines, link, write

TICKETS = _("tickets")


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
    r.get("agency_code")  # a non-district agency: the page names it already
    return Trail(lines + r.rest(), exclusion_lines(exclusions, TICKETS, page))
