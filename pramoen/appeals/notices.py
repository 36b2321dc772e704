"""Notifications at every status change of an appeal: the agency's staff and the person who filed it
hear of each step; whoever may decide hears of a new submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from pramoen.appeals.models import AppealCase
from pramoen.core.thai import format_date
from pramoen.progress.models import Notification
from pramoen.progress.notify import agency_staff, notify


def _agency_people(case: AppealCase) -> dict[int, Any]:
    """The agency's reporters and head, and whoever filed the case."""
    people = {u.pk: u for u in agency_staff(case.agency_id)}
    people.setdefault(case.filed_by_id, case.filed_by)
    return people


def status_changed(case: AppealCase, actor: Any, *, deciders: list[Any] | None = None) -> int:
    with override("th"):  # the in-app message and e-mail are Thai, like the rest of the workflow
        message = _("Appeal %(number)s (%(agency)s): %(status)s") % {
            "number": case.number,
            "agency": case.agency.short_name,
            "status": case.get_status_display(),
        }
    url = reverse("appeal", args=[case.number])
    people = _agency_people(case)
    people.pop(getattr(actor, "pk", 0), None)  # not the person who just did it
    for user in deciders or []:
        people.setdefault(user.pk, user)
    return notify(
        users=people.values(),
        kind=Notification.Kind.APPEAL,
        message=message,
        url=url,
        key=f"appeal:{case.number}:{case.version}",
    )


def filing_reminders_send(*, on: dt.date, days: int = 3) -> int:
    """Remind the agency of each draft appeal whose filing window closes within ``days`` days (once a
    day per draft); a draft left past the closing date can no longer be submitted."""
    drafts = AppealCase.objects.filter(
        status=AppealCase.Status.DRAFT,
        category__closes_on__gte=on,
        category__closes_on__lte=on + dt.timedelta(days=days),
    ).select_related("category", "agency", "filed_by")
    sent = 0
    for case in drafts:
        with override("th"):
            message = _("Appeal %(number)s is still a draft: filing for “%(name)s” closes on %(date)s.") % {
                "number": case.number,
                "name": case.category.name_th,
                "date": format_date(case.category.closes_on),
            }
        people = _agency_people(case)
        sent += notify(
            users=people.values(),
            kind=Notification.Kind.APPEAL,
            message=message,
            url=reverse("appeal", args=[case.number]),
            key=f"appeal-due:{case.number}:{on.isoformat()}",
        )
    return sent
