"""Compare a decoded JSON answer with the OpenAPI schema's description of it (tests/core/test_api_no_5xx.py,
tests/progress/test_list_api.py)."""

from __future__ import annotations

from typing import Any


def schema_mismatches(value: Any, node: dict[str, Any], schema: dict[str, Any], at: str = "") -> list[str]:
    """Where ``value`` (a decoded JSON answer) leaves what ``node`` describes: keys the schema does not
    name, required keys missing, lists checked through their first item."""
    if "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if value is None or any(k in node for k in ("anyOf", "oneOf", "allOf")):
        return []
    problems = []
    if isinstance(value, dict) and node.get("properties"):
        names = set(node["properties"])
        problems += [f"{at}/{k}: not in the schema" for k in sorted(set(value) - names)]
        problems += [f"{at}/{k}: required, missing" for k in node.get("required", []) if k not in value]
        for key in set(value) & names:
            problems += schema_mismatches(value[key], node["properties"][key], schema, f"{at}/{key}")
    elif isinstance(value, list) and value and isinstance(node.get("items"), dict):
        problems += schema_mismatches(value[0], node["items"], schema, f"{at}/0")
    return problems
