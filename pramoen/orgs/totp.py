"""Two-step sign-in: a time-based code from an authenticator app (TOTP, RFC 6238) and one-time recovery
codes (docs/security.md "Two-step sign-in").

- A code is accepted for the current 30-second step and one step either side (clock drift), and never
  twice: the step it matched is stored, and only a later step is accepted after it — an atomic UPDATE,
  so two requests racing with the same code cannot both pass.
- Recovery codes carry 80 random bits; only their SHA-256 is stored; each works once.
- Who must use it: ``PRAMOEN_TOTP_REQUIRED_ROLES`` (role codes, e.g. ``admin,evaluator``; a superuser
  counts as ``admin``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from pramoen.orgs.models import RecoveryCode, Role, TwoStepDevice
from pramoen.orgs.policy import roles_of

ISSUER = "pramoen"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I/O/0/1 to misread
_RECOVERY_LENGTH = 16  # 16 characters of a 32-letter alphabet: 80 bits


def device_of(user: Any) -> TwoStepDevice | None:
    return TwoStepDevice.objects.filter(user=user).first() if user and user.pk else None


def is_on(user: Any) -> bool:
    return TwoStepDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def is_required(user: Any) -> bool:
    """Whether ``PRAMOEN_TOTP_REQUIRED_ROLES`` makes two-step sign-in compulsory for this person."""
    required = set(settings.TOTP_REQUIRED_ROLES)
    if not required:
        return False
    roles = roles_of(user)
    held = set(roles.global_roles) | {r for rs in roles.by_agency.values() for r in rs}
    held |= {r for rs in roles.by_committee.values() for r in rs}
    if roles.is_superuser:
        held.add(Role.ADMIN)
    return bool(required & held)


def start_enrolment(user: Any) -> TwoStepDevice:
    """A new secret for a person who has no two-step sign-in on (an unfinished enrolment is kept, so
    reloading the page does not invalidate what the app has already scanned)."""
    device = device_of(user)
    if device is not None and device.confirmed_at is not None:
        raise ValueError("two-step sign-in is already on")
    if device is None:
        device = TwoStepDevice.objects.create(user=user, secret=pyotp.random_base32())
    return device


def provisioning_uri(device: TwoStepDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(), issuer_name=ISSUER)


def qr_svg(device: TwoStepDevice, title: str) -> SafeString:
    """The ``otpauth://`` address as an inline SVG QR code for the app to scan."""
    svg = segno.make(provisioning_uri(device), error="m").svg_inline(scale=4, title=title)
    return mark_safe(svg)  # segno's own SVG; segno escapes the title


def grouped_secret(device: TwoStepDevice) -> str:
    """The secret in groups of four, for typing into the app by hand."""
    return " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))


def _matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    for offset in (0, -1, 1):
        moment = now + offset * totp.interval
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def _digits(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def verify_code(device: TwoStepDevice, code: str) -> bool:
    """A current code from the app, not used before (the step it matched must be later than the last
    accepted one)."""
    code = _digits(code)
    if not re.fullmatch(r"\d{6}", code):
        return False
    step = _matching_step(device.secret, code)
    if step is None:
        return False
    fresh = Q(last_step__isnull=True) | Q(last_step__lt=step)
    updated = TwoStepDevice.objects.filter(fresh, pk=device.pk).update(last_step=step)
    if updated:
        device.last_step = step
    return bool(updated)


def _hash(user: Any, code: str) -> str:
    return hashlib.sha256(f"{user.pk}:{code}".encode()).hexdigest()


def _normal_recovery(code: str) -> str:
    return _digits(code).upper()


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the person's recovery codes with ten new ones; the plain codes are returned to be shown
    once and never stored."""
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(user, c)) for c in codes)
    return ["-".join(c[i : i + 4] for i in range(0, len(c), 4)) for c in codes]


def unused_recovery_codes(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def use_recovery_code(user: Any, code: str) -> bool:
    code = _normal_recovery(code)
    if len(code) != _RECOVERY_LENGTH or any(c not in _RECOVERY_ALPHABET for c in code):
        return False
    spent = RecoveryCode.objects.filter(user=user, code_hash=_hash(user, code), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return bool(spent)


def confirm_enrolment(device: TwoStepDevice, code: str) -> list[str] | None:
    """Switch two-step sign-in on when ``code`` is a current code from the newly set-up app; returns
    the recovery codes to show once (None: the code was wrong)."""
    if device.confirmed_at is not None or not verify_code(device, code):
        return None
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    return new_recovery_codes(device.user)


def check_sign_in_code(user: Any, code: str) -> bool:
    """The second step of signing in: a code from the app, or else an unused recovery code."""
    device = TwoStepDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return False
    return verify_code(device, code) or use_recovery_code(user, code)


def switch_off(user: Any) -> bool:
    """Remove the person's authenticator and recovery codes; True when something was on."""
    with transaction.atomic():
        removed, _ = TwoStepDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
    return bool(removed)
