"""Writes on organisation data: sign-in throttling, committees, role assignments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.orgs.models import (
    AGENCY_ROLES,
    COMMITTEE_ROLES,
    Agency,
    Committee,
    LoginAttempt,
    Role,
    RoleAssignment,
)
from pramoen.orgs.policy import Action, forget_roles, require


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_locked_minutes(*, username: str) -> int:
    """Minutes until ``username`` may try again; 0 when not locked."""
    recent = LoginAttempt.objects.filter(username__iexact=username, at__gte=_window_start()).order_by("-at")
    times = list(recent.values_list("at", flat=True)[: settings.LOGIN_MAX_FAILURES])
    if len(times) < settings.LOGIN_MAX_FAILURES:
        return 0
    unlock_at = times[-1] + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return max(1, int((unlock_at - timezone.now()).total_seconds() // 60) + 1)


def login_failed(*, username: str, ip_address: str | None) -> None:
    LoginAttempt.objects.create(username=username[:150], ip_address=ip_address)


def login_succeeded(*, username: str) -> None:
    LoginAttempt.objects.filter(username__iexact=username).delete()


@transaction.atomic
def role_assign(
    *, actor: Any, user: Any, role: Role, agency: Agency | None = None, committee: Committee | None = None
) -> RoleAssignment:
    """Give ``user`` a role; the scope must fit the role (agency roles need an agency, …)."""
    require(actor, Action.MANAGE_ORGANISATION)
    if role in AGENCY_ROLES and (agency is None or committee is not None):
        raise ApplicationError(_("This role needs an agency and no committee."), {"field": "agency"})
    if role in COMMITTEE_ROLES and (committee is None or agency is not None):
        raise ApplicationError(_("This role needs a committee and no agency."), {"field": "committee"})
    if role not in AGENCY_ROLES | COMMITTEE_ROLES and (agency is not None or committee is not None):
        raise ApplicationError(
            _("This role applies to the whole system; give no agency or committee."), {"field": "role"}
        )
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, agency=agency, committee=committee
    )
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    require(actor, Action.MANAGE_ORGANISATION)
    user = assignment.user
    assignment.delete()
    forget_roles(user)
