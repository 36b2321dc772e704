"""Monitoring work that runs as a job: drafting a round's sheets from the data (the buttons enqueue it,
``pramoen monitoring_draft`` runs it inline), and the daily follow-up reminders (scheduled at 07:15)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.jobs.registry import Progress, job_kind, schedule
from pramoen.monitoring import documents
from pramoen.monitoring.draft import round_draft
from pramoen.monitoring.follow_up import remind
from pramoen.orgs.models import Committee


@job_kind("monitoring_draft", label=gettext_lazy("monitoring committees' draft"))
def monitoring_draft(
    *,
    progress: Progress,
    actor: Any | None,
    fiscal_year: int,
    period: str,
    committees: list[int] | None = None,
    **_kw: Any,
) -> dict[str, Any]:
    total = len(committees) if committees else Committee.objects.count()
    progress.stage(_("drafting the committees' sheets from the data"), total=total)
    result = round_draft(
        actor=actor,
        fiscal_year=fiscal_year,
        period=period,
        committees=committees,
        progress=lambda _done: progress.advance(1),
    )
    rows = result["committees"]
    line = _(
        "%(n)s committee(s) drafted: %(new)s new items, %(refreshed)s drafts refreshed, %(kept)s items "
        "accepted, edited or dropped left as they were."
    ) % {
        "n": len(rows),
        "new": sum(r["new"] for r in rows),
        "refreshed": sum(r["refreshed"] for r in rows),
        "kept": sum(r["kept"] for r in rows),
    }
    return {**result, "outcome": [line]}


@job_kind(documents.JOB_KIND, label=gettext_lazy("monitoring report file"))
def monitoring_report(
    *,
    progress: Progress,
    fiscal_year: int,
    period: str,
    fmt: str,
    committees: list[int] | None = None,
    **_kw: Any,
) -> dict[str, Any]:
    from pramoen.monitoring.models import Round
    from pramoen.monitoring.report import build_report

    progress.stage(_("building the report file"))
    rnd = Round.objects.get(fiscal_year=fiscal_year, period=period)
    report = build_report(round=rnd, committees=committees or None)
    name, size = documents.document_store(report, fmt)
    url = documents.download_url(rnd, fmt, committees)
    line = _("The report file is ready (%(kb)s KB).") % {"kb": max(1, round(size / 1024))}
    return {"file": name, "bytes": size, "download_url": url, "outcome": [line]}


@job_kind("monitoring_follow_up", label=gettext_lazy("monitoring follow-up reminders"))
def monitoring_follow_up(*, progress: Progress, **_kw: Any) -> dict[str, Any]:
    progress.stage(_("checking the observations assigned for follow-up"))
    sent = remind()
    line = _("%(soon)s due-soon and %(overdue)s overdue notifications sent.") % {
        "soon": sent["due_soon"],
        "overdue": sent["overdue"],
    }
    return {**sent, "outcome": [line]}


schedule("monitoring_follow_up", hour=7, minute=15)
