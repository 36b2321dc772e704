"""Appeal workflow: draft → submitted → under review → approved / partly approved / rejected, plus
withdrawn (by the agency) and reversed (by whoever may decide).  Every function checks who may call it;
the effects of a decision live in effects.py."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.appeals import effects, notices
from pramoen.appeals.models import (
    AppealCase,
    AppealCategory,
    AppealEvent,
    AppealEvidence,
    AppealItem,
    Decider,
    Effect,
)
from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import fits_decimal
from pramoen.core.thai import format_date
from pramoen.framework.models import Assignment, Period
from pramoen.orgs.models import Committee, Role, RoleAssignment, User
from pramoen.orgs.policy import Action, can, require
from pramoen.progress.evidence import TYPES, sniff

Status = AppealCase.Status
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
_OPEN = {Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW}


def _today() -> dt.date:
    return timezone.localdate()


def category_publish(*, actor: Any, category: AppealCategory) -> AppealCategory:
    """Publish a category to every agency (evaluation officers)."""
    require(actor, Action.MANAGE_FRAMEWORK)
    if category.published_at is None:
        category.published_at = timezone.now()
        category.save(update_fields=["published_at"])
    return category


def check_window(category: AppealCategory, *, on: dt.date | None = None) -> None:
    """Refuse filing outside the category's window, saying when it was open."""
    day = on or _today()
    if day < category.opens_on:
        raise ApplicationError(
            _("Filing for “%(name)s” opens on %(date)s.")
            % {"name": category.name, "date": format_date(category.opens_on)},
            {"field": "category", "reason": "not_open"},
        )
    if day > category.closes_on:
        raise ApplicationError(
            _("Too late: filing for “%(name)s” closed on %(date)s.")
            % {"name": category.name, "date": format_date(category.closes_on)},
            {"field": "category", "reason": "late"},
        )


def _check_assignment(category: AppealCategory, assignment: Assignment) -> None:
    indicator = assignment.indicator
    if indicator.fiscal_year_id != category.fiscal_year_id:
        raise ApplicationError(
            _("The indicator belongs to another fiscal year than the category."), {"field": "assignment"}
        )
    if category.component_id and indicator.component_id != category.component_id:
        raise ApplicationError(
            _("This category applies only to indicators of component %(code)s.")
            % {"code": category.component.code if category.component else ""},
            {"field": "assignment"},
        )
    methods: dict[str, str] = {Effect.TICKETS: "complaints", Effect.BUDGET_LINES: "budget_disbursement"}
    method = methods.get(category.effect)
    if method and indicator.method != method:
        raise ApplicationError(
            _("This category applies only to indicators computed by “%(method)s”.") % {"method": method},
            {"field": "assignment"},
        )


def _next_number(year: int) -> str:
    prefix = f"APL-{year}-"
    last = (
        AppealCase.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    return f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1) if last else 1:04d}"


# Requested and approved values: the column holds 18 digits with 4 places, but SQLite reads a decimal
# back through a 15-digit float, so 12 whole digits is what is safe everywhere (an indicator's value
# is a percentage, a count or baht — far below).
VALUE_DIGITS = 16


def _check_value(value: Decimal | None, field: str) -> None:
    if value is not None and not fits_decimal(value, max_digits=VALUE_DIGITS, decimal_places=4):
        raise ApplicationError(
            _("%(field)s: “%(value)s” is too large (it must be below %(limit)s).")
            % {"field": field, "value": str(value)[:40], "limit": f"{10**12:,}"},
            {"field": field, "reason": "too_large"},
        )


def _event(case: AppealCase, actor: Any, comment: str = "") -> None:
    AppealEvent.objects.create(case=case, status=case.status, actor=actor, comment=comment)


def appeal_create(
    *,
    actor: Any,
    category: AppealCategory,
    assignment: Assignment,
    reason: str,
    period: Period | None = None,
    requested_value: Decimal | None = None,
) -> AppealCase:
    """A new draft for one of the actor's agency's assignments."""
    require(actor, Action.EDIT_AGENCY_DATA, agency=assignment.agency_id)
    if category.published_at is None:
        raise ApplicationError(_("This category has not been published yet."), {"field": "category"})
    check_window(category)
    _check_assignment(category, assignment)
    _check_period(category, period)
    _check_value(requested_value, _("requested value"))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = AppealCase.objects.create(
                    number=_next_number(category.fiscal_year.year),
                    category=category,
                    agency_id=assignment.agency_id,
                    assignment=assignment,
                    period=period,
                    reason=reason.strip(),
                    requested_value=requested_value,
                    filed_by=actor,
                )
                _event(case, actor)
                return case
        except IntegrityError:  # another draft took the number: take the next one
            continue
    raise ApplicationError(_("Could not number the appeal; please try again."))


def _check_period(category: AppealCategory, period: Period | None) -> None:
    if category.effect in Effect.with_value():
        if period is None:
            raise ApplicationError(_("period: choose the period the value is for."), {"field": "period"})
        if period.fiscal_year_id != category.fiscal_year_id:
            raise ApplicationError(_("period: not a period of this fiscal year."), {"field": "period"})


def _editable(actor: Any, case: AppealCase, version: int | None) -> None:
    require(actor, Action.EDIT_AGENCY_DATA, agency=case.agency_id)
    if case.status != Status.DRAFT:
        raise ApplicationError(_("Only a draft can be changed."), {"field": "status"})
    if version is not None and version != case.version:
        raise ApplicationError(
            _("Someone else changed this appeal while you were editing. Reload it; your text is kept below."),
            {"field": "version", "reason": "conflict"},
        )


def appeal_update(
    *,
    actor: Any,
    case: AppealCase,
    version: int,
    reason: str,
    period: Period | None = None,
    requested_value: Decimal | None = None,
) -> AppealCase:
    _editable(actor, case, version)
    _check_period(case.category, period)
    _check_value(requested_value, _("requested value"))
    with transaction.atomic():
        locked = AppealCase.objects.select_for_update().get(pk=case.pk)
        _editable(actor, locked, version)  # someone may have saved since the caller read the case
        locked.reason = reason.strip()
        locked.period = period
        locked.requested_value = requested_value
        locked.version += 1
        locked.save(update_fields=["reason", "period", "requested_value", "version"])
    return locked


_ID_SPLIT = re.compile(r"[\s,;]+")


def appeal_items_add(*, actor: Any, case: AppealCase, text: str = "", refs: list[str] | None = None) -> int:
    """Add tickets or budget lines by id — pasted (one per line, or separated by commas) or picked.

    All or nothing: every id that cannot be used is reported with its line and reason."""
    _editable(actor, case, None)
    if case.category.effect not in Effect.with_items():
        raise ApplicationError(_("This category does not take tickets or budget lines."), {"field": "items"})
    wanted: list[tuple[int, str]] = [(0, r.strip()) for r in refs or [] if r.strip()]
    for line_no, line in enumerate(text.splitlines(), start=1):
        wanted += [(line_no, part) for part in _ID_SPLIT.split(line) if part]
    if not wanted:
        raise ApplicationError(_("items: paste or pick at least one id."), {"field": "items"})
    found, errors = effects.resolve_items(case, [ref for _n, ref in wanted])
    problems = [
        _("line %(line)s, id “%(ref)s”: %(reason)s") % {"line": n or "-", "ref": ref, "reason": errors[ref]}
        for n, ref in wanted
        if ref in errors
    ]
    if problems:
        raise ApplicationError(
            _("Nothing was added. %(problems)s") % {"problems": "; ".join(problems[:20])},
            {"field": "items", "rows": problems},
        )
    existing = set(case.items.values_list("ref", flat=True))
    kind = AppealItem.Kind.TICKET if case.category.effect == Effect.TICKETS else AppealItem.Kind.BUDGET_LINE
    new = [AppealItem(case=case, kind=kind, ref=ref, label=label[:300]) for ref, label in found.items()]
    new = [item for item in new if item.ref not in existing]
    with transaction.atomic():
        for item in new:
            item.save()  # one by one so the audit log records each
    return len(new)


def appeal_item_remove(*, actor: Any, case: AppealCase, item_id: int) -> None:
    _editable(actor, case, None)
    case.items.filter(pk=item_id).delete()


def appeal_evidence_add(
    *, actor: Any, case: AppealCase, document_code: str, name: str, data: bytes
) -> AppealEvidence:
    """Attach a document: its type is read from its content (PDF, JPEG, PNG, DOCX, XLSX), ≤ 20 MB."""
    _editable(actor, case, None)
    codes = {d["code"] for d in case.category.required_documents}
    if document_code and document_code not in codes:
        raise ApplicationError(
            _("document: “%(code)s” is not one of this category's documents.") % {"code": document_code},
            {"field": "document_code"},
        )
    if not data:
        raise ApplicationError(_("file “%(name)s”: the file is empty.") % {"name": name}, {"field": "file"})
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ApplicationError(
            _("file “%(name)s”: larger than 20 MB.") % {"name": name}, {"field": "file", "reason": "size"}
        )
    detected = sniff(data[:16], data)
    if detected is None:
        raise ApplicationError(
            _("file “%(name)s”: only PDF, JPEG, PNG, DOCX or XLSX files are accepted (checked by content).")
            % {"name": name},
            {"field": "file", "reason": "type"},
        )
    _kind, content_type, extensions = TYPES[detected]
    safe = re.sub(r"[^\w.\-]+", "_", name)[-120:] or "file"
    if not any(safe.lower().endswith(ext) for ext in extensions):
        safe = f"{safe}{sorted(extensions)[0]}"
    evidence = AppealEvidence(
        case=case,
        document_code=document_code,
        original_name=name[:200],
        content_type=content_type,
        size=len(data),
        uploaded_by=actor,
    )
    evidence.file.save(safe, ContentFile(data), save=False)
    evidence.save()
    return evidence


def appeal_evidence_remove(*, actor: Any, case: AppealCase, evidence_id: int) -> None:
    _editable(actor, case, None)
    for row in case.evidence.filter(pk=evidence_id):
        row.file.delete(save=False)
        row.delete()


def missing_documents(case: AppealCase) -> list[str]:
    attached = set(case.evidence.values_list("document_code", flat=True))
    return [d["name"] for d in case.category.documents() if d["code"] not in attached]


def appeal_submit(*, actor: Any, case: AppealCase) -> AppealCase:
    """The agency head files the appeal: in the window, with its items or value and every document."""
    require(actor, Action.APPROVE_AGENCY_DATA, agency=case.agency_id)
    if case.status != Status.DRAFT:
        raise ApplicationError(_("Only a draft can be submitted."), {"field": "status"})
    check_window(case.category)
    effect = case.category.effect
    if not case.reason.strip():
        raise ApplicationError(_("reason: say why the result should change."), {"field": "reason"})
    if effect in Effect.with_items() and not case.items.exists():
        raise ApplicationError(_("items: add the tickets or budget lines to leave out."), {"field": "items"})
    if effect in Effect.with_value() and case.requested_value is None:
        raise ApplicationError(
            _("requested value: give the value you ask for."), {"field": "requested_value"}
        )
    missing = missing_documents(case)
    if missing:
        raise ApplicationError(
            _("Attach the required documents first: %(names)s.") % {"names": ", ".join(missing)},
            {"field": "evidence", "missing": missing},
        )
    with transaction.atomic():
        case.status = Status.SUBMITTED
        case.submitted_at = timezone.now()
        case.version += 1
        case.save(update_fields=["status", "submitted_at", "version"])
        _event(case, actor)
        notices.status_changed(case, actor, deciders=deciders_of(case))
    return case


def committees_reviewing(case: AppealCase) -> list[Committee]:
    agency = case.agency
    by_list = Committee.objects.filter(agencies=agency)
    by_group = Committee.objects.filter(district_group__districts__office=agency)
    return list((by_list | by_group).distinct().order_by("number"))


def deciders_of(case: AppealCase) -> list[Any]:
    if case.category.decider == Decider.COMMITTEE:
        rows = RoleAssignment.objects.filter(
            role=Role.COMMITTEE_SECRETARY, committee__in=committees_reviewing(case)
        )
    else:
        rows = RoleAssignment.objects.filter(role=Role.EVALUATOR, agency__isnull=True, committee__isnull=True)
    users = User.objects.filter(pk__in=rows.values("user_id"), is_active=True).order_by("pk")
    return [u for u in users if can_decide(u, case)]


def can_decide(actor: Any, case: AppealCase) -> bool:
    if case.category.decider == Decider.COMMITTEE:
        return any(
            can(actor, Action.DECIDE_APPEAL, agency=case.agency_id, committee=c)
            for c in committees_reviewing(case)
        )
    return can(actor, Action.DECIDE_APPEAL, agency=case.agency_id)


def _require_decider(actor: Any, case: AppealCase) -> None:
    if not can_decide(actor, case):
        raise PermissionDenied(
            _("Only %(who)s decides this appeal, and never for its own agency.")
            % {"who": case.category.get_decider_display()}
        )


def appeal_start_review(*, actor: Any, case: AppealCase) -> AppealCase:
    _require_decider(actor, case)
    if case.status != Status.SUBMITTED:
        raise ApplicationError(_("Only a submitted appeal can be taken up for review."), {"field": "status"})
    with transaction.atomic():
        case.status = Status.UNDER_REVIEW
        case.version += 1
        case.save(update_fields=["status", "version"])
        _event(case, actor)
        notices.status_changed(case, actor)
    return case


def appeal_decide(
    *,
    actor: Any,
    case: AppealCase,
    outcome: str,
    reason: str,
    approved_refs: list[str] | None = None,
    approved_value: Decimal | None = None,
) -> AppealCase:
    """Decide; an approval applies itself (items left out, weight dropped, value replaced) and the
    scores are recomputed at once, with the before → after figures kept on the case."""
    _require_decider(actor, case)
    if case.status not in {Status.SUBMITTED, Status.UNDER_REVIEW}:
        raise ApplicationError(_("This appeal is not waiting for a decision."), {"field": "status"})
    if outcome not in {Status.APPROVED, Status.PARTLY_APPROVED, Status.REJECTED}:
        raise ApplicationError(_("outcome: approve, partly approve or reject."), {"field": "outcome"})
    if not reason.strip():
        raise ApplicationError(_("reasons: the agency needs to know why."), {"field": "decision_reason"})
    _check_value(approved_value, _("approved value"))
    effect = case.category.effect
    items = list(case.items.all())
    chosen = set(approved_refs or [])
    if outcome == Status.APPROVED:
        chosen = {i.ref for i in items}
        approved_value = case.requested_value if approved_value is None else approved_value
    elif outcome == Status.PARTLY_APPROVED:
        if effect in Effect.with_items():
            unknown = chosen - {i.ref for i in items}
            if not chosen or unknown or len(chosen) == len(items):
                raise ApplicationError(
                    _("approved items: pick some, but not all, of the appeal's items."),
                    {"field": "approved_refs"},
                )
        elif effect in Effect.with_value():
            if approved_value is None or approved_value == case.requested_value:
                raise ApplicationError(
                    _("approved value: give the value approved instead of the one requested."),
                    {"field": "approved_value"},
                )
        else:
            raise ApplicationError(
                _("An indicator is left out or not: this category cannot be partly approved."),
                {"field": "outcome"},
            )
    with transaction.atomic():
        for item in items:
            approved = outcome != Status.REJECTED and item.ref in chosen
            item.decision = AppealItem.Decision.APPROVED if approved else AppealItem.Decision.REJECTED
            item.save(update_fields=["decision"])
        case.status = outcome
        case.decision_reason = reason.strip()
        case.approved_value = approved_value if outcome != Status.REJECTED else None
        case.decided_by = actor
        case.decided_at = timezone.now()
        case.version += 1
        case.save()
        if case.is_in_effect:
            effects.apply_with_snapshot(case, actor)
        _event(case, actor, reason.strip())
        notices.status_changed(case, actor)
    return case


def appeal_withdraw(*, actor: Any, case: AppealCase, comment: str = "") -> AppealCase:
    """The agency takes its appeal back; an approved one's effects are undone first."""
    require(actor, Action.APPROVE_AGENCY_DATA, agency=case.agency_id)
    if case.status not in _OPEN | {Status.APPROVED, Status.PARTLY_APPROVED}:
        raise ApplicationError(_("This appeal can no longer be withdrawn."), {"field": "status"})
    return _undo(case, actor, Status.WITHDRAWN, comment)


def appeal_reverse(*, actor: Any, case: AppealCase, reason: str) -> AppealCase:
    """Whoever may decide reverses an approval: every figure returns to what it was before."""
    _require_decider(actor, case)
    if not case.is_in_effect:
        raise ApplicationError(_("Only an approved decision can be reversed."), {"field": "status"})
    if not reason.strip():
        raise ApplicationError(_("reasons: the agency needs to know why."), {"field": "decision_reason"})
    return _undo(case, actor, Status.REVERSED, reason)


def _undo(case: AppealCase, actor: Any, status: str, comment: str) -> AppealCase:
    with transaction.atomic():
        was_in_effect = case.is_in_effect
        case.status = status
        case.version += 1
        case.save(update_fields=["status", "version"])
        if was_in_effect:
            effects.undo_with_snapshot(case)
        _event(case, actor, comment.strip())
        notices.status_changed(case, actor)
    return case
