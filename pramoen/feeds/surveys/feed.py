"""The surveys feed in the registry: paper responses are imported by the ``feed_import`` job, and closing a
survey recomputes its indicator by the ``survey_scores`` job (docs/feeds.md, docs/jobs.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pramoen.core.errors import ApplicationError
from pramoen.feeds.base import Feed, ImportOutcome, Touched, recompute_touched
from pramoen.feeds.surveys import importer, selectors
from pramoen.feeds.surveys.models import Survey
from pramoen.jobs.models import Job
from pramoen.jobs.registry import Progress, job_kind
from pramoen.jobs.services import job_enqueue, job_file_save
from pramoen.orgs.policy import Action, require


def touched_by(survey: Survey, agency_ids: set[int] | None = None) -> Touched:
    """What a survey's responses move: its indicator's agencies (or some of them) in its fiscal year —
    only once it is closed, since an open survey does not count — in the survey's own period and the later
    periods it gives the figure of (ending on or after its period's end) that already have a score, a
    verified result or a target of the indicator: a later period nobody scored yet stays without rows."""
    if survey.state != Survey.State.CLOSED:
        return Touched()
    from pramoen.framework.models import Target
    from pramoen.scoring.models import ScoreResult, VerifiedResult

    ids = set(selectors.agency_ids(survey)) if agency_ids is None else agency_ids
    scope = {
        "assignment__indicator_id": survey.indicator_id,
        "assignment__agency_id__in": ids,
        "period__end__gte": survey.period.end,
    }
    codes = {survey.period.code}
    for model in (ScoreResult, VerifiedResult, Target):
        codes.update(model.objects.filter(**scope).values_list("period__code", flat=True).distinct())
    return Touched(fiscal_years={survey.indicator.fiscal_year.year}, agency_ids=ids, period_codes=codes)


class SurveysFeed(Feed):
    key = "surveys"
    label = gettext_lazy("satisfaction surveys")
    formats = (".xlsx", ".csv")
    page_url_name = "surveys:list"

    def import_file(
        self, *, path: Path, file_name: str, actor: Any | None, progress: Progress, **options: Any
    ) -> ImportOutcome:
        survey_id = int(options.get("survey") or 0)
        survey = Survey.objects.select_related("indicator__fiscal_year").filter(pk=survey_id).first()
        if survey is None:
            raise ApplicationError(_("Say which survey the paper responses belong to."), {"field": "survey"})
        progress.stage(_("reading"))
        with path.open("rb") as fh:  # a refused file's rows are already in the jobs' shape (core.rows)
            outcome = importer.import_paper(actor=actor, survey=survey, upload=fh, file_name=file_name)
        line = ngettext(
            "%(n)d paper response imported into “%(survey)s”.",
            "%(n)d paper responses imported into “%(survey)s”.",
            outcome.rows,
        ) % {"n": outcome.rows, "survey": survey.title}
        return ImportOutcome(
            summary={"survey": survey.pk, "responses": outcome.rows},
            lines=[line],
            touched=touched_by(survey, outcome.agency_ids),
        )


def paper_import_start(*, actor: Any, survey: Survey, upload: Any) -> Job:
    """Keep the upload and queue its import (the survey's host, while it is open or after it closed)."""
    require(actor, Action.MANAGE_SURVEY, agency=survey.indicator.host_agency_id)
    name = Path(getattr(upload, "name", "") or "upload").name
    if not name.lower().endswith(SurveysFeed.formats):
        raise ApplicationError(_("Choose an XLSX or CSV file."), {"field": "file"})
    stored = job_file_save(upload, name=name)
    return job_enqueue(
        kind="feed_import",
        actor=actor,
        params={"feed": "surveys", "file_name": name, "options": {"survey": survey.pk}},
        label=_("Paper responses: %(survey)s (%(file)s)") % {"survey": survey.title, "file": name},
        source_file=stored,
    )


@job_kind("survey_scores", label=gettext_lazy("scores from a closed survey"))
def survey_scores(*, progress: Progress, actor: Any | None, survey: int, **_kw: Any) -> dict[str, Any]:
    found = Survey.objects.select_related("indicator__fiscal_year").get(pk=survey)
    progress.stage(_("recomputing the scores this survey touched"))
    changed = recompute_touched(touched_by(found))
    line = ngettext(
        "“%(survey)s”: %(n)d stored score changed.", "“%(survey)s”: %(n)d stored scores changed.", changed
    ) % {"survey": found.title, "n": changed}
    return {"survey": found.pk, "scores_changed": changed, "outcome": [line]}


def survey_scores_start(*, actor: Any, survey: Survey) -> Job:
    return job_enqueue(
        kind="survey_scores",
        actor=actor,
        params={"survey": survey.pk},
        label=_("Scores from the survey “%(survey)s”") % {"survey": survey.title},
    )
