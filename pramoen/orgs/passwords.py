from __future__ import annotations

import unicodedata
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


# The Thai Kedmanee keyboard, key by key, as the same keys give on a US keyboard: a password typed
# with the wrong layout switched on ("ทฟหหไนพก" is "password") is still the common word it looks like.
_THAI_KEYS = "ๅ/-ภถุึคตจขชๆไำพะัีรนยบลฃฟหกดเ้่าสวงผปแอิืทมใฝ"
_US_KEYS = "1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./"
_FROM_THAI = str.maketrans(dict(zip(_THAI_KEYS, _US_KEYS, strict=False)))

# Thai words and patterns found in leaked Thai password lists and guessable for BMA staff: the city,
# the organisation, the system, the king's and the nation's words, greetings, love words, and their
# romanised forms (compared without digits and symbols, so "Bangkok2567!" is "bangkok").
THAI_COMMON = {
    "กรุงเทพ", "กรุงเทพมหานคร", "กทม", "bangkok", "krungthep", "krungthepmahanakhon", "bkk", "bma",
    "ประเมิน", "รหัสผ่าน", "รหัส", "password", "สวัสดี", "sawasdee", "sawadee",
    "สวัสดีครับ", "สวัสดีค่ะ", "ขอบคุณ", "khobkhun", "ประเทศไทย", "thailand", "ไทย", "thai",
    "รักนะ", "รักเธอ", "ที่รัก", "rakna", "iloveyou", "เจ้าหน้าที่", "ผู้ดูแล", "admin", "administrator",
    "ข้าราชการ", "ราชการ", "สำนักงานเขต", "เขต", "khet", "ศาลาว่าการ", "สยาม", "siam", "ช้าง", "chang",
    "รักในหลวง", "ในหลวง", "ชาติศาสนากษัตริย์", "พ่อ", "แม่", "พ่อแม่",
}  # fmt: skip
_KEYBOARD_RUNS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")
_MIN_DISTINCT = 5
_RUN = 5


def _letters(password: str) -> str:
    """The letters of ``password``, lower-case; Thai vowel and tone marks (category M) count."""
    return "".join(ch for ch in password.lower() if ch.isalpha() or unicodedata.category(ch)[0] == "M")


def _has_run(text: str) -> bool:
    """Five or more keys in a row of the keyboard or the alphabet, forwards or backwards."""
    for run in _KEYBOARD_RUNS:
        for seq in (run, run[::-1]):
            for start in range(len(seq) - _RUN + 1):
                if seq[start : start + _RUN] in text:
                    return True
    return False


class GuessablePasswordValidator:
    """Refuses what length and character classes let through but a guesser tries first: few distinct
    characters (``aaaaaaaaaaa1``), a common word with digits and symbols around it (``Password2567!``,
    ``กรุงเทพ-2567``), the same typed with the Thai layout on, and keyboard runs (``qwerty``, ``12345``)."""

    def __init__(self) -> None:
        from django.contrib.auth.password_validation import CommonPasswordValidator

        self.common = CommonPasswordValidator().passwords | {w.lower() for w in THAI_COMMON}

    def validate(self, password: str, user: Any = None) -> None:
        if len(set(password)) < _MIN_DISTINCT:
            raise ValidationError(
                _("The password has too few different characters."), code="password_too_repetitive"
            )
        letters = _letters(password)
        typed = password.lower().translate(_FROM_THAI)
        candidates = {letters, _letters(typed), letters.translate(_FROM_THAI)}
        if any(c and c in self.common for c in candidates):
            raise ValidationError(
                _("The password is a common word with digits or symbols added; choose another."),
                code="password_common_word",
            )
        if _has_run(typed):
            raise ValidationError(
                _("The password contains a keyboard or alphabet sequence such as qwert or 12345."),
                code="password_sequence",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a common word with digits added, or a keyboard sequence.")
