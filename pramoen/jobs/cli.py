"""What the commands share: a progress bar on the terminal, and how a finished job is printed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pramoen.jobs.models import Job


def progress_bar(stream: TextIO | None = None) -> Callable[[str, int, int | None], None]:
    """A one-line bar (only on a terminal: logs and pipes get the summary alone)."""
    out = stream or sys.stderr
    if not out.isatty():
        return lambda _stage, _done, _total: None
    last = [""]

    def show(stage: str, done: int, total: int | None) -> None:
        if total:
            filled = int(30 * min(done, total) / total)
            text = f"\r{stage[:40]:<40} [{'#' * filled}{'.' * (30 - filled)}] {100 * done // total:3d}%"
        else:
            text = f"\r{stage[:40]:<40} {done:,}"
        if text != last[0]:
            out.write(text)
            out.flush()
            last[0] = text

    return show


def print_job(job: Job, write: Callable[[str], Any], *, show_rejects: int = 20) -> None:
    for line in job.outcome:
        write(line)
    for reject in job.rejects[:show_rejects]:
        where = f"{reject.get('sheet')} " if reject.get("sheet") else ""
        field = reject.get("field") or reject.get("column") or ""
        write(
            "  "
            + _("%(where)srow %(row)s, %(field)s: %(reason)s")
            % {"where": where, "row": reject.get("row"), "field": field, "reason": reject.get("reason")}
        )
    more = len(job.rejects) - show_rejects
    if more > 0:
        write(
            "  "
            + ngettext("… and %(count)d more rejected row", "… and %(count)d more rejected rows", more)
            % {"count": more}
        )
