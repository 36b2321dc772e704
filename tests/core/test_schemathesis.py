"""Schemathesis against the API with the whole demo loaded, as the evaluation officer and as a district
officer: every operation of the OpenAPI schema (reads and writes), with generated valid and invalid input,
answers below 500, in the documented content type, with a body the schema describes, refusing a caller
whose credentials are wrong, and with errors in pramoen's ``{"message", "extra"}`` shape.

Bounded: a fixed number of examples per operation and caller, derandomised (the same cases every run),
no example database.  Runs once, on SQLite (``-m fuzz``; the Makefile keeps it out of the PostgreSQL run).
``PRAMOEN_FUZZ_EXAMPLES`` raises the count for a longer hunt by hand."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    not_a_server_error,
    response_schema_conformance,
)

from pramoen.orgs.models import User

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("PRAMOEN_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance, ignored_auth]
CALLERS = ("eval.officer", "bangrak.staff")  # the evaluation office, a district office's officer
_token = {"key": "", "name": ""}


@schemathesis.auth(refresh_interval=None)
class _TokenAuth:
    """The caller of the moment, by DRF token (no CSRF; schemathesis' ignored_auth check replaces it)."""

    def get(self, case: Any, context: Any) -> str:
        return _token["key"]

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Token {data}"


def _error_shape(response: Any) -> str | None:
    if 400 <= response.status_code < 500 and "json" in response.headers.get("Content-Type", [""])[0]:
        body = response.json()
        if not isinstance(body, dict) or set(body) != {"message", "extra"}:
            return f"{response.status_code} not in the error shape: {str(body)[:200]}"
    return None


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis' WSGI client
    from pramoen.orgs.models import Agency, District, DistrictGroup
    from pramoen.orgs.reference import load_reference

    if not DistrictGroup.objects.exists():  # after a transactional test
        load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_no_operation_fails_for_the_evaluation_officer_or_a_district_officer(demo: None) -> None:
    started = time.monotonic()
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema.app = get_wsgi_application()
    operations = [result.ok() for result in schema.get_all_operations()]
    # the WSGI handler would close the test's own connection after each request (Django's test client
    # does the same disconnecting)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    failures: list[str] = []
    examples = {name: 0 for name in CALLERS}
    try:
        for name in CALLERS:
            _token["name"] = name
            _token["key"] = Token.objects.get_or_create(user=User.objects.get(username=name))[0].key
            for operation in operations:

                @given(case=operation.as_strategy())
                @hypothesis_settings(
                    max_examples=EXAMPLES,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                def check(case: Any) -> None:
                    examples[_token["name"]] += 1
                    response = case.call_and_validate(checks=CHECKS)
                    problem = _error_shape(response)
                    assert problem is None, f"{case.method} {case.formatted_path}: {problem}"

                try:
                    check()
                except BaseException as exc:  # schemathesis' FailureGroup is an exception group
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    failures.append(f"[{name}] {operation.label}: {str(exc)[:1500]}")
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    took = time.monotonic() - started
    print(f"schemathesis: {len(operations)} operations, {examples} examples, {took:.0f} s")
    assert not failures, "\n\n".join(failures)
    assert len(operations) > 40 and all(n >= len(operations) for n in examples.values())
