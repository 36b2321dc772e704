"""Reads of the surveys: who may read one, the agencies it runs for, satisfaction and per-item results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pramoen.feeds.surveys.models import Question, Response, Survey
from pramoen.feeds.surveys.sampling import sample_size
from pramoen.framework.models import Assignment
from pramoen.orgs.policy import Action, can, roles_of

_Q = Decimal("0.0001")


def agency_ids(survey: Survey) -> list[int]:
    """The agencies the survey runs for: those its indicator is assigned to."""
    return list(
        Assignment.objects.filter(indicator_id=survey.indicator_id)
        .order_by("agency__code")
        .values_list("agency_id", flat=True)
    )


def questions(survey: Survey) -> list[Question]:
    cached = getattr(survey, "_questions", None)
    if cached is None:
        cached = list(survey.questions.order_by("order", "pk"))
        survey._questions = cached  # type: ignore[attr-defined]
    return cached


READ_REFUSED = _(
    "This survey is shown to its host, the agencies it concerns once shared, and the evaluation office."
)


def can_manage(user: Any, survey: Survey) -> bool:
    return can(user, Action.MANAGE_SURVEY, agency=survey.indicator.host_agency_id)


def can_read(user: Any, survey: Survey) -> bool:
    """The host and the evaluation office always; the agencies concerned once it is shared."""
    if can_manage(user, survey) or can(user, Action.APPROVE_SURVEY):
        return True
    if survey.state == Survey.State.DRAFT:
        return False
    return any(can(user, Action.VIEW_SURVEY, agency=a) for a in agency_ids(survey)) or can(
        user, Action.VIEW_ALL
    )


def visible(user: Any) -> list[Survey]:
    qs = Survey.objects.select_related("indicator__host_agency", "indicator__fiscal_year", "period")
    if can(user, Action.APPROVE_SURVEY) or can(user, Action.VIEW_ALL):
        return list(qs)
    mine = set(roles_of(user).by_agency)
    if not mine:
        return []
    concerned = qs.filter(
        Q(indicator__host_agency_id__in=mine) | Q(indicator__assignments__agency_id__in=mine)
    ).distinct()
    return [s for s in concerned if can_read(user, s)]


def required_sample(survey: Survey) -> int | None:
    return sample_size(survey.sample_rule, survey.population, survey.margin)


@dataclass(frozen=True)
class Satisfaction:
    responses: int
    answers: int  # 5-point answers counted
    top_two: int  # of them, 4 or 5
    total: int  # sum of the 5-point answers
    percent: Decimal | None

    @property
    def mean(self) -> Decimal | None:
        return None if not self.answers else (Decimal(self.total) / self.answers).quantize(_Q, ROUND_HALF_UP)


def satisfaction(survey: Survey, responses: list[dict[str, Any]], rule: str | None = None) -> Satisfaction:
    """Satisfaction from the 5-point answers of ``responses`` by the survey's rule: top-two-box share
    (answers 4 or 5 ÷ all 5-point answers × 100) or mean over 5 (mean ÷ 5 × 100)."""
    scale = {str(q.pk) for q in questions(survey) if q.kind == Question.Kind.SCALE}
    values = [int(v) for r in responses for k, v in r.items() if k in scale]
    top = sum(1 for v in values if v >= 4)
    total = sum(values)
    if not values:
        return Satisfaction(len(responses), 0, 0, 0, None)
    if (rule or survey.rule) == Survey.Rule.MEAN:
        percent = (Decimal(total) * 100 / (5 * len(values))).quantize(_Q, ROUND_HALF_UP)
    else:
        percent = (Decimal(top) * 100 / len(values)).quantize(_Q, ROUND_HALF_UP)
    return Satisfaction(len(responses), len(values), top, total, percent)


def answers_by_agency(survey: Survey, agencies: list[int] | None = None) -> dict[int, list[dict[str, Any]]]:
    qs: QuerySet[Response] = Response.objects.filter(survey=survey)
    if agencies is not None:
        qs = qs.filter(agency_id__in=agencies)
    found: dict[int, list[dict[str, Any]]] = {}
    for agency_id, answers in qs.values_list("agency_id", "answers"):
        found.setdefault(agency_id, []).append(answers)
    return found


@dataclass(frozen=True)
class ItemResult:
    number: int
    question: Question
    answered: int
    counts: list[tuple[str, int]]  # value → count, in the question's order
    mean: Decimal | None
    top_two_percent: Decimal | None
    topics: list[tuple[str, list[str]]]  # open answers grouped: (typical words, answers)


def item_results(survey: Survey, agencies: list[int] | None = None) -> list[ItemResult]:
    from pramoen.innovations.grouping import group_texts

    rows = [a for group in answers_by_agency(survey, agencies).values() for a in group]
    out = []
    for number, q in enumerate(questions(survey), start=1):
        given = [r[str(q.pk)] for r in rows if str(q.pk) in r]
        mean = top = None
        topics: list[tuple[str, list[str]]] = []
        if q.kind == Question.Kind.SCALE:
            c = Counter(int(v) for v in given)
            counts = [(str(v), c.get(v, 0)) for v in (1, 2, 3, 4, 5)]
            if given:
                mean = (Decimal(sum(int(v) for v in given)) / len(given)).quantize(
                    Decimal("0.01"), ROUND_HALF_UP
                )
                top = (Decimal(c[4] + c[5]) * 100 / len(given)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        elif q.kind == Question.Kind.CHOICE:
            c2 = Counter(str(v) for v in given)
            counts = [(choice, c2.get(choice, 0)) for choice in q.choices]
        else:
            counts = []
            texts = [str(v) for v in given][:500]
            topics = [(words, [texts[i] for i in members]) for words, members in group_texts(texts)]
        out.append(ItemResult(number, q, len(given), counts, mean, top, topics))
    return out


def can_read_all(user: Any) -> bool:
    return can(user, Action.APPROVE_SURVEY) or can(user, Action.VIEW_ALL)


def own_agency_ids(user: Any, survey: Survey) -> list[int]:
    return [a for a in agency_ids(survey) if can(user, Action.VIEW_SURVEY, agency=a)]


def results_scope(user: Any, survey: Survey) -> list[int] | None:
    """Whose responses ``user`` sees in the results (None: every agency's).  The host, the evaluation office
    and those who read everything see all; a participant of a joint KPI too, since its score is computed
    from all the participants' responses; any other agency only its own."""
    if can_manage(user, survey) or can_read_all(user):
        return None
    mine = own_agency_ids(user, survey)
    return None if mine and survey.indicator.is_joint else mine
