"""Logs a machine can read: in production every record is one JSON line carrying the request's id and
the signed-in user's id, so one request can be followed through the web server, the application and
the database log (the id is also sent back as ``X-Request-ID``, and a proxy's own id is kept)."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestContextFilter(logging.Filter):
    """Puts ``request_id`` and ``user_id`` on every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO), level, logger, message, request and user ids, and the
    traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
            "user_id": getattr(record, "user_id", ""),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    """Gives each request an id (the proxy's ``X-Request-ID`` when it is a plain token, else a new one)
    and makes it, and the user's id, known to every log record written while serving it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        rid = request_id_var.set(request_id)
        uid = user_id_var.set("")
        try:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                user_id_var.set(str(user.pk))
            response = self.get_response(request)
        finally:
            request_id_var.reset(rid)
            user_id_var.reset(uid)
        response.headers.setdefault("X-Request-ID", request_id)
        return response
