"""One error shape for the whole API: ``{"message": ..., "extra": {...}}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from pramoen.core.errors import ApplicationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "extra": exc.extra}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        response.data = {"message": str(data["detail"]), "extra": {}}
    else:
        response.data = {"message": str(exceptions.ValidationError.default_detail), "extra": {"fields": data}}
    return response


DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def paginate(request: Any, rows: Any, to_json: Any) -> Response:
    """One page of ``rows`` (an ordered queryset) as ``{"count", "page", "page_size", "pages", "next",
    "previous", "results"}``; ``?page=`` (from 1) and ``?page_size=`` (1–200, default 50).  A page that is
    not a whole number, out of range or past the last page answers 400 naming the parameter."""
    from django.utils.translation import gettext as _

    from pramoen.core.inputs import parse_int

    params = request.query_params
    size = parse_int(
        params.get("page_size"),
        field="page_size",
        label="page_size",
        default=DEFAULT_PAGE_SIZE,
        minimum=1,
        maximum=MAX_PAGE_SIZE,
    )
    page = parse_int(params.get("page"), field="page", label="page", default=1, minimum=1)
    count = rows.count()
    pages = max(1, -(-count // size))
    if page > pages:
        raise ApplicationError(
            _("page: %(page)s is past the last page (%(pages)s).") % {"page": page, "pages": pages},
            {"field": "page", "reason": "out_of_range"},
        )

    def link(n: int) -> str:
        query = params.copy()
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    start = (page - 1) * size
    return Response(
        {
            "count": count,
            "page": page,
            "page_size": size,
            "pages": pages,
            "next": link(page + 1) if page < pages else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": [to_json(row) for row in rows[start : start + size]],
        }
    )
