"""Reads of the Innovation Base: who hosts it, the year's criteria, what a user may see, search."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pramoen.innovations.models import Innovation, InnovationCriteria
from pramoen.innovations.text import tokens
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can, visible_agency_ids

LEVEL_PLACES = Decimal("0.0001")  # a level's places (InnovationAssessment.level)
FIRST_CRITERIA_YEAR, LAST_CRITERIA_YEAR = 2500, 2700  # the BE years an innovation may belong to
# สำนักงาน ก.ก. hosts component 2 unless the year's innovation indicator names another host
HOST_CODE = "civil-service-commission"
RUBRIC_LABELS = {
    "novelty": _("novelty"),
    "usefulness": _("usefulness to the work"),
    "results": _("results shown with evidence"),
    "spread": _("can spread to other agencies"),
}


def rubric_label(key: str) -> str:
    return str(RUBRIC_LABELS.get(key, key))


def host_agency(fiscal_year: int | None) -> Agency | None:
    from pramoen.framework.models import Indicator

    if fiscal_year is not None:
        host = (
            Indicator.objects.filter(fiscal_year__year=fiscal_year, method="innovation")
            .exclude(host_agency=None)
            .values_list("host_agency", flat=True)
            .first()
        )
        if host is not None:
            return Agency.objects.get(pk=host)
    return Agency.objects.filter(code=HOST_CODE).first()


def criteria_for(fiscal_year: int) -> InnovationCriteria:
    """The year's criteria, or the defaults (unsaved) when the year has none of its own."""
    found = InnovationCriteria.objects.filter(fiscal_year=fiscal_year).first()
    return found or InnovationCriteria(fiscal_year=fiscal_year)


def may_adopt(origin: Innovation, agency: Agency) -> bool:
    rule = origin.adoptable_by
    if rule == Innovation.AdoptableBy.NONE or origin.status == Innovation.Status.RETIRED:
        return False
    if rule == Innovation.AdoptableBy.DISTRICT_OFFICES:
        return agency.kind == Agency.Kind.DISTRICT_OFFICE
    if rule == Innovation.AdoptableBy.BUREAUS:
        return agency.kind != Agency.Kind.DISTRICT_OFFICE
    return True


def is_host(user: Any, fiscal_year: int | None = None) -> bool:
    return can(user, Action.ASSESS_INNOVATION, agency=host_agency(fiscal_year))


def visible(user: Any) -> QuerySet[Innovation]:
    """Submitted innovations are shared knowledge for everyone signed in; a draft stays with its agency
    (and those who may read the agency's unpublished work, and the host)."""
    qs = Innovation.objects.select_related("agency", "group", "adopted_from__agency")
    if is_host(user):
        return qs
    ids = visible_agency_ids(user)
    if ids is None:
        return qs
    return qs.filter(~Q(state=Innovation.State.DRAFT) | Q(agency_id__in=ids))


def search(qs: QuerySet[Innovation], query: str) -> QuerySet[Innovation]:
    """Thai full-text search over the title, problem, solution and results: every word must match
    (PostgreSQL full-text search on PyThaiNLP's words; word by word elsewhere)."""
    words = tokens(query)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("search_tokens", config="simple")
        q = SearchQuery(" ".join(words), search_type="plain", config="simple")
        return (
            qs.annotate(found=vector, rank=SearchRank(vector, q))
            .filter(found=q)
            .order_by("-rank", "-fiscal_year", "pk")
        )
    for word in words:
        qs = qs.filter(
            Q(search_tokens__startswith=f"{word} ")
            | Q(search_tokens__contains=f" {word} ")
            | Q(search_tokens__endswith=f" {word}")
            | Q(search_tokens=word)
        )
    return qs


def filtered(user: Any, params: dict[str, str]) -> QuerySet[Innovation]:
    qs = visible(user)
    for name in ("status", "category", "kind", "state"):
        value = params.get(name)
        if value:
            qs = qs.filter(**{name: value})
    if params.get("agency"):
        qs = qs.filter(agency__code=params["agency"])
    year = params.get("fy") or params.get("fiscal_year")
    if year and str(year).isdigit():
        qs = qs.filter(fiscal_year=int(year))
    if params.get("group") and str(params["group"]).isdigit():
        qs = qs.filter(group_id=int(params["group"]))
    return search(qs, params.get("q", "").strip())


def can_edit(user: Any, innovation: Innovation) -> bool:
    return innovation.state == Innovation.State.DRAFT and can(
        user, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id
    )


def editable_agencies(user: Any) -> list[Agency]:
    from pramoen.orgs.policy import roles_of

    ids = [a for a in roles_of(user).by_agency if can(user, Action.EDIT_AGENCY_DATA, agency=a)]
    return list(Agency.objects.filter(pk__in=ids).order_by("name_th"))


def years() -> list[int]:
    return list(Innovation.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def default_year() -> int:
    """The year pages open on: the current round's (framework.selectors.current_round), else the latest
    fiscal year in the framework, else this calendar day's fiscal year."""
    from pramoen.framework.models import FiscalYear
    from pramoen.framework.periods import current_fiscal_year
    from pramoen.framework.selectors import current_round

    found = current_round()
    if found is not None:
        return found.fiscal_year.year
    latest = FiscalYear.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or current_fiscal_year()


def criteria_year(value: str | None) -> int:
    """The fiscal year a criteria page or API call asks for (``?fy=``): a BE year 2500–2700 (a CE year is
    converted), anything else the default year."""
    from pramoen.framework.periods import parse_fiscal_year

    default = default_year()
    year = parse_fiscal_year(value, default)
    return year if FIRST_CRITERIA_YEAR <= year <= LAST_CRITERIA_YEAR else default


def criteria_years(current: int) -> list[int]:
    """The years the criteria page offers: those of the framework, of the innovations and of saved
    criteria, the year after the latest (to set the coming year's rules) and ``current``, newest first."""
    from pramoen.framework.models import FiscalYear

    found = set(FiscalYear.objects.values_list("year", flat=True))
    found |= set(InnovationCriteria.objects.values_list("fiscal_year", flat=True))
    found |= set(years())
    found = {y for y in found if FIRST_CRITERIA_YEAR <= y <= LAST_CRITERIA_YEAR}
    if found and max(found) < LAST_CRITERIA_YEAR:
        found.add(max(found) + 1)
    return sorted(found | {current}, reverse=True)


def criteria_lock(fiscal_year: int) -> str | None:
    """Why the year's criteria may no longer change, or None while they may.

    Component 2's value applies to every period of the year, so the criteria are fixed once any round of
    the year has closed for reporting (or been published) and when the year is closed: changing them then
    would change scores already closed or published (framework.selectors.reporting_closed says why). A
    year before the current one that pramoen never evaluated keeps the criteria its innovations were
    assessed by."""
    from pramoen.framework.models import EvaluationRound, FiscalYear
    from pramoen.framework.selectors import reporting_closed

    fy = FiscalYear.objects.filter(year=fiscal_year).first()
    if fy is None:
        if fiscal_year < default_year():
            return str(
                _("Fiscal year %(year)s is past and was not evaluated here; its criteria stay as they were.")
                % {"year": fiscal_year}
            )
        return None
    if fy.closed_at is not None:
        return "{} {}".format(
            _("Fiscal year %(year)s is closed.") % {"year": fiscal_year},
            _("Its innovation criteria can no longer change."),
        )
    closed_round = (
        EvaluationRound.objects.filter(
            fiscal_year=fy, state__in=[EvaluationRound.State.CLOSED, EvaluationRound.State.PUBLISHED]
        )
        .select_related("period__fiscal_year")
        .order_by("period__end")
        .first()
    )
    closed = reporting_closed(closed_round.period) if closed_round is not None else None
    if closed is None:
        return None
    return "{} {}".format(
        closed.message,
        _(
            "Component 2 of that round was computed by these criteria, so they can no longer change; to "
            "correct them, the evaluation office first sets the round back to open on the rounds page."
        ),
    )


def component2_agencies(fiscal_year: int) -> dict[int, set[int]]:
    """Whose component 2 a change of the year's criteria moves, by fiscal year: every agency assessed by
    the ``innovation`` method that year, and in a later year the agencies whose innovations of this year
    other agencies adopted then (their level counts there, plus the spread)."""
    from pramoen.framework.models import Assignment

    found: dict[int, set[int]] = {}
    ids = set(
        Assignment.objects.filter(indicator__fiscal_year__year=fiscal_year, indicator__method="innovation")
        .values_list("agency_id", flat=True)
        .distinct()
    )
    if ids:
        found[fiscal_year] = ids
    later = Innovation.objects.filter(
        state=Innovation.State.SCORED,
        fiscal_year__gt=fiscal_year,
        adopted_from__fiscal_year=fiscal_year,
        adopted_from__state=Innovation.State.SCORED,
    ).values_list("fiscal_year", "adopted_from__agency_id")
    for year, agency_id in later:
        found.setdefault(year, set()).add(agency_id)
    return found


def marks_rows(criteria: InnovationCriteria, assessment: Any) -> list[dict[str, Any]]:
    """The rubric as the assessment form and the detail page show it: label, weight, mark given."""
    marks = assessment.marks if assessment is not None else {}
    return [
        {
            "key": item["key"],
            "label": rubric_label(str(item["key"])),
            "weight": item.get("weight", 1),
            "mark": marks.get(item["key"]),
        }
        for item in criteria.rubric
    ]


def weighted_level(marks: Mapping[str, Any], rubric: list[dict[str, Any]]) -> Decimal | None:
    """The weighted mean of ``marks`` under ``rubric`` (None when a criterion has no mark or the weights
    add up to nothing)."""
    total = weight_sum = Decimal(0)
    for item in rubric:
        mark = marks.get(str(item["key"]))
        if mark is None:
            return None
        weight = Decimal(str(item.get("weight", 1)))
        total += weight * Decimal(str(mark))
        weight_sum += weight
    if weight_sum <= 0:
        return None
    return (total / weight_sum).quantize(LEVEL_PLACES, rounding=ROUND_HALF_UP)


def criteria_example(view: dict[str, Any]) -> dict[str, Any]:
    """A worked example in the year's numbers, for the criteria page: an innovation improved from an
    earlier one, marked 4, 5, 4, 5, … and adopted by two other agencies this year."""
    rubric = view["rubric"]
    marks = {r["key"]: (4, 5)[n % 2] for n, r in enumerate(rubric)}
    level = weighted_level(marks, rubric) or Decimal(0)
    cap = Decimal(next(c["cap"] for c in view["kind_caps"] if c["kind"] == "improved"))
    capped = min(level, cap)
    adopters = 2
    bonus = Decimal(str(view["spread_bonus"])) * adopters
    return {
        "marks": [{"label": r["label"], "mark": marks[r["key"]], "weight": r["weight"]} for r in rubric],
        "level": level,
        "cap": cap,
        "capped": capped,
        "adopters": adopters,
        "bonus": bonus,
        "value": min(Decimal(5), capped + bonus),
    }


def may_set_criteria(user: Any, fiscal_year: int) -> bool:
    return can(user, Action.SET_INNOVATION_CRITERIA, agency=host_agency(fiscal_year))


KIND_LABELS = {
    "new": _("a new innovation"),
    "improved": _("improved from an earlier one"),
    "adopted": _("adopted from another agency"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def criteria_view(criteria: InnovationCriteria) -> dict[str, Any]:
    """The year's criteria as the page and the API show them: each rubric criterion with its label and
    weight, each kind's highest level, the bonus per adopting agency, and whether the year has criteria
    of its own (else the defaults apply)."""
    caps = criteria.kind_caps or {}
    return {
        "fiscal_year": criteria.fiscal_year,
        "own": criteria.pk is not None,
        "rubric": [
            {
                "key": str(item["key"]),
                "label": rubric_label(str(item["key"])),
                "weight": item.get("weight", 1),
            }
            for item in criteria.rubric
        ],
        "kind_caps": [
            {"kind": kind, "label": kind_label(kind), "cap": str(caps.get(kind, "5"))}
            for kind in Innovation.Kind.values
        ],
        "spread_bonus": criteria.spread_bonus,
    }
