"""Writes of a satisfaction survey: build the questionnaire, share it with the supporting agencies, have
the evaluation office approve its method, open it, take responses (one per token), close it.  Closing
recomputes the scores of the survey's indicator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.feeds.surveys import selectors
from pramoen.feeds.surveys.models import Question, Response, ResponseToken, Survey
from pramoen.framework.models import Indicator, Period
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require

EDITABLE = (Survey.State.DRAFT, Survey.State.SHARED)


def _fail(field_name: str, reason: str, **extra: Any) -> ApplicationError:
    return ApplicationError(reason, {"field": field_name, "reason": reason, **extra})


@dataclass
class SurveyInput:
    title: str
    target_group: str
    period_code: str
    intro: str = ""
    population: int | None = None
    sample_rule: str = Survey.SampleRule.YAMANE
    margin: Decimal | str = Decimal("0.05")
    rule: str = Survey.Rule.TOP_TWO_BOX


@dataclass
class QuestionInput:
    text: str
    kind: str = Question.Kind.SCALE
    choices: list[str] = field(default_factory=list)
    required: bool = True


def _require_manage(actor: Any, survey_or_indicator: Survey | Indicator) -> None:
    indicator = (
        survey_or_indicator.indicator if isinstance(survey_or_indicator, Survey) else survey_or_indicator
    )
    require(actor, Action.MANAGE_SURVEY, agency=indicator.host_agency_id)


def _apply(survey: Survey, data: SurveyInput) -> None:
    if not data.title.strip():
        raise _fail("title", _("Give the survey a title."))
    if not data.target_group.strip():
        raise _fail("target_group", _("Say who the target group is."))
    if data.sample_rule not in Survey.SampleRule.values:
        raise _fail("sample_rule", _("Unknown sample size rule."))
    if data.rule not in Survey.Rule.values:
        raise _fail("rule", _("Unknown satisfaction rule."))
    try:
        margin = Decimal(str(data.margin))
    except InvalidOperation:
        raise _fail("margin", _("The margin of error is a number such as 0.05.")) from None
    if not Decimal("0.01") <= margin <= Decimal("0.2"):
        raise _fail("margin", _("The margin of error is between 0.01 and 0.2."))
    if data.population is not None and data.population < 1:
        raise _fail("population", _("The population is a whole number of people, 1 or more."))
    period = Period.objects.filter(fiscal_year=survey.indicator.fiscal_year, code=data.period_code).first()
    if period is None:
        raise _fail(
            "period", _("The indicator's fiscal year has no period “%(code)s”.") % {"code": data.period_code}
        )
    survey.title = data.title.strip()[:300]
    survey.intro = data.intro.strip()
    survey.target_group = data.target_group.strip()[:300]
    survey.population = data.population
    survey.sample_rule = data.sample_rule
    survey.margin = margin
    survey.rule = data.rule
    survey.period = period


@transaction.atomic
def survey_create(*, actor: Any, indicator: Indicator, data: SurveyInput) -> Survey:
    _require_manage(actor, indicator)
    if indicator.method != "survey":
        raise _fail("indicator", _("Only an indicator computed by the survey method takes a survey."))
    survey = Survey(indicator=indicator, created_by=actor)
    _apply(survey, data)
    survey.save()
    return survey


@transaction.atomic
def survey_update(*, actor: Any, survey: Survey, data: SurveyInput, version: int) -> Survey:
    _require_manage(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state not in EDITABLE:
        raise ApplicationError(_("An approved survey can no longer be changed."))
    if survey.version != version:
        raise _fail("version", _("Someone else saved this survey after you opened it. Reload the page."))
    _apply(survey, data)
    survey.version += 1
    survey.save()
    return survey


def _clean_question(data: QuestionInput) -> QuestionInput:
    text = data.text.strip()
    if not text:
        raise _fail("text", _("Write the question."))
    if data.kind not in Question.Kind.values:
        raise _fail("kind", _("Unknown kind of question."))
    choices = [c.strip() for c in data.choices if c and c.strip()]
    if data.kind == Question.Kind.CHOICE and len(choices) < 2:
        raise _fail("choices", _("A choice question needs at least two choices, one per line."))
    if len(set(choices)) != len(choices):
        raise _fail("choices", _("Each choice may appear once."))
    return QuestionInput(
        text=text[:500],
        kind=data.kind,
        choices=choices if data.kind == "choice" else [],
        required=data.required,
    )


@transaction.atomic
def question_add(*, actor: Any, survey: Survey, data: QuestionInput) -> Question:
    _require_manage(actor, survey)
    if survey.state not in EDITABLE:
        raise ApplicationError(_("An approved survey can no longer be changed."))
    clean = _clean_question(data)
    order = (survey.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return Question.objects.create(
        survey=survey,
        order=order,
        kind=clean.kind,
        text=clean.text,
        choices=clean.choices,
        required=clean.required,
    )


@transaction.atomic
def question_delete(*, actor: Any, question: Question) -> None:
    _require_manage(actor, question.survey)
    if question.survey.state not in EDITABLE:
        raise ApplicationError(_("An approved survey can no longer be changed."))
    question.delete()


@transaction.atomic
def survey_share(*, actor: Any, survey: Survey) -> Survey:
    survey = _locked(survey)
    """Publish the questionnaire to the supporting agencies, before the indicator is negotiated."""
    _require_manage(actor, survey)
    if survey.state != Survey.State.DRAFT:
        raise ApplicationError(_("Only a draft survey is shared."))
    _require_complete(survey)
    survey.state = Survey.State.SHARED
    survey.shared_at = timezone.now()
    survey.save(update_fields=["state", "shared_at"])
    return survey


def _locked(survey: Survey) -> Survey:
    """The survey as stored, locked: a step decides on the state saved, not on a page's old copy."""
    return Survey.objects.select_for_update().select_related("indicator").get(pk=survey.pk)


def _require_complete(survey: Survey) -> None:
    if not survey.questions.filter(kind=Question.Kind.SCALE).exists():
        raise ApplicationError(
            _("Add at least one 5-point question: the satisfaction figure is computed from them.")
        )


@transaction.atomic
def survey_review(*, actor: Any, survey: Survey, approve: bool, note: str = "") -> Survey:
    """The evaluation office approves how the survey is run — or sends it back with a note."""
    require(actor, Action.APPROVE_SURVEY)
    survey = _locked(survey)
    if survey.state != Survey.State.SHARED:
        raise ApplicationError(_("Only a survey shared with the supporting agencies is reviewed."))
    if approve:
        _require_complete(survey)
        if not survey.population:
            raise _fail(
                "population", _("State the population before approval: the sample size comes from it.")
            )
        survey.state = Survey.State.APPROVED
        survey.approved_by = actor
        survey.approved_at = timezone.now()
    else:
        if not note.strip():
            raise _fail("note", _("Say what should change."))
        survey.state = Survey.State.DRAFT
    survey.review_note = note.strip()
    survey.save(update_fields=["state", "approved_by", "approved_at", "review_note"])
    return survey


@transaction.atomic
def survey_open(*, actor: Any, survey: Survey) -> Survey:
    survey = _locked(survey)
    _require_manage(actor, survey)
    if survey.state != Survey.State.APPROVED:
        raise ApplicationError(_("A survey is opened once the evaluation office approved it."))
    survey.state = Survey.State.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["state", "opened_at"])
    return survey


@dataclass(frozen=True)
class Closed:
    survey: Survey
    job: Any  # the survey_scores job that recomputes the indicator (pramoen.jobs.models.Job)


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey) -> Closed:
    survey = _locked(survey)
    """Stop collecting; a job recomputes the indicator's scores from the responses (``survey_scores``)."""
    _require_manage(actor, survey)
    if survey.state != Survey.State.OPEN:
        raise ApplicationError(_("Only an open survey is closed."))
    survey.state = Survey.State.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["state", "closed_at"])
    from pramoen.feeds.surveys.feed import survey_scores_start

    return Closed(survey, survey_scores_start(actor=actor, survey=survey))


def token_issue(*, survey: Survey, agency: Agency) -> ResponseToken:
    """A one-time token for the public form (no sign-in): what it carries is counted once."""
    if survey.state != Survey.State.OPEN:
        raise ApplicationError(_("This survey is not taking responses."))
    if agency.pk not in selectors.agency_ids(survey):
        raise ApplicationError(_("This survey is not run for that agency."))
    return ResponseToken.objects.create(survey=survey, agency=agency, token=secrets.token_urlsafe(24))


def clean_answers(survey: Survey, raw: dict[str, Any], *, row: int | None = None) -> dict[str, Any]:
    """Check each answer against its question; the first problem names the question."""
    answers: dict[str, Any] = {}
    for number, q in enumerate(selectors.questions(survey), start=1):
        value = raw.get(str(q.pk))
        value = "" if value is None else str(value).strip()
        column = f"Q{number}"
        if not value:
            if q.required:
                raise _fail(
                    column, _("Question %(n)d needs an answer.") % {"n": number}, row=row, column=column
                )
            continue
        if q.kind == Question.Kind.SCALE:
            if value not in {"1", "2", "3", "4", "5"}:
                raise _fail(
                    column,
                    _("Question %(n)d is answered 1 to 5, not “%(value)s”.")
                    % {"n": number, "value": value[:20]},
                    row=row,
                    column=column,
                )
            answers[str(q.pk)] = int(value)
        elif q.kind == Question.Kind.CHOICE:
            if value not in q.choices:
                raise _fail(
                    column,
                    _("Question %(n)d: “%(value)s” is not one of its choices.")
                    % {"n": number, "value": value[:40]},
                    row=row,
                    column=column,
                )
            answers[str(q.pk)] = value
        else:
            answers[str(q.pk)] = value[:2000]
    return answers


@dataclass(frozen=True)
class Submitted:
    response: Response | None
    already: bool  # the token had been used: this submission was not counted again


@transaction.atomic
def response_submit(*, token: str, answers: dict[str, Any]) -> Submitted:
    """Record one response for a token.  An unknown token is refused; a used one is not counted again."""
    found = (
        ResponseToken.objects.select_for_update().select_related("survey").filter(token=token[:64]).first()
    )
    if found is None or not token:
        raise _fail("token", _("This link is not valid. Open the survey again from its QR code or link."))
    if found.used_at is not None:
        return Submitted(None, already=True)
    survey = found.survey
    if survey.state != Survey.State.OPEN:
        raise _fail("token", _("This survey is not taking responses."))
    clean = clean_answers(survey, answers)
    # the conditional update is the guard: two submissions of one form race here and one wins
    if not ResponseToken.objects.filter(pk=found.pk, used_at=None).update(used_at=timezone.now()):
        return Submitted(None, already=True)
    response = Response.objects.create(
        survey=survey, agency_id=found.agency_id, channel=Response.Channel.WEB, token=found, answers=clean
    )
    return Submitted(response, already=False)
