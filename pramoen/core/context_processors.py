from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pramoen import __version__


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: the navigation depends on what the user may see."""
    from pramoen.core import navigation
    from pramoen.orgs.policy import Action, can

    user = request.user
    return {
        "pramoen_version": __version__,
        "nav_items": navigation.menu_for(user) if user.is_authenticated else [],
        "nav_can_audit": can(user, Action.VIEW_AUDIT),
        "nav_can_admin": bool(user.is_authenticated and user.is_staff),
    }
