"""Progress reports: open, save a draft, submit, host review, verify, send back.

Every write is a conditional ``UPDATE … WHERE version = n``: a second editor working from an older
version gets ``ConflictError`` and nothing is overwritten.  Verification writes the scoring
``VerifiedResult`` in the same transaction; the scoring signals recompute the score on commit."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.core import audit
from pramoen.core.errors import ApplicationError
from pramoen.core.models import AuditEntry
from pramoen.framework.models import Assignment, Indicator, Period
from pramoen.orgs.models import Role
from pramoen.orgs.policy import Action, can, require
from pramoen.progress import periods
from pramoen.progress.inputs import METHOD_FIELDS, ReportInput, field_label
from pramoen.progress.models import ActionPlan, Obstacle, ProgressReport, ReportEvent
from pramoen.progress.notify import agency_staff, notify, users_with_role
from pramoen.scoring.methods import get_method
from pramoen.scoring.models import VerifiedResult

S = ProgressReport.Status
FEED_METHODS = frozenset({"complaints", "online_services", "budget_disbursement"})


class ConflictError(ApplicationError):
    """Someone saved the report since this user loaded it."""


def is_feed_computed(indicator: Indicator) -> bool:
    return is_feed_method(indicator.method)


def is_feed_method(method: str) -> bool:
    """Scores of this calculation method come from a data feed: nobody reports them."""
    try:
        return bool(get_method(method).computed_from_feed)
    except KeyError:
        return method in FEED_METHODS


def _json(value: Any) -> Any:
    if isinstance(value, list):
        value = [v.pk if isinstance(v, Model) else v for v in value]
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _update(report: ProgressReport, *, actor: Any, expected_version: int, **fields: Any) -> ProgressReport:
    """Write ``fields`` only if the report is still at ``expected_version``; audit the change."""
    before = {k: getattr(report, k) for k in fields}
    fields.update(version=F("version") + 1, updated_at=timezone.now(), updated_by=actor)
    done = ProgressReport.objects.filter(pk=report.pk, version=expected_version).update(**fields)
    if done != 1:
        raise ConflictError(
            _(
                "Someone else saved this report after you opened it. Your text is still on the screen: "
                "copy it, reload the page to see their changes, then add yours."
            ),
            {"reason": "conflict", "version": expected_version},
        )
    report.refresh_from_db()
    changes = {k: _json([v, getattr(report, k)]) for k, v in before.items() if v != getattr(report, k)}
    changes["version"] = [expected_version, report.version]
    with as_actor(actor):
        audit.record(AuditEntry.Action.UPDATE, report, changes)
    return report


T = TypeVar("T")


def acting(fn: Callable[..., T]) -> Callable[..., T]:
    """Audit everything the service writes (obstacles, verified results) as its ``actor``."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        with as_actor(kwargs.get("actor")):
            return fn(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def as_actor(actor: Any) -> Iterator[None]:
    """Audit as ``actor`` when no request or command has said who is acting."""
    if audit.current_actor().user is None and audit.current_actor().label == "system" and actor is not None:
        with audit.acting_as(actor):
            yield
    else:
        yield


def _event(report: ProgressReport, *, actor: Any, action: str, before: str, comment: str = "") -> None:
    ReportEvent.objects.create(
        report=report,
        action=action,
        from_status=before,
        to_status=report.status,
        comment=comment,
        actor=actor,
    )


def _milestones_from_plan(assignment: Assignment) -> list[dict[str, Any]]:
    plan = ActionPlan.objects.filter(assignment=assignment).first()
    if plan is None:
        return []
    return [
        {"name": m.name, "weight": float(m.weight), "done": 0, "level": m.level}
        for m in plan.milestones.all()
    ]


NOT_YET_SUBMITTED = gettext_lazy(
    "This report has not been submitted yet: the host agency reads it once the agency's head submits it."
)


def may_view(actor: Any, report: ProgressReport) -> bool:
    """The agency's own people, those who read its private data, and — once the agency has submitted it —
    the host agency's reviewer of the indicator (who reviews supporters' reports)."""
    a = report.assignment
    if can(actor, Action.VIEW_AGENCY_PRIVATE, agency=a.agency_id):
        return True
    return report.status not in ProgressReport.UNSUBMITTED and can(
        actor, Action.REVIEW_AS_HOST, agency=a.indicator.host_agency_id
    )


def require_view(actor: Any, report: ProgressReport) -> None:
    if may_view(actor, report):
        return
    if can(actor, Action.REVIEW_AS_HOST, agency=report.assignment.indicator.host_agency_id):
        raise PermissionDenied(NOT_YET_SUBMITTED)
    raise PermissionDenied(_("You may not read this report."))


def report_open(*, actor: Any, assignment: Assignment, period: Period) -> ProgressReport:
    """The report of an assignment and period; a draft is created for someone who may edit it."""
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    if report is not None:
        require_view(actor, report)
        return report
    require(actor, Action.EDIT_AGENCY_DATA, agency=assignment.agency_id)
    if period.fiscal_year_id != assignment.indicator.fiscal_year_id:
        raise ApplicationError(_("period: not a period of the indicator's fiscal year."), {"field": "period"})
    periods.require_open(period, assignment.agency)
    with transaction.atomic(), as_actor(actor):
        report, _created = ProgressReport.objects.get_or_create(
            assignment=assignment,
            period=period,
            defaults={"milestones": _milestones_from_plan(assignment), "updated_by": actor},
        )
    return report


def _require_editable(report: ProgressReport, actor: Any) -> None:
    require(actor, Action.EDIT_AGENCY_DATA, agency=report.assignment.agency_id)
    if not report.editable_status:
        raise ApplicationError(
            _("This report is %(status)s and can no longer be changed; ask for it to be sent back.")
            % {"status": report.get_status_display()},
            {"reason": "not_editable", "status": report.status},
        )
    periods.require_open(report.period, report.assignment.agency)


@acting
@transaction.atomic
def report_save(*, actor: Any, report: ProgressReport, version: int, data: ReportInput) -> ProgressReport:
    """Save the draft as typed (autosave calls this as the user types)."""
    _require_editable(report, actor)
    fields: dict[str, Any] = {"narrative": data.narrative}
    if not is_feed_computed(report.assignment.indicator):
        for name in ("value", "numerator", "denominator", "survey_responses", "survey_satisfied"):
            fields[name] = getattr(data, name)
    if data.milestones_done:
        milestones = [dict(m) for m in report.milestones]
        for index, done in data.milestones_done.items():
            if 0 <= index < len(milestones):
                milestones[index]["done"] = float(done)
        fields["milestones"] = milestones
    report = _update(report, actor=actor, expected_version=version, **fields)
    if data.obstacles is not None:
        existing = [(o.aspect, o.text) for o in report.obstacles.all()]
        if existing != data.obstacles:
            for obstacle in report.obstacles.all():
                obstacle.delete()
            for aspect, text in data.obstacles:
                Obstacle.objects.create(report=report, aspect=aspect, text=text)
    return report


def missing_figures(report: ProgressReport) -> list[str]:
    """The fields a report still needs before it can be submitted (by calculation method)."""
    indicator = report.assignment.indicator
    if is_feed_computed(indicator):
        return []
    missing = [f for f in METHOD_FIELDS.get(indicator.method, ("value",)) if getattr(report, f) is None]
    if indicator.method in ("action_plan", "milestone_level") and not report.milestones:
        missing.append("milestones")
    return missing


def _require_complete(report: ProgressReport, message: str) -> None:
    """``message`` names the missing fields as ``%(fields)s``."""
    missing = missing_figures(report)
    if missing:
        raise ApplicationError(
            message % {"fields": ", ".join(field_label(f) for f in missing)},
            {"reason": "incomplete", "fields": missing},
        )


@acting
@transaction.atomic
def report_send_to_head(*, actor: Any, report: ProgressReport, version: int) -> ProgressReport:
    """Staff hand a complete draft to the agency head, who submits it (staff may still correct it)."""
    _require_editable(report, actor)
    if report.status == S.READY:
        raise ApplicationError(
            _("This report is already waiting for the head."),
            {"reason": "wrong_status", "status": report.status},
        )
    _require_complete(report, _("Cannot send to the head: %(fields)s not filled in."))
    before = report.status
    report = _update(report, actor=actor, expected_version=version, status=S.READY)
    _event(report, actor=actor, action="send_to_head", before=before)
    a = report.assignment
    notify(
        users=users_with_role(Role.APPROVER, agency_id=a.agency_id),
        kind="ready",
        message=_("%(indicator)s for %(period)s is waiting for you to submit it.")
        % {"indicator": a.indicator.code, "period": report.period.name},
        url=f"/progress/reports/{report.pk}/",
    )
    return report


@acting
@transaction.atomic
def report_submit(*, actor: Any, report: ProgressReport, version: int) -> ProgressReport:
    """The agency head sends the report on: to the host agency's reviewer or the evaluation office."""
    require(actor, Action.APPROVE_AGENCY_DATA, agency=report.assignment.agency_id)
    _require_editable(report, actor)
    _require_complete(report, _("Cannot submit: %(fields)s not filled in."))
    before = report.status
    report = _update(
        report,
        actor=actor,
        expected_version=version,
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=actor,
        is_late=periods.is_late(report.period),
        last_comment="",
    )
    _event(report, actor=actor, action="submit", before=before)
    a = report.assignment
    if report.needs_host_review:
        assert a.indicator.host_agency_id is not None
        to = users_with_role(Role.HOST_REVIEWER, agency_id=a.indicator.host_agency_id)
    else:
        to = users_with_role(Role.EVALUATOR)
    notify(
        users=to,
        kind="submitted",
        message=_("%(agency)s submitted %(indicator)s for %(period)s.")
        % {"agency": a.agency.name, "indicator": a.indicator.code, "period": report.period.name},
        url=f"/progress/reports/{report.pk}/",
    )
    return report


@acting
@transaction.atomic
def report_host_review(
    *, actor: Any, report: ProgressReport, version: int, comment: str = ""
) -> ProgressReport:
    """The host agency's reviewer accepts a supporting agency's submitted report."""
    indicator = report.assignment.indicator
    require(actor, Action.REVIEW_AS_HOST, agency=indicator.host_agency_id)
    if report.status != S.SUBMITTED or not report.needs_host_review:
        raise ApplicationError(
            _("Only a submitted report of a supporting agency waits for the host's review."),
            {"reason": "wrong_status", "status": report.status},
        )
    report = _update(
        report,
        actor=actor,
        expected_version=version,
        status=S.REVIEWED,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
    )
    _event(report, actor=actor, action="review", before=S.SUBMITTED, comment=comment)
    notify(
        users=users_with_role(Role.EVALUATOR),
        kind="reviewed",
        message=_("The host agency reviewed %(indicator)s of %(agency)s for %(period)s.")
        % {
            "indicator": indicator.code,
            "agency": report.assignment.agency.name,
            "period": report.period.name,
        },
        url=f"/progress/reports/{report.pk}/",
    )
    return report


def _verified_figures(report: ProgressReport) -> dict[str, Any]:
    return {
        "value": report.value,
        "numerator": report.numerator,
        "denominator": report.denominator,
        "milestones": [
            {
                "name": m.get("name", ""),
                "weight": m.get("weight", 0),
                "done": m.get("done", 0),
                "level": m.get("level"),
            }
            for m in report.milestones
        ],
        "survey_responses": report.survey_responses,
        "survey_satisfied": report.survey_satisfied,
    }


@acting
@transaction.atomic
def report_verify(*, actor: Any, report: ProgressReport, version: int, comment: str = "") -> ProgressReport:
    """The evaluation office accepts the figures: they become the verified result the score reads."""
    require(actor, Action.VERIFY_RESULTS)
    ready = report.status == S.REVIEWED or (report.status == S.SUBMITTED and not report.needs_host_review)
    if not ready:
        reason = (
            _("the host agency has not reviewed it yet")
            if report.status == S.SUBMITTED
            else report.get_status_display()
        )
        raise ApplicationError(
            _("This report cannot be verified now: %(reason)s.") % {"reason": reason},
            {"reason": "wrong_status", "status": report.status},
        )
    before = report.status
    now = timezone.now()
    report = _update(
        report, actor=actor, expected_version=version, status=S.VERIFIED, verified_at=now, verified_by=actor
    )
    _event(report, actor=actor, action="verify", before=before, comment=comment)
    if not is_feed_computed(report.assignment.indicator):
        VerifiedResult.objects.update_or_create(
            assignment=report.assignment,
            period=report.period,
            defaults={
                **_verified_figures(report),
                "verified_by": actor,
                "verified_at": now,
                "source": f"progress report #{report.pk}",
            },
        )
    notify(
        users=agency_staff(report.assignment.agency_id),
        kind="verified",
        message=_("%(indicator)s for %(period)s was verified.")
        % {"indicator": report.assignment.indicator.code, "period": report.period.name},
        url=f"/progress/reports/{report.pk}/",
    )
    return report


def may_send_back(actor: Any, report: ProgressReport) -> bool:
    if report.status == S.SUBMITTED:
        if can(actor, Action.VERIFY_RESULTS):
            return True
        host = report.assignment.indicator.host_agency_id
        return report.needs_host_review and can(actor, Action.REVIEW_AS_HOST, agency=host)
    return report.status in (S.REVIEWED, S.VERIFIED) and can(actor, Action.VERIFY_RESULTS)


@acting
@transaction.atomic
def report_send_back(*, actor: Any, report: ProgressReport, version: int, comment: str) -> ProgressReport:
    """Return the report to the agency with a comment; a verified report's result is withdrawn."""
    if not may_send_back(actor, report):
        if report.status in (S.DRAFT, S.RETURNED, S.READY):
            raise ApplicationError(
                _("This report is already with the agency."),
                {"reason": "wrong_status", "status": report.status},
            )
        raise PermissionDenied(_("You may not send this report back."))
    if not comment.strip():
        raise ApplicationError(
            _("comment: say what the agency should change."), {"field": "comment", "reason": "required"}
        )
    before = report.status
    report = _update(
        report,
        actor=actor,
        expected_version=version,
        status=S.RETURNED,
        last_comment=comment.strip(),
        verified_at=None,
        verified_by=None,
    )
    _event(report, actor=actor, action="send_back", before=before, comment=comment.strip())
    if before == S.VERIFIED:
        # the score follows: without a verified result the assignment scores "no data" again
        for result in VerifiedResult.objects.filter(assignment=report.assignment, period=report.period):
            result.delete()
    notify(
        users=agency_staff(report.assignment.agency_id),
        kind="returned",
        message=_("%(indicator)s for %(period)s was sent back: %(comment)s")
        % {
            "indicator": report.assignment.indicator.code,
            "period": report.period.name,
            "comment": comment.strip()[:300],
        },
        url=f"/progress/reports/{report.pk}/",
    )
    return report


def allowed_actions(
    actor: Any, report: ProgressReport, states: periods.ReportingStates | None = None
) -> list[str]:
    """What the actor may do with the report now (the buttons the form shows).  A list asking for many
    reports passes one ``states`` so each period's reporting state is read once."""
    agency = report.assignment.agency_id
    actions = []
    open_ = (states or periods.reporting_state)(report.period).open_for(agency)
    if report.editable_status and open_ and can(actor, Action.EDIT_AGENCY_DATA, agency=agency):
        actions.append("save")
        if can(actor, Action.APPROVE_AGENCY_DATA, agency=agency):
            actions.append("submit")
        elif report.status != S.READY:
            actions.append("send_to_head")
    if (
        report.status == S.SUBMITTED
        and report.needs_host_review
        and can(actor, Action.REVIEW_AS_HOST, agency=report.assignment.indicator.host_agency_id)
    ):
        actions.append("review")
    if can(actor, Action.VERIFY_RESULTS) and (
        report.status == S.REVIEWED or (report.status == S.SUBMITTED and not report.needs_host_review)
    ):
        actions.append("verify")
    if may_send_back(actor, report):
        actions.append("send_back")
    return actions


def report_value_preview(report: ProgressReport) -> Decimal | None:
    """The actual value the method would compute from the figures typed so far (shown on the form)."""
    method = report.assignment.indicator.method
    if method == "value":
        return report.value
    if method == "ratio" and report.numerator is not None and report.denominator:
        return (report.numerator / report.denominator * 100).quantize(Decimal("0.01"))
    if method == "survey" and report.survey_responses:
        return (Decimal(report.survey_satisfied or 0) / report.survey_responses * 100).quantize(
            Decimal("0.01")
        )
    if method == "action_plan" and report.milestones:
        total = sum(Decimal(str(m.get("weight") or 0)) for m in report.milestones)
        if total:
            done = sum(
                Decimal(str(m.get("weight") or 0)) * Decimal(str(m.get("done") or 0))
                for m in report.milestones
            )
            return (done / total).quantize(Decimal("0.01"))
    return None
