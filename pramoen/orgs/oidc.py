"""Sign-in through the organisation's OpenID Connect provider (BMA SSO), as an option beside passwords.

The authorization code flow with PKCE (S256), ``state`` and ``nonce`` (docs/security.md "BMA SSO"):

1. ``begin`` keeps a random state, nonce and PKCE verifier in the session and sends the browser to the
   provider's authorization endpoint (found by OpenID discovery from ``PRAMOEN_OIDC_ISSUER``);
2. ``finish`` takes the provider's answer: the state must be the one kept (and recent), the code is
   exchanged at the token endpoint with the client secret and the verifier, and the ID token must be
   signed by one of the provider's keys (JWKS; asymmetric algorithms only), issued by the configured
   issuer for this client, unexpired, and carry the nonce;
3. the person is matched to an existing pramoen account by ``PRAMOEN_OIDC_USERNAME_CLAIM`` (default
   ``preferred_username``), else by a verified e-mail address.  No account is ever created: accounts
   carry an agency and roles that the provider does not know.  A deactivated account is refused.

Every failure is an ``SSOError`` whose message is for the person (Thai in the interface); nothing here
answers 500 when the provider is down or sends nonsense.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "_pramoen_oidc"
STATE_MINUTES = 10
LEEWAY_SECONDS = 60
_ASYMMETRIC = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
_DISCOVERY_SECONDS = 3600
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_clients: dict[str, jwt.PyJWKClient] = {}

PROVIDER_DOWN = _("BMA SSO cannot be reached at the moment. Try again later or sign in with your password.")
EXPIRED = _("The BMA SSO sign-in expired or did not come from this browser. Please try again.")
REFUSED = _("BMA SSO did not sign you in.")
BAD_TOKEN = _("BMA SSO's answer could not be verified. Try again, or tell the administrator if it repeats.")
UNKNOWN = _(
    "There is no pramoen account for %(name)s. Ask the administrator to open one; accounts are not "
    "created from BMA SSO."
)
ENDED = _("The pramoen account %(name)s has been ended. Ask the administrator if this is a mistake.")


class SSOError(Exception):
    """A sign-in through BMA SSO that did not succeed; ``str(error)`` is the message for the person."""


def enabled() -> bool:
    """SSO is offered only when the provider and this client are configured."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET)


def clear_caches() -> None:
    _discovery_cache.clear()
    _jwks_clients.clear()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def discovery() -> dict[str, Any]:
    """The provider's metadata (``/.well-known/openid-configuration``), kept for an hour."""
    issuer = settings.OIDC_ISSUER
    cached = _discovery_cache.get(issuer)
    if cached and time.monotonic() - cached[0] < _DISCOVERY_SECONDS:
        return cached[1]
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT_SECONDS
        )
        response.raise_for_status()
        meta = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SSOError(PROVIDER_DOWN) from exc
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(meta, dict) or any(not isinstance(meta.get(k), str) for k in needed):
        raise SSOError(PROVIDER_DOWN)
    if meta["issuer"].rstrip("/") != issuer:
        raise SSOError(BAD_TOKEN)
    _discovery_cache[issuer] = (time.monotonic(), meta)
    return meta


def redirect_uri(request: Any) -> str:
    return str(request.build_absolute_uri(reverse("sso-callback")))


def begin(request: Any, next_url: str) -> str:
    """Remember a fresh state, nonce and PKCE verifier; the address to send the browser to."""
    meta = discovery()
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
    request.session[SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "at": time.time(),
    }
    params = {
        "response_type": "code",
        "client_id": settings.OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri(request),
        "scope": settings.OIDC_SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": _b64url(hashlib.sha256(verifier.encode("ascii")).digest()),
        "code_challenge_method": "S256",
    }
    separator = "&" if "?" in meta["authorization_endpoint"] else "?"
    return f"{meta['authorization_endpoint']}{separator}{urlencode(params)}"


def _exchange(request: Any, meta: dict[str, Any], code: str, verifier: str) -> str:
    try:
        response = requests.post(
            meta["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri(request),
                "code_verifier": verifier,
            },
            auth=(settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET),
            timeout=settings.OIDC_TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        raise SSOError(PROVIDER_DOWN) from exc
    if response.status_code >= 500:
        raise SSOError(PROVIDER_DOWN)
    try:
        body = response.json()
    except ValueError as exc:
        raise SSOError(BAD_TOKEN) from exc
    token = body.get("id_token") if isinstance(body, dict) and response.status_code == 200 else None
    if not isinstance(token, str):
        raise SSOError(EXPIRED if response.status_code == 400 else BAD_TOKEN)
    return token


def verify_id_token(meta: dict[str, Any], token: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims, once its signature (the provider's JWKS), issuer, audience, times and
    nonce are right; else ``SSOError``."""
    allowed = set(meta.get("id_token_signing_alg_values_supported") or ["RS256"]) & _ASYMMETRIC
    client = _jwks_clients.get(meta["jwks_uri"])
    if client is None:
        client = jwt.PyJWKClient(meta["jwks_uri"], timeout=settings.OIDC_TIMEOUT_SECONDS, lifespan=3600)
        _jwks_clients[meta["jwks_uri"]] = client
    try:
        key = client.get_signing_key_from_jwt(token)
    except jwt.PyJWKClientConnectionError as exc:
        raise SSOError(PROVIDER_DOWN) from exc
    except jwt.PyJWTError as exc:
        raise SSOError(BAD_TOKEN) from exc
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key.key,
            algorithms=sorted(allowed),
            audience=settings.OIDC_CLIENT_ID,
            issuer=meta["issuer"],
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise SSOError(BAD_TOKEN) from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != settings.OIDC_CLIENT_ID:
        raise SSOError(BAD_TOKEN)
    if not hmac.compare_digest(str(claims.get("nonce") or ""), nonce):
        raise SSOError(BAD_TOKEN)
    return claims


def match_user(claims: dict[str, Any]) -> Any:
    """The existing, active pramoen account the claims name; ``SSOError`` for anyone else."""
    users = get_user_model()._default_manager
    name = claims.get(settings.OIDC_USERNAME_CLAIM)
    user = None
    if isinstance(name, str) and name.strip():
        user = users.filter(username__iexact=name.strip()).first()
    email = claims.get("email")
    if (
        user is None
        and isinstance(email, str)
        and email.strip()
        and claims.get("email_verified") is not False
    ):
        matches = list(users.filter(email__iexact=email.strip())[:2])
        user = matches[0] if len(matches) == 1 else None
    shown = name if isinstance(name, str) and name else email if isinstance(email, str) else claims.get("sub")
    if user is None:
        raise SSOError(UNKNOWN % {"name": str(shown or "")[:150]})
    if not user.is_active:
        raise SSOError(ENDED % {"name": user.get_username()})
    return user


def finish(request: Any) -> tuple[Any, str]:
    """The person the provider's answer (the callback's query string) signs in, and where they were
    going; the kept state is used once whatever happens."""
    pending = request.session.pop(SESSION_KEY, None)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > STATE_MINUTES * 60:
        raise SSOError(EXPIRED)
    state = request.GET.get("state") or ""
    if not hmac.compare_digest(state.encode(), str(pending.get("state", "")).encode()):
        raise SSOError(EXPIRED)
    if request.GET.get("error"):
        raise SSOError(REFUSED)
    code = request.GET.get("code") or ""
    if not code:
        raise SSOError(EXPIRED)
    meta = discovery()
    token = _exchange(request, meta, code, str(pending["verifier"]))
    claims = verify_id_token(meta, token, str(pending["nonce"]))
    return match_user(claims), str(pending.get("next") or "")
