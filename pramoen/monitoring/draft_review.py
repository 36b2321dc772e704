"""The secretary's side of a drafted sheet: accept or drop each drafted item, edit the summary, and start
a draft (as a job) from the buttons.  The drafting itself is ``draft.py``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.monitoring.draft import next_order
from pramoen.monitoring.models import DraftState, Observation, Obstacle, Sheet
from pramoen.monitoring.vocab import Period
from pramoen.orgs.models import Committee
from pramoen.orgs.policy import Action, require


@transaction.atomic
def draft_decide(*, actor: Any, item: Any, accept: bool, expected_version: int | None) -> Any:
    """Accept a drafted item into the report (at the end of its list) or drop it; re-drafting leaves
    either decision alone."""
    from pramoen.monitoring.services import _require_record, _touch

    _require_record(actor, item.sheet)
    if item.draft_state != DraftState.DRAFT:
        raise ApplicationError(
            _("This item is no longer a draft; reload the page."), {"field": "draft_state"}
        )
    _touch(actor=actor, sheet=item.sheet, expected_version=expected_version)
    if accept:
        item.draft_state = DraftState.FINAL
        item.order = next_order(type(item), item.sheet)
    else:
        item.draft_state = DraftState.DROPPED
    item.save(update_fields=["draft_state", "order"])
    return item


@transaction.atomic
def summary_save(*, actor: Any, sheet: Sheet, text: str, expected_version: int | None) -> Sheet:
    """The secretary's own summary; re-drafting no longer replaces it (empty it for the drafted one)."""
    from pramoen.monitoring.services import _require_record, _touch

    _require_record(actor, sheet)
    _touch(actor=actor, sheet=sheet, expected_version=expected_version)
    text = text.strip()
    Sheet.objects.filter(pk=sheet.pk).update(summary=text, summary_edited=bool(text))
    sheet.refresh_from_db()
    return sheet


def drafts_of(sheet: Sheet) -> list[tuple[str, Any]]:
    """The items of ``sheet`` still waiting for the secretary, obstacles first."""
    rows: list[tuple[str, Any]] = [
        ("obstacle", o)
        for o in Obstacle.every.filter(sheet=sheet, draft_state=DraftState.DRAFT).prefetch_related("agencies")
    ]
    rows += [("observation", o) for o in Observation.every.filter(sheet=sheet, draft_state=DraftState.DRAFT)]
    return rows


def start_draft(*, actor: Any, fiscal_year: int, period: str, committees: Sequence[int] | None) -> Any:
    """What the buttons run: the draft as a job (``jobs.py``) a worker picks up; the page then follows it
    at ``/jobs/<id>/``."""
    from pramoen.jobs.services import job_enqueue

    if actor is not None and not committees:
        require(actor, Action.MANAGE_FRAMEWORK)
    for number in committees or ():
        committee = Committee.objects.filter(number=number).first()
        if committee is None:
            raise ApplicationError(_("No committee %(n)s.") % {"n": number}, {"field": "committee"})
        require(actor, Action.RECORD_MONITORING, committee=committee)
    label = _("Draft of the monitoring round, fiscal year %(year)s · %(period)s") % {
        "year": fiscal_year,
        "period": dict(Period.choices).get(period, period),  # the period's name, never its code
    }
    params = {"fiscal_year": fiscal_year, "period": period, "committees": list(committees or [])}
    return job_enqueue(kind="monitoring_draft", actor=actor, params=params, label=label)
