"""Follow-up that follows up: who hears what about an assigned observation.

- assigned (or re-assigned) → the assigned agency's reporters and head;
- due within ``DUE_SOON_DAYS`` and not done → the same people, once per due date;
- overdue (due date passed, not done) → the same people and the committee's secretaries, once per due date;
- done → the committee's secretaries.

Everything goes through ``pramoen.progress.notify.notify`` (in-app, and e-mail after the transaction
commits; other channels where that module sends them), keyed so a person hears each event once.  The
daily ``pramoen monitoring_follow_up`` command sends the due-soon and overdue ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pramoen.core.thai import format_date
from pramoen.monitoring.models import Observation
from pramoen.orgs.models import Role, RoleAssignment, User

DUE_SOON_DAYS = 7
FOLLOW_UP = "followup"  # progress.Notification.Kind.FOLLOW_UP: its own event when people choose channels


def _staff(agency_id: int | None) -> list[Any]:
    from pramoen.progress.notify import agency_staff

    return agency_staff(agency_id) if agency_id is not None else []


def secretaries(committee_id: int) -> list[Any]:
    rows = RoleAssignment.objects.filter(
        role=Role.COMMITTEE_SECRETARY, committee_id=committee_id, user__is_active=True
    )
    return list(User.objects.filter(pk__in=rows.values("user_id")).order_by("pk"))


def _send(users: list[Any], observation: Observation, *, kind: str, message: str, key: str) -> int:
    from pramoen.progress.notify import notify

    url = reverse("monitoring:follow-up", args=[observation.pk])
    return notify(users=users, kind=kind, message=message, url=url, key=key)


def _short(observation: Observation) -> str:
    text = observation.text
    return text if len(text) <= 120 else text[:117] + "…"


def _committee(observation: Observation) -> str:
    return observation.sheet.committee.theme_th or str(observation.sheet.committee)


def notify_assigned(observation: Observation) -> int:
    if observation.assignee_id is None:
        return 0
    with translation.override("th"):
        due = (
            _(", due %(date)s") % {"date": format_date(observation.due_date, long=True)}
            if observation.due_date
            else ""
        )
        message = _(
            "The monitoring committee (%(committee)s) asks your agency to act on: %(text)s%(due)s"
        ) % {
            "committee": _committee(observation),
            "text": _short(observation),
            "due": due,
        }
    key = f"monitoring:assigned:{observation.pk}:{observation.assignee_id}:{observation.due_date}"
    return _send(_staff(observation.assignee_id), observation, kind=FOLLOW_UP, message=message, key=key)


def notify_done(observation: Observation) -> int:
    with translation.override("th"):
        message = _("%(agency)s has marked done: %(text)s") % {
            "agency": observation.assignee.name_th if observation.assignee else "",
            "text": _short(observation),
        }
    key = f"monitoring:done:{observation.pk}:{observation.status_changed_at}"
    users = secretaries(observation.sheet.committee_id)
    return _send(users, observation, kind="submitted", message=message, key=key)


def open_assigned() -> Any:
    return (
        Observation.objects.filter(assignee__isnull=False, due_date__isnull=False)
        .exclude(status=Observation.Status.DONE)
        .select_related("sheet__committee", "assignee")
    )


def remind(*, today: dt.date | None = None) -> dict[str, int]:
    """Due-soon and overdue notices (each once per observation and due date); returns how many sent."""
    today = today or timezone.localdate()
    sent = {"due_soon": 0, "overdue": 0}
    for o in open_assigned().filter(due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)):
        assert o.due_date is not None
        with translation.override("th"):
            when = format_date(o.due_date, long=True)
            if o.due_date < today:
                message = _("Overdue since %(date)s: %(text)s") % {"date": when, "text": _short(o)}
                users = _staff(o.assignee_id) + secretaries(o.sheet.committee_id)
                key, bucket = f"monitoring:overdue:{o.pk}:{o.due_date}", "overdue"
            else:
                message = _("Due on %(date)s: %(text)s") % {"date": when, "text": _short(o)}
                users = _staff(o.assignee_id)
                key, bucket = f"monitoring:due-soon:{o.pk}:{o.due_date}", "due_soon"
        sent[bucket] += _send(users, o, kind=FOLLOW_UP, message=message, key=key)
    return sent
