from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from pramoen.core.audit import acting_as


class AuditActorMiddleware:
    """Makes the signed-in user the actor of every audit entry written while serving the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, label=user.get_username() if user else "anonymous"):
            return self.get_response(request)


class ThaiFirstLocaleMiddleware:
    """Thai unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a civil servant whose
    browser happens to be set to English would get English pages; pramoen is Thai first, and only the
    explicit choice (the language cookie set by the switch) changes that.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` with every response that has none of its own.

    Scripts come from this site only — no inline script, no ``eval`` — so text that slipped into a
    page unescaped still cannot run.  Styles allow ``'unsafe-inline'`` (``style=`` attributes, Leaflet's
    and htmx's injected styles), which cannot run code.  See docs/security.md.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
