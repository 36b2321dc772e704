"""The OpenAPI schema describes every API answer: no object without its properties, a described body for
every success, and the project's error shape on every operation."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _bare_objects(node: Any, path: str = "") -> list[str]:
    """Object schemas that say nothing of their content: neither properties nor a typed value for their
    keys (a map such as ``{"1004": [...]}`` is described by ``additionalProperties``)."""
    found = []
    if isinstance(node, dict):
        values = node.get("additionalProperties")
        typed_map = isinstance(values, dict) and bool(values)
        if node.get("type") == "object" and not node.get("properties") and not typed_map:
            found.append(path or "/")
        for key, child in node.items():
            found += _bare_objects(child, f"{path}/{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            found += _bare_objects(child, f"{path}/{i}")
    return found


def test_the_walker_finds_a_bare_object():
    assert _bare_objects({"a": {"type": "object"}}) == ["/a"]
    assert _bare_objects({"type": "object", "additionalProperties": {}}) == ["/"]
    assert _bare_objects({"type": "object", "additionalProperties": True}) == ["/"]
    assert _bare_objects({"type": "object", "additionalProperties": {"type": "integer"}}) == []
    assert _bare_objects({"type": "object", "properties": {"x": {"type": "string"}}}) == []


def test_no_object_schema_without_properties(schema):
    bare = _bare_objects(schema)
    assert not bare, "object schemas without properties:\n" + "\n".join(bare)


def _operations(schema: dict[str, Any]):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_success_has_a_described_body(schema):
    missing = []
    for path, method, operation in _operations(schema):
        successes = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
        if not successes:
            missing.append(f"{method.upper()} {path}: no success response")
        for code, response in successes.items():
            if code != "204" and not response.get("content"):
                missing.append(f"{method.upper()} {path} {code}: no body described")
    assert not missing, "\n".join(missing)


def test_every_operation_describes_its_errors_in_the_project_shape(schema):
    error = {"$ref": "#/components/schemas/Error"}
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"message", "extra"}
    wrong = []
    for path, method, operation in _operations(schema):
        public = "security" in operation and {} in operation["security"]
        expected = {"400"} | (set() if public else {"401", "403"}) | ({"404"} if "{" in path else set())
        for code in sorted(expected):
            response = operation["responses"].get(code)
            if response is None or response["content"]["application/json"]["schema"] != error:
                wrong.append(f"{method.upper()} {path} {code}")
    assert not wrong, "operations without the error shape:\n" + "\n".join(wrong)
