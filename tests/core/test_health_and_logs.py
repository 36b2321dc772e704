"""/healthz for the load balancer; JSON log lines carrying the request's and the user's ids."""

import io
import json
import logging

import pytest
from django.test import Client, RequestFactory

from pramoen.core import health
from pramoen.core.logs import JsonFormatter, RequestContextFilter, RequestIdMiddleware

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_a_sign_in(settings):
    from django.core.cache import caches

    from pramoen.jobs.worker import CACHE as JOBS_CACHE
    from pramoen.jobs.worker import WORKER_BEAT_KEY, beat

    caches[JOBS_CACHE].delete(WORKER_BEAT_KEY)  # an earlier test in this process may have run a worker
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == ("ok" if settings.REDIS_URL else "not configured")
    assert body["checks"]["worker"] in {"none", "not installed"}  # no worker has beaten yet
    assert "no-cache" in response["Cache-Control"]
    beat()  # a worker's heartbeat is reported, with its age
    assert Client().get("/healthz").json()["checks"]["worker"].startswith("ok (")
    assert Client().post("/healthz").status_code == 405


def test_healthz_is_503_naming_the_failing_check(monkeypatch):
    def broken() -> str:
        raise ConnectionError("redis://secret@host refused")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failing"
    assert "secret" not in response.content.decode()


def _captured() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("pramoen.test.logs")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_a_log_line_is_json_with_the_request_and_user_ids(personas):
    logger, stream = _captured()

    def view(request):
        logger.info("saved report %s", 7)
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="lb-1234")
    request.user = personas["bangrak.staff"]
    response = RequestIdMiddleware(view)(request)
    line = json.loads(stream.getvalue())
    assert line["message"] == "saved report 7" and line["level"] == "INFO"
    assert line["request_id"] == "lb-1234" == response["X-Request-ID"]
    assert line["user_id"] == str(personas["bangrak.staff"].pk)
    logger.info("outside a request")
    assert json.loads(stream.getvalue().splitlines()[1])["request_id"] == ""


def test_an_unsafe_request_id_is_replaced(personas):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID='"><script>')
    request.user = AnonymousUser()
    response = RequestIdMiddleware(lambda r: HttpResponse())(request)
    assert len(response["X-Request-ID"]) == 32 and response["X-Request-ID"].isalnum()


def test_healthz_reports_the_workers_heartbeat_without_failing_on_it():
    from pramoen.jobs.worker import beat

    beat()
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json()["checks"]["worker"].startswith("ok (")
