"""Writes on organisation data: committees, role assignments (sign-in throttling: ``throttle.py``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.orgs.models import (
    AGENCY_ROLES,
    COMMITTEE_ROLES,
    Agency,
    Committee,
    Role,
    RoleAssignment,
)
from pramoen.orgs.policy import Action, forget_roles, require


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
