"""Who may do what — the one place that decides.

Views, API views, services and commands all ask ``can()`` or ``require()`` here; nothing else
inspects roles.  Each action has one policy function taking the user's roles and the object's scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pramoen.orgs.models import Agency, Committee, Role, RoleAssignment


class Action(StrEnum):
    VIEW_AGENCY_PRIVATE = "agency.view_private"  # unpublished results, plans, evidence, staff list
    EDIT_AGENCY_DATA = "agency.edit"  # draft plans and reports of the agency
    APPROVE_AGENCY_DATA = "agency.approve"  # submit on behalf of the agency (agency head)
    REVIEW_AS_HOST = "host.review"  # host agency reviews its indicators' supporters
    VERIFY_RESULTS = "results.verify"
    MANAGE_FRAMEWORK = "framework.manage"
    VIEW_COMMITTEE_PRIVATE = "committee.view_private"
    RECORD_MONITORING = "monitoring.record"
    UPDATE_FOLLOW_UP = "monitoring.follow_up"  # the agency a committee observation is assigned to
    # decide an agency's appeal: the evaluation office (committee None) or, where the year's rules say
    # so, the secretary of a committee that reviews the agency — never someone of the agency itself
    DECIDE_APPEAL = "appeal.decide"
    VIEW_ALL = "all.view"
    VIEW_AUDIT = "audit.view"
    MANAGE_ORGANISATION = "orgs.manage"
    # the Innovation Base's host (สำนักงาน ก.ก.: pass its agency) assesses and scores innovations
    ASSESS_INNOVATION = "innovation.assess"
    # set a fiscal year's innovation criteria (rubric weights, caps by kind, adoption bonus): the host's
    # head (pass the host agency) or the evaluation office — not the reviewer who marks the innovations
    SET_INNOVATION_CRITERIA = "innovation.criteria"
    # a satisfaction survey: its indicator's host agency designs it (pass the host agency), the
    # evaluation office approves its method, the agencies concerned read it (pass each agency)
    MANAGE_SURVEY = "survey.manage"
    APPROVE_SURVEY = "survey.approve"
    VIEW_SURVEY = "survey.view"
    # read personal data in complaint texts unmasked (names, telephones, ID numbers, e-mails): the staff of
    # the district office the ticket is attributed to, who answer for it, and the evaluation office, which
    # decides appeals on it — everyone else reads them masked (docs/privacy.md)
    VIEW_PERSONAL_DATA = "personal.view"


@dataclass(frozen=True)
class Roles:
    """A user's role assignments, loaded once per request."""

    is_superuser: bool = False
    global_roles: frozenset[str] = frozenset()
    by_agency: dict[int, frozenset[str]] = field(default_factory=dict)
    by_committee: dict[int, frozenset[str]] = field(default_factory=dict)
    # agencies each of the user's committees reviews (its bureaus and its group's district offices)
    committee_agencies: dict[int, frozenset[int]] = field(default_factory=dict)

    def has_global(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.global_roles.intersection(roles))

    def agency_roles(self, agency_id: int | None) -> frozenset[str]:
        return self.by_agency.get(agency_id, frozenset()) if agency_id is not None else frozenset()

    def committee_roles(self, committee_id: int | None) -> frozenset[str]:
        return self.by_committee.get(committee_id, frozenset()) if committee_id is not None else frozenset()

    def reviews_agency(self, agency_id: int | None) -> bool:
        return any(agency_id in ids for ids in self.committee_agencies.values())

    @property
    def all_roles(self) -> frozenset[str]:
        roles = set(self.global_roles)
        for group in (*self.by_agency.values(), *self.by_committee.values()):
            roles |= group
        return frozenset(roles)


def committee_agency_ids(committee_ids: list[int]) -> dict[int, frozenset[int]]:
    """The agencies each committee reviews: its own list plus its district group's district offices."""
    result: dict[int, set[int]] = {cid: set() for cid in committee_ids}
    through = Committee.agencies.through.objects.filter(committee_id__in=committee_ids)
    for cid, aid in through.values_list("committee_id", "agency_id"):
        result[cid].add(aid)
    rows = Agency.objects.filter(district__group__committee__in=committee_ids).values_list(
        "district__group__committee", "pk"
    )
    for cid, aid in rows:
        result[cid].add(aid)
    return {cid: frozenset(ids) for cid, ids in result.items()}


def roles_of(user: Any) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return Roles()
    cached = getattr(user, "_pramoen_roles", None)
    if cached is not None:
        return cached
    global_roles: set[str] = set()
    by_agency: dict[int, set[str]] = {}
    by_committee: dict[int, set[str]] = {}
    for role, agency_id, committee_id in RoleAssignment.objects.filter(user=user).values_list(
        "role", "agency_id", "committee_id"
    ):
        if agency_id is not None:
            by_agency.setdefault(agency_id, set()).add(role)
        elif committee_id is not None:
            by_committee.setdefault(committee_id, set()).add(role)
        else:
            global_roles.add(role)
    roles = Roles(
        is_superuser=user.is_superuser,
        global_roles=frozenset(global_roles),
        by_agency={k: frozenset(v) for k, v in by_agency.items()},
        by_committee={k: frozenset(v) for k, v in by_committee.items()},
        committee_agencies=committee_agency_ids(list(by_committee)) if by_committee else {},
    )
    user._pramoen_roles = roles
    return roles


def forget_roles(user: Any) -> None:
    """Drop the per-request cache after the user's role assignments changed."""
    if hasattr(user, "_pramoen_roles"):
        del user._pramoen_roles


def _agency_id(agency: Agency | int | None) -> int | None:
    return agency.pk if isinstance(agency, Agency) else agency


def _committee_id(committee: Committee | int | None) -> int | None:
    return committee.pk if isinstance(committee, Committee) else committee


Policy = Callable[[Roles, int | None, int | None], bool]
_READ_ALL = (Role.EVALUATOR, Role.EXECUTIVE, Role.ADMIN)


def _view_agency_private(r: Roles, agency: int | None, _c: int | None) -> bool:
    return r.has_global(*_READ_ALL) or bool(r.agency_roles(agency)) or r.reviews_agency(agency)


def _edit_agency_data(r: Roles, agency: int | None, _c: int | None) -> bool:
    return bool(r.agency_roles(agency) & {Role.REPORTER, Role.APPROVER})


def _approve_agency_data(r: Roles, agency: int | None, _c: int | None) -> bool:
    return Role.APPROVER in r.agency_roles(agency)


def _review_as_host(r: Roles, agency: int | None, _c: int | None) -> bool:
    return Role.HOST_REVIEWER in r.agency_roles(agency)


def _evaluator(r: Roles, _a: int | None, _c: int | None) -> bool:
    return r.has_global(Role.EVALUATOR)


def _view_committee_private(r: Roles, _a: int | None, committee: int | None) -> bool:
    return r.has_global(*_READ_ALL) or bool(r.committee_roles(committee))


def _record_monitoring(r: Roles, _a: int | None, committee: int | None) -> bool:
    return r.has_global(Role.EVALUATOR) or Role.COMMITTEE_SECRETARY in r.committee_roles(committee)


def _update_follow_up(r: Roles, agency: int | None, _c: int | None) -> bool:
    return r.has_global(Role.EVALUATOR) or bool(r.agency_roles(agency) & {Role.REPORTER, Role.APPROVER})


def _decide_appeal(r: Roles, agency: int | None, committee: int | None) -> bool:
    if agency is None or r.agency_roles(agency):
        return False  # nobody decides their own agency's appeal
    if committee is None:
        return r.has_global(Role.EVALUATOR)
    return Role.COMMITTEE_SECRETARY in r.committee_roles(committee) and agency in r.committee_agencies.get(
        committee, frozenset()
    )


def _view_all(r: Roles, _a: int | None, _c: int | None) -> bool:
    return r.has_global(*_READ_ALL)


def _view_audit(r: Roles, _a: int | None, _c: int | None) -> bool:
    return r.has_global(Role.EVALUATOR, Role.ADMIN)


def _view_personal_data(r: Roles, agency: int | None, _c: int | None) -> bool:
    # not has_global: a superuser administers the system and has no need of a complainant's name
    return Role.EVALUATOR in r.global_roles or bool(r.agency_roles(agency) & {Role.REPORTER, Role.APPROVER})


def _manage_organisation(r: Roles, _a: int | None, _c: int | None) -> bool:
    return r.has_global(Role.ADMIN)


def _assess_innovation(r: Roles, host: int | None, _c: int | None) -> bool:
    return r.has_global(Role.EVALUATOR) or bool(r.agency_roles(host) & {Role.HOST_REVIEWER, Role.APPROVER})


def _set_innovation_criteria(r: Roles, host: int | None, _c: int | None) -> bool:
    return r.has_global(Role.EVALUATOR) or Role.APPROVER in r.agency_roles(host)


def _manage_survey(r: Roles, host: int | None, _c: int | None) -> bool:
    return r.has_global(Role.EVALUATOR) or bool(r.agency_roles(host))


def _view_survey(r: Roles, agency: int | None, _c: int | None) -> bool:
    return r.has_global(*_READ_ALL) or bool(r.agency_roles(agency))


POLICIES: dict[Action, Policy] = {
    Action.VIEW_AGENCY_PRIVATE: _view_agency_private,
    Action.EDIT_AGENCY_DATA: _edit_agency_data,
    Action.APPROVE_AGENCY_DATA: _approve_agency_data,
    Action.REVIEW_AS_HOST: _review_as_host,
    Action.VERIFY_RESULTS: _evaluator,
    Action.MANAGE_FRAMEWORK: _evaluator,
    Action.VIEW_COMMITTEE_PRIVATE: _view_committee_private,
    Action.RECORD_MONITORING: _record_monitoring,
    Action.UPDATE_FOLLOW_UP: _update_follow_up,
    Action.DECIDE_APPEAL: _decide_appeal,
    Action.VIEW_ALL: _view_all,
    Action.VIEW_AUDIT: _view_audit,
    Action.MANAGE_ORGANISATION: _manage_organisation,
    Action.ASSESS_INNOVATION: _assess_innovation,
    Action.SET_INNOVATION_CRITERIA: _set_innovation_criteria,
    Action.MANAGE_SURVEY: _manage_survey,
    Action.APPROVE_SURVEY: _evaluator,
    Action.VIEW_SURVEY: _view_survey,
    Action.VIEW_PERSONAL_DATA: _view_personal_data,
}


def can(
    user: Any, action: Action, *, agency: Agency | int | None = None, committee: Committee | int | None = None
) -> bool:
    return POLICIES[action](roles_of(user), _agency_id(agency), _committee_id(committee))


def require(
    user: Any, action: Action, *, agency: Agency | int | None = None, committee: Committee | int | None = None
) -> None:
    """Raise ``PermissionDenied`` with a message in the user's language unless ``can()`` allows."""
    if not can(user, action, agency=agency, committee=committee):
        raise PermissionDenied(
            _("You do not have permission for this action (%(action)s).") % {"action": action}
        )


def visible_agency_ids(user: Any) -> frozenset[int] | None:
    """Agencies whose unpublished data ``user`` may read; ``None`` means all of them."""
    r = roles_of(user)
    if r.has_global(*_READ_ALL):
        return None
    ids = set(r.by_agency)
    for agency_ids in r.committee_agencies.values():
        ids |= agency_ids
    return frozenset(ids)
