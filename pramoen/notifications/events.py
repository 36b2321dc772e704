"""The kinds of event a person chooses channels for, and which notification kinds belong to each.

``progress.Notification.kind`` says what happened (a report sent back, a deadline, …); people choose their
channels per *event*: a few groups they recognise.  A kind no event names falls under "other news".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    key: str
    label: str | Promise
    kinds: frozenset[str]
    # an urgent event is pushed even in the person's quiet hours and never waits for the digest
    urgent: bool = False


EVENTS: dict[str, Event] = {}


def register_event(event: Event) -> None:
    EVENTS[event.key] = event


register_event(Event("deadline", _("deadline near"), frozenset({"deadline", "warning"}), urgent=True))
register_event(Event("returned", _("sent back for changes"), frozenset({"returned"})))
register_event(Event("waiting", _("waiting for you"), frozenset({"submitted", "reviewed", "waiting"})))
register_event(Event("appeal", _("appeal decided"), frozenset({"appeal"})))
register_event(Event("followup", _("follow-up assigned or overdue"), frozenset({"followup"})))
register_event(Event("other", _("other news"), frozenset()))


def event_for(kind: str) -> Event:
    for event in EVENTS.values():
        if kind in event.kinds:
            return event
    return EVENTS["other"]
