"""The OpenAPI schema (drf-spectacular): the error shape every API view answers, added to every operation,
and the page envelope of list endpoints.

``SPECTACULAR_SETTINGS`` / ``DEFAULT_SCHEMA_CLASS`` point here.  tests/core/test_api_schema.py walks the
whole schema and fails on an object described without properties."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import permissions, serializers

ERROR_EXTRA = inline_serializer(
    "ErrorExtra",
    {
        "field": serializers.CharField(required=False, help_text="the parameter or field at fault"),
        "reason": serializers.CharField(required=False, help_text="a machine-readable reason"),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="per-field messages of a rejected body",
        ),
        "allowed": serializers.ListField(
            child=serializers.CharField(), required=False, help_text="the values a parameter accepts"
        ),
    },
)
ERROR = inline_serializer(
    "Error",
    {
        "message": serializers.CharField(help_text="what went wrong, in the user's language"),
        "extra": ERROR_EXTRA,
    },
)

# error answers described on every operation where they can happen
_ERRORS = {
    "400": "bad parameter or body: `extra.field` names it, `extra.reason` says why",
    "401": "not signed in (token authentication)",
    "403": "not signed in (session), or the role may not do this",
    "404": "no such object, or not one the caller may read",
}


def _is_public(view: Any) -> bool:
    return all(isinstance(p, permissions.AllowAny) for p in view.get_permissions())


def paginated(name: str, item: Any) -> Any:
    """The page envelope of a list endpoint (see pramoen.core.api.paginate)."""
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(help_text="items matching the filters"),
            "page": serializers.IntegerField(),
            "page_size": serializers.IntegerField(),
            "pages": serializers.IntegerField(),
            "next": serializers.CharField(allow_null=True, help_text="the next page's URL"),
            "previous": serializers.CharField(allow_null=True, help_text="the previous page's URL"),
            "results": item(many=True) if isinstance(item, type) else item,
        },
    )


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the project's error answers on every operation."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["400"]
        if not _is_public(self.view):
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(ERROR, code, direction=direction)
                responses[code]["description"] = _ERRORS[code]
        return responses


_SCALAR: list[dict[str, Any]] = [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]
JSON_VALUE: dict[str, Any] = {
    "description": "a figure, text, flag, or a list or map of these, as the method or job kind records it",
    "nullable": True,
    "anyOf": [
        *_SCALAR,
        {
            "type": "array",
            "items": {
                "anyOf": [*_SCALAR, {"type": "object", "additionalProperties": {"anyOf": _SCALAR}}],
                "nullable": True,
            },
        },
        {
            "type": "object",
            "additionalProperties": {
                "anyOf": [*_SCALAR, {"type": "array", "items": {"anyOf": _SCALAR}}],
                "nullable": True,
            },
        },
    ],
}


@extend_schema_field({"type": "object", "additionalProperties": JSON_VALUE})
class JsonMapField(serializers.DictField):
    """A map whose keys depend on the method or job kind (its values described by ``JSON_VALUE``)."""


def obj(name: str, /, **fields: Any) -> Any:
    """An object schema with its fields (``inline_serializer``)."""
    return inline_serializer(name, fields)


def many(name: str, /, **fields: Any) -> Any:
    """A list of objects with these fields."""
    return inline_serializer(name, fields, many=True)
