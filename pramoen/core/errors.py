from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A business rule said no.  ``message`` is shown to the user as is (already translated);
    ``extra`` carries machine-readable details (row, field, …) for the API."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
