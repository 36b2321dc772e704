from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from pramoen import __version__


def _password_change_url() -> str:
    try:
        return reverse("password_change")
    except NoReverseMatch:
        return ""


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: the navigation depends on what the user may see."""
    from pramoen.core import navigation

    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    bell = navigation.bell_for(user) if signed_in else None
    return {
        "pramoen_version": __version__,
        "nav_groups": navigation.grouped_menu_for(user) if signed_in else [],
        "nav_bell_url": bell[0] if bell else "",
        "nav_unread": bell[1] if bell else 0,
        "nav_password_url": _password_change_url() if signed_in else "",
    }
