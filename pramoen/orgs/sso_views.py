"""The BMA SSO button's two ends: off to the provider, and back (``orgs/oidc.py``).  Every failure goes
back to the sign-in page with a message in Thai; none answers 500."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pramoen.orgs import oidc, signin

logger = logging.getLogger(__name__)
BACKEND = "pramoen.orgs.backends.ThrottledModelBackend"


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else reverse(settings.LOGIN_REDIRECT_URL)


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404
    try:
        return redirect(oidc.begin(request, _safe_next(request, request.GET.get("next") or "")))
    except oidc.SSOError as exc:
        messages.error(request, str(exc))
        return redirect("login")


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Signs in the existing, active account the provider vouches for.  The provider's own
    multi-factor sign-in stands in for pramoen's second step unless ``PRAMOEN_OIDC_REQUIRE_TOTP``."""
    if not oidc.enabled():
        raise Http404
    try:
        user, target = oidc.finish(request)
    except oidc.SSOError as exc:
        logger.info("BMA SSO sign-in refused: %s", exc.__cause__ or exc)
        messages.error(request, str(exc))
        return redirect("login")
    target = _safe_next(request, target)
    user.backend = BACKEND
    if settings.OIDC_REQUIRE_TOTP:
        second_step = signin.after_password(request, user, target)
        if second_step:
            return redirect(second_step)
    auth_login(request, user, backend=BACKEND)
    return redirect(target)
