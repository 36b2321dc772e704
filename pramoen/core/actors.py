"""Who did it, in words.  The audit log and the jobs record work the system did on its own as
``system:<what>`` (a command, ``schedule:<job kind>``, ``pull:<connector>``, ``import_<feed>``); pages show
the name of that work, never its code.  Commands are named here; apps whose work is a registry (job kinds,
connectors, feeds) register a resolver for their prefix, the way they register their menu items."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Name = str | Promise

COMMANDS: dict[str, Name] = {
    "demo": _("loading the demo data"),
    "demo_monitoring": _("loading the demo monitoring data"),
    "demo_services_budget": _("loading the demo service and budget data"),
    "recompute_scores": _("recomputing scores"),
    "complaint_dedup": _("finding duplicate complaints"),
    "pull_complaints": _("pulling complaints from Traffy Fondue"),
    "appeal_reminders": _("appeal reminders"),
    "progress_notify": _("report reminders"),
    "notifications_send": _("sending notifications"),
    "monitoring_draft": _("drafting the monitoring report"),
    "monitoring_follow_up": _("following up the committees' suggestions"),
    "stale_accounts": _("closing unused accounts"),
    "hr_roster": _("reading the staff roster"),
}

_PREFIXES: dict[str, Callable[[str], Name | None]] = {}


def register_prefix(prefix: str, resolve: Callable[[str], Name | None]) -> None:
    """``resolve(rest)`` names the work ``system:<prefix><rest>``, or None when it does not know it."""
    _PREFIXES[prefix] = resolve


def system_work(what: str) -> Name | None:
    """The name of the work ``system:<what>``; None for work nobody named (shown as its code)."""
    if what in COMMANDS:
        return COMMANDS[what]
    for prefix, resolve in _PREFIXES.items():
        if what.startswith(prefix):
            return resolve(what[len(prefix) :])
    return None
