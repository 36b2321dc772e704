"""The one import job every feed's upload goes through (web page, API and command alike):

    job = feed_import_start(feed="complaints", upload=request.FILES["file"], actor=request.user)

The job reads the file with the feed's importer, then recomputes exactly the scores the import touched,
in the same job; its summary says how many changed.

    job = feed_rules_changed(feed="budget", fiscal_year=2567, actor=request.user)

queues ``feed_rules_scores`` after the evaluation office changed a feed's rules of a year: it recomputes the
scores of the year's assignments computed by the feed's methods (``base.rules_touched``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pramoen.core.errors import ApplicationError
from pramoen.feeds.base import get_feed, recompute_touched, rules_touched
from pramoen.jobs.models import Job
from pramoen.jobs.registry import Progress, job_kind
from pramoen.jobs.services import (
    job_enqueue,
    job_file_local,
    job_file_save,
    job_file_save_path,
    job_run_inline,
)
from pramoen.orgs.policy import Action, require


@job_kind("feed_import", label=gettext_lazy("data import"))
def feed_import(
    *,
    progress: Progress,
    actor: Any | None,
    job: Job,
    feed: str,
    file_name: str,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    source = get_feed(feed)
    with job_file_local(job.source_file) as path:
        outcome = source.import_file(
            path=path, file_name=file_name, actor=actor, progress=progress, **(options or {})
        )
    touched = outcome.touched
    progress.stage(_("recomputing the scores this import touched"))
    changed = recompute_touched(touched)
    lines = [
        *outcome.lines,
        ngettext(
            "%(n)d stored score changed (%(agencies)d agencies, fiscal years %(years)s).",
            "%(n)d stored scores changed (%(agencies)d agencies, fiscal years %(years)s).",
            changed,
        )
        % {
            "n": changed,
            "agencies": len(touched.agency_ids),
            "years": ", ".join(map(str, sorted(touched.fiscal_years))) or "—",
        },
    ]
    return {
        **outcome.summary,
        "feed": feed,
        "scores_changed": changed,
        "touched": {
            "fiscal_years": sorted(touched.fiscal_years),
            "agencies": len(touched.agency_ids),
            "start": touched.start.isoformat() if touched.start else None,
            "end": touched.end.isoformat() if touched.end else None,
        },
        "rejects": outcome.rejects,
        "outcome": lines,
    }


@job_kind("feed_rules_scores", label=gettext_lazy("scores after a change of a feed's rules"))
def feed_rules_scores(
    *,
    progress: Progress,
    actor: Any | None,
    feed: str,
    fiscal_year: int,
    options: dict[str, Any] | None = None,
    **_kw: Any,
) -> dict[str, Any]:
    source = get_feed(feed)
    year = int(fiscal_year)
    lines = source.rules_follow(fiscal_year=year, progress=progress, options=options or {})
    progress.stage(_("recomputing the scores these rules feed"))
    touched = rules_touched(source, year)
    changed = recompute_touched(touched)
    lines.append(
        ngettext(
            "Rules of %(feed)s, FY %(year)s: %(agencies)d agencies checked, %(n)d stored score changed.",
            "Rules of %(feed)s, FY %(year)s: %(agencies)d agencies checked, %(n)d stored scores changed.",
            changed,
        )
        % {"feed": source.label, "year": year, "agencies": len(touched.agency_ids), "n": changed}
    )
    return {
        "feed": feed,
        "fiscal_year": year,
        "agencies": len(touched.agency_ids),
        "periods": sorted(touched.period_codes or ()),
        "scores_changed": changed,
        "outcome": lines,
    }


def feed_rules_changed(
    *, feed: str, fiscal_year: int, actor: Any | None, options: dict[str, Any] | None = None
) -> Job:
    """Queue the recompute of the scores a change of ``feed``'s rules of ``fiscal_year`` moves (the
    feed's service has checked who may and saved the rules)."""
    source = get_feed(feed)
    return job_enqueue(
        kind="feed_rules_scores",
        actor=actor,
        params={"feed": feed, "fiscal_year": int(fiscal_year), "options": options or {}},
        label=_("Scores after the rules of %(feed)s of FY %(year)s changed")
        % {"feed": source.label, "year": fiscal_year},
    )


def _label(feed: str, file_name: str) -> str:
    return _("Import %(feed)s: %(file)s") % {"feed": get_feed(feed).label, "file": file_name}


def _check(feed: str, file_name: str, actor: Any | None) -> None:
    source = get_feed(feed)
    if actor is not None:
        require(actor, Action.MANAGE_FRAMEWORK)
    lowered = file_name.lower()
    if not lowered.endswith(source.formats):
        raise ApplicationError(
            _("%(file)s: this import takes %(formats)s files.")
            % {"file": file_name, "formats": ", ".join(source.formats)},
            {"field": "file"},
        )


def feed_import_start(
    *, feed: str, upload: Any, actor: Any | None, options: dict[str, Any] | None = None
) -> Job:
    """Keep the upload and queue its import; answers at once."""
    file_name = Path(getattr(upload, "name", "") or "upload").name
    _check(feed, file_name, actor)
    stored = job_file_save(upload, name=file_name)
    return job_enqueue(
        kind="feed_import",
        actor=actor,
        params={"feed": feed, "file_name": file_name, "options": options or {}},
        label=_label(feed, file_name),
        source_file=stored,
    )


def feed_import_path(
    *,
    feed: str,
    path: Path,
    actor: Any | None,
    options: dict[str, Any] | None = None,
    enqueue: bool = False,
    listener: Callable[[str, int, int | None], None] | None = None,
) -> Job:
    """The commands: import a file on disk now (or queue it with ``enqueue``)."""
    _check(feed, path.name, actor)
    stored = job_file_save_path(path)
    params = {"feed": feed, "file_name": path.name, "options": options or {}}
    if enqueue:
        return job_enqueue(
            kind="feed_import", actor=actor, params=params, label=_label(feed, path.name), source_file=stored
        )
    return job_run_inline(
        kind="feed_import",
        actor=actor,
        params=params,
        label=_label(feed, path.name),
        source_file=stored,
        listener=listener,
    )
