"""Template filters for BE dates and Thai digits: ``{{ value|be_date }}``, ``{{ n|thai_digits }}``."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from pramoen.core import actors, thai

register = template.Library()


def _language() -> str:
    return translation.get_language() or "th"


@register.filter
def be_date(value: dt.date | dt.datetime | None, style: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return thai.format_date(value, language=_language(), long=style == "long")


@register.filter
def be_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return thai.format_datetime(value, language=_language())


@register.filter
def be_year(value: int | None) -> str:
    return "" if value is None else str(thai.be_year(int(value)))


@register.filter
def actor(label: str | None) -> str | SafeString:
    """Who did it, from an audit or job ``actor_label``: a person's name as recorded, or work the system did
    (``system:<what>``) as the system and the work's name (core.actors); work nobody named keeps its code."""
    label = label or ""
    if label != "system" and not label.startswith("system:"):
        return label
    system = pgettext("who did it", "the system")
    what = label.partition(":")[2]
    if not what:
        return system
    name = actors.system_work(what)
    if name is not None:
        return format_html("{} ({})", system, name)
    return format_html("{} <code>{}</code>", system, what)


@register.filter
def thai_digits(value: object) -> str:
    return thai.to_thai_digits(value)


@register.filter
def num(value: object, places: int | str = "") -> str:
    """A number as people write it: thousands separated, no trailing zeros (``60.0000`` → ``60``,
    ``1234.5`` → ``1,234.5``); ``places`` fixes the decimals (``{{ x|num:2 }}``)."""
    return _number_text(value, places, grouped=True)


@register.filter
def num_input(value: object) -> str:
    """A number as an input's value, to be edited: no trailing zeros and no separators (``60.0000`` →
    ``60``, ``1234.5000`` → ``1234.5``); empty for None."""
    return _number_text(value, "", grouped=False)


def _number_text(value: object, places: int | str, *, grouped: bool) -> str:
    from decimal import Decimal, InvalidOperation

    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    comma = "," if grouped else ""
    if places != "":
        return f"{number:{comma}.{int(places)}f}"
    text = f"{number:{comma}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
