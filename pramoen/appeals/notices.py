"""Notifications at every status change of an appeal: the agency's staff and the person who filed it
hear of each step; whoever may decide hears of a new submission."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from pramoen.appeals.models import AppealCase
from pramoen.progress.models import Notification
from pramoen.progress.notify import agency_staff, notify


def status_changed(case: AppealCase, actor: Any, *, deciders: list[Any] | None = None) -> int:
    with override("th"):  # the in-app message and e-mail are Thai, like the rest of the workflow
        message = _("Appeal %(number)s (%(agency)s): %(status)s") % {
            "number": case.number,
            "agency": case.agency.short_name,
            "status": case.get_status_display(),
        }
    url = reverse("appeal", args=[case.number])
    people = {u.pk: u for u in agency_staff(case.agency_id)}
    people.setdefault(case.filed_by_id, case.filed_by)
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
