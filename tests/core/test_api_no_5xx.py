"""Every GET operation of the OpenAPI schema, called with odd values in each of its parameters, answers
below 500, errors in the ``{"message", "extra"}`` shape and successes as the schema describes them (a
quick schema-driven check; schemathesis itself runs in tests/core/test_schemathesis.py)."""

from __future__ import annotations

import re

from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.schema_check import schema_mismatches

ODD = ["x", "-1", "99999999999999999999", "2024-13-45"]


def test_the_mismatch_finder_finds_an_undescribed_key():
    schema = {"components": {"schemas": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}}
    assert schema_mismatches({"x": "1", "y": 2}, {"$ref": "#/components/schemas/A"}, schema) == [
        "/y: not in the schema"
    ]


def test_no_get_operation_answers_5xx_to_odd_parameters(personas):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    client = APIClient()
    client.force_authenticate(personas["eval.officer"])
    failures = []
    calls = 0
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        params = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        success = operation["responses"].get("200", {}).get("content", {}).get("application/json")
        for odd_path in {re.sub(r"\{[^}]+\}", value, path) for value in ("0", "x")}:
            cases = [{}] + [{p["name"]: value} for p in params for value in ODD]
            for query in cases:
                response = client.get(odd_path, query)
                calls += 1
                shown = f"GET {odd_path} {query}"
                if response.status_code >= 500:
                    failures.append(f"{shown}: {response.status_code}")
                elif response.status_code >= 400:
                    if not response["Content-Type"].startswith("application/json"):
                        failures.append(
                            f"{shown}: {response.status_code} answered as {response['Content-Type']}"
                        )
                    elif set(response.json()) != {"message", "extra"}:
                        failures.append(f"{shown}: error not in the shape: {response.json()}")
                elif not response["Content-Type"].startswith("application/json"):
                    continue
                elif response.status_code == 200 and success:
                    found = schema_mismatches(response.json(), success["schema"], schema)
                    failures += [f"{shown}: {problem}" for problem in found]
    assert calls > 100
    assert not failures, "\n".join(failures)


def test_every_operation_refuses_an_anonymous_caller_in_the_error_shape(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    client = APIClient()
    wrong = []
    checked = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            if "security" in operation and {} in operation["security"]:
                assert path.startswith(("/api/v1/agencies/", "/api/v1/district", "/api/v1/committees/")), path
                continue  # public: the organisation data
            checked += 1
            url = re.sub(r"\{[^}]+\}", "1", path)
            response = getattr(client, method)(url)
            body = response.json() if response["Content-Type"].startswith("application/json") else None
            if response.status_code not in (401, 403) or body is None or set(body) != {"message", "extra"}:
                wrong.append(f"{method.upper()} {url}: {response.status_code} {body}")
    assert checked > 30 and not wrong, "\n".join(wrong)
