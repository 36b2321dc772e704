from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pramoen.monitoring.thaiwrap import wrap_words

register = template.Library()


@register.simple_tag(takes_context=True)
def words(context: Any, text: str) -> SafeString:
    """``text`` escaped; in the PDF, kept from breaking inside a Thai word."""
    if context.get("wrap_words"):
        return wrap_words(str(text))
    return mark_safe(escape(text))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag
def item_number(numbers: Any, kind: str, pk: int) -> str:
    """The number the report prints before this item ("๑.", "(๒)", or nothing for a lone bare one)."""
    return str((numbers or {}).get(f"{kind}-{pk}", ""))
