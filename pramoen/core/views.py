"""Error pages: inside the normal page frame, in Thai (or English), saying what happened and where to go.

Under ``/api/`` every error is JSON in the API's one shape, ``{"message": ..., "extra": {...}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("The request could not be understood"),
            _(
                "Something in the address or the form was not valid. "
                "Go back, check what you entered and try again."
            ),
        ),
        403: (
            _("You may not open this page"),
            _(
                "Your role does not allow this page. "
                "If you need it for your work, ask your agency's administrator."
            ),
        ),
        404: (
            _("Page not found"),
            _("The address may be mistyped, or the item was removed. Start again from your home page."),
        ),
        500: (
            _("Something went wrong on our side"),
            _("Nothing you did caused this. The error was recorded; try again in a few minutes."),
        ),
    }


def _reason(exception: Any) -> str:
    """A message a view raised on purpose (PermissionDenied("Only …")), never a technical one."""
    if exception is None:
        return ""
    args = getattr(exception, "args", ())
    text = str(args[0]) if args and isinstance(args[0], str | Promise) else ""  # Promise: a lazy translation
    if text.startswith(("No ", "Resolver404", "{")) or "matches the given query" in text:
        return ""
    return text


def _error(request: HttpRequest, status: int, exception: Any = None) -> HttpResponse:
    title, advice = _titles()[status]
    reason = _reason(exception) if status in (400, 403) else ""
    if _is_api(request):
        return JsonResponse({"message": reason or title, "extra": {"status": status}}, status=status)
    context = {"status": status, "title": title, "advice": advice, "reason": reason}
    try:
        return render(request, "error.html", context, status=status)
    except Exception:  # the page frame itself failed (a broken database): a plain page, never a second 500
        log.exception("error page could not be rendered")
        return HttpResponse(
            f"<!doctype html><html lang='th'><meta charset='utf-8'><title>{status}</title>"
            f"<h1>{title}</h1><p>{advice}</p><p><a href='/'>{_('Home')}</a></p></html>",
            status=status,
        )


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400, exception)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 403, exception)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)
