from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, override


class ApplicationError(Exception):
    """A business rule said no.  ``message`` is shown to the user as is (already translated);
    ``extra`` carries machine-readable details (row, field, …) for the API."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


def thai_and_english(message: str, params: dict[str, Any] | None = None) -> tuple[str, str]:
    """``message`` (an English message id marked with ``gettext_noop``) in Thai, from the catalogue, and in
    English: for the records that keep both (a job's ``error`` and ``error_en``)."""
    texts = []
    for language in ("th", "en"):
        with override(language):
            text = gettext(message)
        texts.append(text % params if params is not None else text)
    return texts[0], texts[1]
