"""Error reports to Sentry (or any server speaking its protocol, e.g. GlitchTip) when ``SENTRY_DSN`` is set.

Called once from settings.  Without the DSN nothing is imported or initialised.  What leaves the machine
is kept to what a developer needs to find the fault, never what a person typed (PDPA): no cookies, no user
name, e-mail or address (``send_default_pii=False``), no request bodies, no local variables of the frames
(a complaint's text or a citizen's name could be one).  Passwords, tokens and session ids are also removed
by the SDK's own scrubber should they appear anywhere else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

from pramoen.env import env_str


def _sample_rate(environ: Mapping[str, str]) -> float:
    raw = env_str("SENTRY_TRACES_SAMPLE_RATE", "0", environ=environ)
    try:
        rate = float(raw)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise ImproperlyConfigured(f"SENTRY_TRACES_SAMPLE_RATE={raw!r} must be a number from 0 to 1")
    return rate


def sentry_init(environ: Mapping[str, str] = os.environ) -> bool:
    """Start the Sentry SDK with the Django integration when ``SENTRY_DSN`` is set; True when started."""
    dsn = env_str("SENTRY_DSN", "", environ=environ)
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        release=env_str("SENTRY_RELEASE", "", environ=environ) or None,
        environment=env_str("SENTRY_ENVIRONMENT", "production", environ=environ),
        traces_sample_rate=_sample_rate(environ),
    )
    return True
