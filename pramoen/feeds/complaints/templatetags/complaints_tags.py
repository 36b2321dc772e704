"""Filters for the complaint pages: ``{{ kpi.median_days_source|resolved_from }}`` names, in words, where the
resolution times behind the median came from (the stored keys ``last_activity`` and ``state_history``)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def resolved_from(sources: str | None) -> str:
    """``"last_activity+state_history"`` → the two sources in words, joined; unknown keys are left out."""
    names = {
        "last_activity": _("the ticket's last activity time"),
        "state_history": _("the import that first saw it resolved"),
    }
    said = [names[key] for key in (sources or "").split("+") if key in names]
    return _(" and ").join(said)
