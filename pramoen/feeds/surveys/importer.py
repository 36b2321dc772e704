"""Paper responses typed into the survey's XLSX (or CSV) template: every row is checked before anything is
saved; one bad row saves nothing and the error names its row, column and reason.

Columns: ``agency`` (code or Thai name of the agency the response is about; may be left out when the survey
runs for one agency), then ``Q1``, ``Q2``, … in the questionnaire's order (a header may go on after the
number: "Q1 ความพึงพอใจต่อ…").  5-point answers are 1–5; a choice is its text; open answers are free text.
Thai digits are read as Arabic ones."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from pramoen.core.errors import ApplicationError
from pramoen.core.rows import ErrorList
from pramoen.feeds.models import ImportRun
from pramoen.feeds.runs import import_run_done, import_run_start
from pramoen.feeds.services.tabular import read_table
from pramoen.feeds.surveys import selectors
from pramoen.feeds.surveys.models import Question, Response, Survey
from pramoen.feeds.surveys.services import clean_answers
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require

_Q_HEADER = re.compile(r"^q(\d+)\b")


@dataclass(frozen=True)
class PaperOutcome:
    paper_import: ImportRun
    rows: int
    agency_ids: set[int]


def _columns(header: list[str], count: int, errors: ErrorList) -> dict[str, str]:
    """Header text → question column key ("Q1"…)."""
    found: dict[str, str] = {}
    for h in header:
        m = _Q_HEADER.match(h)
        if m:
            n = int(m.group(1))
            if not 1 <= n <= count:
                errors.add(1, h, _("the questionnaire has questions Q1 to Q%(n)d.") % {"n": count})
            found[h] = f"Q{n}"
    missing = [f"Q{n}" for n in range(1, count + 1) if f"Q{n}" not in found.values()]
    if missing:
        errors.add(1, ", ".join(missing), _("these question columns are missing."))
    return found


@transaction.atomic
def import_paper(*, actor: Any, survey: Survey, upload: IO[bytes] | bytes, file_name: str) -> PaperOutcome:
    require(actor, Action.MANAGE_SURVEY, agency=survey.indicator.host_agency_id)
    if survey.state not in (Survey.State.OPEN, Survey.State.CLOSED):
        raise ApplicationError(_("Paper responses are imported once the survey has opened."))
    questions = selectors.questions(survey)
    data = upload if isinstance(upload, bytes) else upload.read()
    header, rows = read_table(data, file_name)
    errors = ErrorList()
    columns = _columns(header, len(questions), errors)
    allowed = selectors.agency_ids(survey)
    agencies = Agency.objects.filter(pk__in=allowed)
    by_name = {a.code.lower(): a.pk for a in agencies} | {a.name_th: a.pk for a in agencies}
    by_name |= {a.short_name: a.pk for a in agencies}
    keys = {f"Q{n}": str(q.pk) for n, q in enumerate(questions, start=1)}
    clean_rows: list[tuple[int, int, dict[str, Any]]] = []
    if not errors:
        for number, cells in rows:
            raw_agency = cells.get("agency", "")
            if raw_agency:
                agency_id = by_name.get(raw_agency.lower()) or by_name.get(raw_agency)
                if agency_id is None:
                    errors.add(
                        number,
                        "agency",
                        _("“%(value)s” is not an agency this survey runs for.") % {"value": raw_agency[:60]},
                    )
                    continue
            elif len(allowed) == 1:
                agency_id = allowed[0]
            else:
                errors.add(number, "agency", _("say which agency the response is about."))
                continue
            answers = {keys[col]: cells.get(h, "") for h, col in columns.items() if col in keys}
            try:
                clean = clean_answers(survey, answers, row=number)
            except ApplicationError as exc:
                errors.add(number, exc.extra.get("column", ""), exc.message)
                continue
            clean_rows.append((number, agency_id, clean))
    if not errors and not clean_rows:
        errors.add(2, "", _("the file has a header but no rows"))
    errors.raise_if_errors(file_name)
    batch = import_run_start(
        feed="surveys", file_name=file_name, actor=actor, data=data, rows_read=len(clean_rows),
        subject_pk=survey.pk,
    )  # fmt: skip
    Response.objects.bulk_create(
        Response(
            survey=survey,
            agency_id=agency_id,
            channel=Response.Channel.PAPER,
            paper_import=batch,
            paper_row=number,
            answers=answers,
        )
        for number, agency_id, answers in clean_rows
    )
    import_run_done(batch, figures={"responses": len(clean_rows)})
    return PaperOutcome(batch, len(clean_rows), {a for _n, a, _x in clean_rows})


def template_xlsx(survey: Survey) -> bytes:
    """The paper-response template: a header row, the questions and their accepted answers below it."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "responses"
    questions = selectors.questions(survey)
    ws.append(["agency", *(f"Q{n}" for n in range(1, len(questions) + 1))])
    guide = wb.create_sheet("questions")
    guide.append(["column", "question", "answers"])
    for n, q in enumerate(questions, start=1):
        accepted = "1–5" if q.kind == Question.Kind.SCALE else " | ".join(q.choices) if q.choices else "text"
        guide.append([f"Q{n}", q.text, accepted])
    guide.append(
        [
            "agency",
            "agency code or name",
            ", ".join(
                Agency.objects.filter(pk__in=selectors.agency_ids(survey)).values_list("code", flat=True)[:60]
            ),
        ]
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
