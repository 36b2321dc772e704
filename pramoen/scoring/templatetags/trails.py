from __future__ import annotations

from typing import Any

from django import template

from pramoen.scoring.trail import Kind, write

register = template.Library()


@register.filter
def trail_number(value: Any) -> str:
    """A stored figure ("80.0000") as a person writes it: 80 · 12.5 · 1,234."""
    return write(value, Kind.NUMBER)
