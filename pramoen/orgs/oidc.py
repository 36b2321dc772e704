"""Sign-in through the organisation's OpenID Connect provider (BMA SSO)."""

from __future__ import annotations

from django.conf import settings


def enabled() -> bool:
    """SSO is offered only when the provider and this client are configured."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET)
