"""Accounts over their lifetime: ended when a person leaves (the HR roster), flagged when unused.

The seed report notes that retired and transferred staff keep live accounts in MIS2.  Here the HR
roster — the list of people employed today — is the authority: ``roster_apply`` deactivates every
account not on it (``is_active=False``: the person can no longer sign in, and everything they did stays
attributed to them) and reactivates one that is on it again.  Accounts not used for
``STALE_AFTER_DAYS`` are listed to the administrator on the home page and by ``pramoen stale_accounts``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.uploads import check_zip
from pramoen.orgs.models import User
from pramoen.orgs.policy import Action, require

STALE_AFTER_DAYS = 90


@dataclass
class RosterResult:
    rows_read: int = 0
    kept: int = 0
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # on the roster, no account here


def _roster_rows(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        check_zip(data, filename)
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ApplicationError(_("%(file)s is not a readable .xlsx file.") % {"file": filename}) from exc
        sheet = book.worksheets[0]
        rows = [["" if v is None else str(v).strip() for v in r] for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp874 decodes almost anything
        raise ApplicationError(
            _("%(file)s is not UTF-8 or Thai Windows (TIS-620) text.") % {"file": filename}
        )
    try:
        return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise ApplicationError(_("%(file)s: %(error)s") % {"file": filename, "error": exc}) from exc


def roster_read(data: bytes, filename: str) -> set[str]:
    """The user names of a roster file (CSV or XLSX, header row with a ``username`` column; other
    columns — name, position, agency — are allowed and ignored)."""
    rows = [r for r in _roster_rows(data, filename) if any(r)]
    header = [h.lower().lstrip("\ufeff") for h in rows[0]] if rows else []
    if "username" not in header:
        raise ApplicationError(
            _("%(file)s: row 1 (the header) lacks the column “username”.") % {"file": filename}
        )
    column = header.index("username")
    names = {r[column].lower() for r in rows[1:] if column < len(r) and 0 < len(r[column]) <= 150}
    if not names:
        raise ApplicationError(
            _("%(file)s lists nobody: refusing to deactivate every account.") % {"file": filename}
        )
    return names


def roster_apply(
    *,
    actor: Any | None,
    employed: set[str],
    keep: set[str] | None = None,
    dry_run: bool = False,
    max_share: float = 0.5,
) -> RosterResult:
    """Deactivate every account whose user name is not in ``employed`` (lower-case); superusers and the
    names in ``keep`` (system accounts) are left alone.  ``actor`` None is the system (a command).

    A roster that would end more than ``max_share`` of all accounts is refused (a truncated export)."""
    if actor is not None:
        require(actor, Action.MANAGE_ORGANISATION)
    keep = {k.lower() for k in keep or set()}
    result = RosterResult(rows_read=len(employed))
    known = set()
    with transaction.atomic():
        for user in User.objects.select_for_update().order_by("username"):
            name = user.username.lower()
            known.add(name)
            if user.is_superuser or name in keep:
                continue
            if name in employed:
                result.kept += 1
                if not user.is_active:
                    result.reactivated.append(user.username)
                    if not dry_run:
                        user.is_active = True
                        user.save(update_fields=["is_active"])
            elif user.is_active:
                result.deactivated.append(user.username)
                if not dry_run:
                    user.is_active = False
                    user.save(update_fields=["is_active"])  # audited: orgs registers User
        if len(result.deactivated) > max_share * max(1, len(known)):
            transaction.set_rollback(True)
            raise ApplicationError(
                _("The roster would end %(n)d of %(total)d accounts; check the file (nothing was saved).")
                % {"n": len(result.deactivated), "total": len(known)}
            )
    result.unknown = sorted(employed - known)
    return result


def stale_accounts(*, days: int = STALE_AFTER_DAYS, now: dt.datetime | None = None) -> QuerySet[User]:
    """Active accounts not signed in for ``days`` (or never, and created that long ago)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .order_by("last_login", "username")
    )


def sees_stale_accounts(user: Any) -> bool:
    return bool(user.is_authenticated) and _may_manage(user)


def _may_manage(user: Any) -> bool:
    from pramoen.orgs.policy import can

    return can(user, Action.MANAGE_ORGANISATION)
