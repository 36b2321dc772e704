"""Writes of the budget feed: imports (idempotent upserts), the per-year rules, the appeal exclusion hook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pramoen.core.errors import ApplicationError
from pramoen.feeds.base import rules_locked
from pramoen.feeds.budget.importer import parse_budget_file
from pramoen.feeds.budget.models import (
    BudgetLine,
    BudgetLineExclusion,
    BudgetMovement,
    BudgetRules,
    ProcurementEvent,
)
from pramoen.feeds.models import ImportRun
from pramoen.feeds.runs import import_run_done, import_run_start
from pramoen.orgs.policy import Action, require


def _require(actor: Any | None, action: Action) -> None:
    # actor None: a management command or another app's service already acting as "system:<name>"
    if actor is not None:
        require(actor, action)


def budget_import(
    *, actor: Any | None, upload: IO[bytes] | bytes, filename: str, is_demo: bool = False
) -> ImportRun:
    """Import lines, movements and procurement events.  All rows or none (a refused file leaves no run);
    re-importing replaces by natural key (line: agency + year + code; movement and event: line + kind +
    document number)."""
    _require(actor, Action.MANAGE_FRAMEWORK)
    data = upload if isinstance(upload, bytes) else upload.read()
    parsed = parse_budget_file(data, filename)
    with transaction.atomic():
        batch = import_run_start(
            feed="budget", file_name=filename, actor=actor, data=data, rows_read=parsed.rows_read,
            is_demo=is_demo,
        )  # fmt: skip
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    agency_id=r.key[0],
                    fiscal_year=r.key[1],
                    code=r.key[2],
                    name=r.name,
                    budget_type=r.budget_type,
                    source=r.source,
                    welfare=r.welfare,
                    approved=r.approved,
                    batch=batch,
                )
                for r in parsed.lines
            ],
            update_conflicts=True,
            unique_fields=["agency", "fiscal_year", "code"],
            update_fields=["name", "budget_type", "source", "welfare", "approved", "batch"],
            batch_size=2000,
        )
        keys = {e.line for e in parsed.entries}
        line_ids = {
            (a, y, c): pk
            for pk, a, y, c in BudgetLine.objects.filter(
                agency_id__in={k[0] for k in keys}, fiscal_year__in={k[1] for k in keys}
            ).values_list("pk", "agency_id", "fiscal_year", "code")
        }
        BudgetMovement.objects.bulk_create(
            [
                BudgetMovement(
                    line_id=line_ids[e.line],
                    kind=e.kind,
                    ref=e.ref,
                    date=e.date,
                    amount=e.amount or 0,
                    batch=batch,
                )
                for e in parsed.entries
                if e.record != "procurement"
            ],
            update_conflicts=True,
            unique_fields=["line", "kind", "ref"],
            update_fields=["date", "amount", "batch"],
            batch_size=2000,
        )
        ProcurementEvent.objects.bulk_create(
            [
                ProcurementEvent(
                    line_id=line_ids[e.line], kind=e.kind, ref=e.ref, date=e.date, note=e.note, batch=batch
                )
                for e in parsed.entries
                if e.record == "procurement"
            ],
            update_conflicts=True,
            unique_fields=["line", "kind", "ref"],
            update_fields=["date", "note", "batch"],
            batch_size=2000,
        )
        import_run_done(batch, figures={"lines": len(parsed.lines), "entries": len(parsed.entries)})
    return batch


@dataclass(frozen=True)
class RulesSaved:
    rules: BudgetRules
    changed: bool  # False: these were the year's rules already, and nothing was written
    job: Any | None  # the ``feed_rules_scores`` job recomputing KPI 3.2 (jobs.models.Job), if any


def budget_rules_set(*, actor: Any | None, rules: BudgetRules) -> RulesSaved:
    """Save one fiscal year's rules (what KPI 3.2 leaves out) after checking them; refused once the year's
    evaluation is closed (``feeds.base.rules_locked``).  When what KPI 3.2 leaves out changed, the
    ``feed_rules_scores`` job recomputes the year's 3.2 scores; the same rules saved again write nothing
    and queue nothing (a change of the note alone is saved, with no job: no score moves)."""
    from pramoen.feeds.jobs import feed_rules_changed

    _require(actor, Action.MANAGE_FRAMEWORK)
    try:
        rules.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), {"fiscal_year": rules.fiscal_year}) from exc
    rules_locked(rules.fiscal_year)
    with transaction.atomic():
        current = BudgetRules.objects.select_for_update().filter(fiscal_year=rules.fiscal_year).first()
        before = current or BudgetRules(fiscal_year=rules.fiscal_year)  # no row: the defaults
        moved = before.excluded_reasons() != rules.excluded_reasons()
        if current is not None and not moved and current.note == rules.note:
            return RulesSaved(current, changed=False, job=None)
        rules.pk = None if current is None else current.pk
        rules.save()  # the audit log records each changed field
        job = feed_rules_changed(feed="budget", fiscal_year=rules.fiscal_year, actor=actor) if moved else None
    return RulesSaved(rules, changed=True, job=job)


def budget_line_exclude(
    *, actor: Any | None, line: BudgetLine, reference: str, decided_on: dt.date, note: str = ""
) -> BudgetLineExclusion:
    """The appeal hook: leave ``line`` out of KPI 3.2 with reason ``appeal``.  The appeals app calls this
    when the evaluation office approves an appeal (actor: the deciding evaluator)."""
    _require(actor, Action.VERIFY_RESULTS)
    exclusion, _created = BudgetLineExclusion.objects.update_or_create(
        line=line,
        defaults={
            "reason": BudgetLineExclusion.Reason.APPEAL,
            "reference": reference,
            "decided_on": decided_on,
            "note": note,
        },
    )
    return exclusion


def budget_line_include(*, actor: Any | None, line: BudgetLine) -> None:
    """Undo an exclusion (an appeal decision reversed)."""
    _require(actor, Action.VERIFY_RESULTS)
    BudgetLineExclusion.objects.filter(line=line).delete()
