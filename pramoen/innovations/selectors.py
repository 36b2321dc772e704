"""Reads of the Innovation Base: who hosts it, the year's criteria, what a user may see, search."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pramoen.innovations.models import Innovation, InnovationCriteria
from pramoen.innovations.text import tokens
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can, visible_agency_ids

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
    from pramoen.framework.models import FiscalYear

    return FiscalYear.objects.values_list("year", flat=True).first() or 2567


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
