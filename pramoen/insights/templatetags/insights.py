"""``heat``: the colour class of a score of 5 (the same bands on the heat map, the map and the legend);
``peer_label``: a peer group's name."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy

register = template.Library()

BANDS = (
    (Decimal(4), "pm-heat-5"),
    (Decimal(3), "pm-heat-4"),
    (Decimal(2), "pm-heat-3"),
    (Decimal(1), "pm-heat-2"),
)


@register.filter
def heat(score: Decimal | str | None) -> str:
    if score is None or score == "":
        return "pm-heat-none"
    for low, css in BANDS:
        if Decimal(score) >= low:
            return css
    return "pm-heat-1"


PEER_GROUPS = {
    "inner": gettext_lazy("inner city"),
    "middle": gettext_lazy("middle ring"),
    "outer": gettext_lazy("outer ring"),
}


@register.filter
def peer_label(group: str) -> str:
    """The peer group's name (complaints.selectors.PEER_GROUPS) in the active language."""
    return str(PEER_GROUPS.get(group, group))
