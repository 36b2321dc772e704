"""Every role's allowed and refused cases, with named personas in different agencies."""

import pytest

from pramoen.orgs.models import Agency, Committee
from pramoen.orgs.policy import Action, can, require, visible_agency_ids

pytestmark = pytest.mark.django_db

BANG_RAK, SATHON, THONBURI, PUBLIC_WORKS = "1004", "1028", "1015", "public-works"

# (persona, action, agency code or committee number or None, allowed)
CASES = [
    # agency staff: own agency only
    ("bangrak.staff", Action.VIEW_AGENCY_PRIVATE, BANG_RAK, True),
    ("bangrak.staff", Action.EDIT_AGENCY_DATA, BANG_RAK, True),
    ("bangrak.staff", Action.APPROVE_AGENCY_DATA, BANG_RAK, False),
    ("bangrak.staff", Action.VIEW_AGENCY_PRIVATE, SATHON, False),
    ("bangrak.staff", Action.EDIT_AGENCY_DATA, SATHON, False),
    ("bangrak.staff", Action.VERIFY_RESULTS, None, False),
    ("bangrak.staff", Action.VIEW_AUDIT, None, False),
    ("bangrak.staff", Action.VIEW_ALL, None, False),
    # agency head
    ("bangrak.head", Action.APPROVE_AGENCY_DATA, BANG_RAK, True),
    ("bangrak.head", Action.EDIT_AGENCY_DATA, BANG_RAK, True),
    ("bangrak.head", Action.APPROVE_AGENCY_DATA, SATHON, False),
    ("sathon.staff", Action.EDIT_AGENCY_DATA, SATHON, True),
    ("sathon.staff", Action.VIEW_AGENCY_PRIVATE, BANG_RAK, False),
    # host-agency reviewer
    ("publicworks.reviewer", Action.REVIEW_AS_HOST, PUBLIC_WORKS, True),
    ("publicworks.reviewer", Action.REVIEW_AS_HOST, "social-development", False),
    ("publicworks.reviewer", Action.EDIT_AGENCY_DATA, PUBLIC_WORKS, False),
    ("publicworks.reviewer", Action.VIEW_AGENCY_PRIVATE, BANG_RAK, False),
    # evaluation officer
    ("eval.officer", Action.VERIFY_RESULTS, None, True),
    ("eval.officer", Action.MANAGE_FRAMEWORK, None, True),
    ("eval.officer", Action.VIEW_AGENCY_PRIVATE, SATHON, True),
    ("eval.officer", Action.VIEW_AUDIT, None, True),
    ("eval.officer", Action.EDIT_AGENCY_DATA, BANG_RAK, False),
    ("eval.officer", Action.MANAGE_ORGANISATION, None, False),
    # committee 1 reviews finance, budget and กรุงเทพใต้ (บางรัก, สาทร) — not ธนบุรี (กรุงธนเหนือ)
    ("committee1.secretary", Action.RECORD_MONITORING, 1, True),
    ("committee1.secretary", Action.RECORD_MONITORING, 2, False),
    ("committee1.member", Action.RECORD_MONITORING, 1, False),
    ("committee1.member", Action.VIEW_COMMITTEE_PRIVATE, 1, True),
    ("committee1.member", Action.VIEW_COMMITTEE_PRIVATE, 4, False),
    ("committee1.member", Action.VIEW_AGENCY_PRIVATE, BANG_RAK, True),
    ("committee1.member", Action.VIEW_AGENCY_PRIVATE, "finance", True),
    ("committee1.member", Action.VIEW_AGENCY_PRIVATE, THONBURI, False),
    ("committee1.member", Action.EDIT_AGENCY_DATA, BANG_RAK, False),
    ("committee4.secretary", Action.VIEW_AGENCY_PRIVATE, THONBURI, True),
    ("committee4.secretary", Action.VIEW_AGENCY_PRIVATE, BANG_RAK, False),
    # follow-up of a committee observation: the assigned agency's staff and head, or an evaluator
    ("bangrak.staff", Action.UPDATE_FOLLOW_UP, BANG_RAK, True),
    ("bangrak.head", Action.UPDATE_FOLLOW_UP, BANG_RAK, True),
    ("sathon.staff", Action.UPDATE_FOLLOW_UP, BANG_RAK, False),
    ("eval.officer", Action.UPDATE_FOLLOW_UP, BANG_RAK, True),
    ("committee1.secretary", Action.UPDATE_FOLLOW_UP, BANG_RAK, False),
    ("executive", Action.UPDATE_FOLLOW_UP, BANG_RAK, False),
    ("publicworks.reviewer", Action.UPDATE_FOLLOW_UP, PUBLIC_WORKS, False),
    # executive: reads everything, writes nothing
    ("executive", Action.VIEW_ALL, None, True),
    ("executive", Action.VIEW_AGENCY_PRIVATE, SATHON, True),
    ("executive", Action.EDIT_AGENCY_DATA, SATHON, False),
    ("executive", Action.VERIFY_RESULTS, None, False),
    ("executive", Action.VIEW_AUDIT, None, False),
    # administrator
    ("admin", Action.MANAGE_ORGANISATION, None, True),
    ("admin", Action.VIEW_AUDIT, None, True),
    ("admin", Action.EDIT_AGENCY_DATA, BANG_RAK, False),
    # appeals: the evaluation office decides (committee secretaries where the rules say so: see
    # tests/appeals/test_workflow.py), never the agency itself
    ("eval.officer", Action.DECIDE_APPEAL, BANG_RAK, True),
    ("bangrak.head", Action.DECIDE_APPEAL, BANG_RAK, False),
    ("bangrak.head", Action.DECIDE_APPEAL, SATHON, False),
    ("executive", Action.DECIDE_APPEAL, SATHON, False),
    ("publicworks.reviewer", Action.DECIDE_APPEAL, THONBURI, False),
    # innovations: the host (pass its agency) or the evaluation office assesses; nobody else
    ("eval.officer", Action.ASSESS_INNOVATION, "civil-service-commission", True),
    ("publicworks.reviewer", Action.ASSESS_INNOVATION, PUBLIC_WORKS, True),
    ("publicworks.reviewer", Action.ASSESS_INNOVATION, "civil-service-commission", False),
    ("bangrak.head", Action.ASSESS_INNOVATION, "civil-service-commission", False),
    ("executive", Action.ASSESS_INNOVATION, "civil-service-commission", False),
    # a year's innovation criteria: the host's head (pass the host agency) or the evaluation office; not
    # the host's reviewer who marks the innovations, nor its staff, nor the head of another agency
    ("eval.officer", Action.SET_INNOVATION_CRITERIA, "civil-service-commission", True),
    ("ocsc.head", Action.SET_INNOVATION_CRITERIA, "civil-service-commission", True),
    ("ocsc.head", Action.ASSESS_INNOVATION, "civil-service-commission", True),
    ("ocsc.head", Action.SET_INNOVATION_CRITERIA, PUBLIC_WORKS, False),
    ("bangrak.head", Action.SET_INNOVATION_CRITERIA, BANG_RAK, True),
    ("bangrak.head", Action.SET_INNOVATION_CRITERIA, "civil-service-commission", False),
    ("bangrak.staff", Action.SET_INNOVATION_CRITERIA, BANG_RAK, False),
    ("publicworks.reviewer", Action.SET_INNOVATION_CRITERIA, PUBLIC_WORKS, False),
    ("executive", Action.SET_INNOVATION_CRITERIA, "civil-service-commission", False),
    ("committee1.secretary", Action.SET_INNOVATION_CRITERIA, "civil-service-commission", False),
    # surveys: the indicator's host agency designs, the evaluation office approves, those concerned read
    ("publicworks.reviewer", Action.MANAGE_SURVEY, PUBLIC_WORKS, True),
    ("bangrak.staff", Action.MANAGE_SURVEY, PUBLIC_WORKS, False),
    ("eval.officer", Action.MANAGE_SURVEY, PUBLIC_WORKS, True),
    ("eval.officer", Action.APPROVE_SURVEY, None, True),
    ("publicworks.reviewer", Action.APPROVE_SURVEY, None, False),
    ("bangrak.staff", Action.VIEW_SURVEY, BANG_RAK, True),
    ("bangrak.staff", Action.VIEW_SURVEY, SATHON, False),
    ("executive", Action.VIEW_SURVEY, SATHON, True),
    ("committee1.member", Action.VIEW_SURVEY, BANG_RAK, False),
    # personal data in complaint texts: the attributed district office and the evaluation office only
    ("bangrak.staff", Action.VIEW_PERSONAL_DATA, BANG_RAK, True),
    ("bangrak.head", Action.VIEW_PERSONAL_DATA, BANG_RAK, True),
    ("sathon.staff", Action.VIEW_PERSONAL_DATA, BANG_RAK, False),
    ("eval.officer", Action.VIEW_PERSONAL_DATA, BANG_RAK, True),
    ("executive", Action.VIEW_PERSONAL_DATA, BANG_RAK, False),
    ("committee1.member", Action.VIEW_PERSONAL_DATA, BANG_RAK, False),
    ("committee1.secretary", Action.VIEW_PERSONAL_DATA, BANG_RAK, False),
    ("admin", Action.VIEW_PERSONAL_DATA, BANG_RAK, False),
    ("publicworks.reviewer", Action.VIEW_PERSONAL_DATA, PUBLIC_WORKS, False),
]


def _scope(target):
    if isinstance(target, int):
        return {"committee": Committee.objects.get(number=target)}
    if isinstance(target, str):
        return {"agency": Agency.objects.get(code=target)}
    return {}


@pytest.mark.parametrize(("username", "action", "target", "allowed"), CASES)
def test_policy_table(personas, username, action, target, allowed):
    assert can(personas[username], action, **_scope(target)) is allowed


@pytest.mark.parametrize("action", list(Action))
def test_anonymous_users_may_do_nothing(action):
    from django.contrib.auth.models import AnonymousUser

    assert can(AnonymousUser(), action, agency=Agency.objects.get(code=BANG_RAK)) is False


def test_require_raises_a_readable_refusal(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match=r"agency\.edit"):
        require(personas["bangrak.staff"], Action.EDIT_AGENCY_DATA, agency=Agency.objects.get(code=SATHON))


def test_a_deactivated_user_loses_every_right(personas):
    user = personas["eval.officer"]
    user.is_active = False
    assert can(user, Action.VIEW_AUDIT) is False


def test_visible_agencies(personas):
    assert visible_agency_ids(personas["executive"]) is None
    own = visible_agency_ids(personas["bangrak.staff"])
    assert own == {Agency.objects.get(code=BANG_RAK).pk}
    reviewed = visible_agency_ids(personas["committee1.member"])
    assert len(reviewed) == 2 + 10  # finance, budget and the 10 districts of กรุงเทพใต้


def test_role_scopes_are_enforced_by_the_database(personas):
    from django.db import IntegrityError, transaction

    from pramoen.orgs.models import RoleAssignment

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=personas["executive"], role="reporter")  # reporter needs an agency


def test_only_administrators_assign_roles(personas):
    from django.core.exceptions import PermissionDenied

    from pramoen.core.errors import ApplicationError
    from pramoen.orgs.models import Role
    from pramoen.orgs.services import role_assign

    sathon = Agency.objects.get(code=SATHON)
    with pytest.raises(PermissionDenied):
        role_assign(
            actor=personas["eval.officer"], user=personas["bangrak.staff"], role=Role.REPORTER, agency=sathon
        )
    with pytest.raises(ApplicationError, match="หน่วยงาน"):
        role_assign(actor=personas["admin"], user=personas["bangrak.staff"], role=Role.REPORTER)
    user = personas["bangrak.staff"]
    assert not can(user, Action.EDIT_AGENCY_DATA, agency=sathon)
    role_assign(actor=personas["admin"], user=user, role=Role.REPORTER, agency=sathon)
    assert can(user, Action.EDIT_AGENCY_DATA, agency=sathon)
