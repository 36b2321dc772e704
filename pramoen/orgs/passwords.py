from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A strong password mixes letters with digits or symbols (Thai letters count as letters)."""

    def validate(self, password: str, user: Any = None) -> None:
        has_letter = any(ch.isalpha() for ch in password)
        has_other = any(not ch.isalpha() for ch in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("The password must contain letters and also digits or symbols."),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain letters and also digits or symbols.")
