from __future__ import annotations

from typing import Any

from django import template

from pramoen.orgs.accounts import STALE_AFTER_DAYS, stale_accounts

register = template.Library()


@register.simple_tag
def stale_accounts_summary() -> dict[str, Any]:
    """For the administrator's home section: how many accounts are unused, and the first twenty."""
    rows = stale_accounts()
    return {"count": rows.count(), "first": list(rows[:20]), "days": STALE_AFTER_DAYS}
