"""Register and edit an innovation, change its status (in use / can be developed / retired), and submit it
to the host for assessment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.innovations import selectors
from pramoen.innovations.models import Innovation
from pramoen.innovations.text import search_tokens
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require

EDITABLE = (Innovation.State.DRAFT,)
FIELDS = (
    "fiscal_year",
    "title",
    "problem",
    "solution",
    "results",
    "status",
    "category",
    "kind",
    "adoptable_by",
    "adopted_from",
)


@dataclass
class InnovationInput:
    fiscal_year: int
    title: str
    problem: str
    solution: str
    results: str = ""
    status: str = Innovation.Status.IN_USE
    category: str = Innovation.Category.OTHER
    kind: str = Innovation.Kind.NEW
    adoptable_by: str = Innovation.AdoptableBy.ANY
    adopted_from: Innovation | None = None


def field_error(field: str, reason: str) -> ApplicationError:
    return ApplicationError(reason, {"field": field, "reason": reason})


def _clean(data: InnovationInput, agency: Agency) -> None:
    for name in ("title", "problem", "solution"):
        if not str(getattr(data, name) or "").strip():
            raise field_error(name, _("%(field)s is required.") % {"field": _field_label(name)})
    if data.status not in Innovation.Status.values:
        raise field_error("status", _("Unknown status."))
    if data.category not in Innovation.Category.values:
        raise field_error("category", _("Unknown category."))
    if data.kind not in Innovation.Kind.values:
        raise field_error("kind", _("Unknown kind."))
    if data.adoptable_by not in Innovation.AdoptableBy.values:
        raise field_error("adoptable_by", _("Unknown choice of who may adopt it."))
    if not 2500 <= int(data.fiscal_year) <= 2700:
        raise field_error("fiscal_year", _("The fiscal year is a Buddhist Era year such as 2567."))
    if data.kind == Innovation.Kind.ADOPTED:
        origin = data.adopted_from
        if origin is None:
            raise field_error("adopted_from", _("Name the innovation this one adopts."))
        if origin.agency_id == agency.pk:
            raise field_error("adopted_from", _("An agency cannot adopt its own innovation."))
        if not selectors.may_adopt(origin, agency):
            raise field_error("adopted_from", _("That innovation is not offered to agencies like yours."))
    elif data.adopted_from is not None:
        raise field_error("kind", _("An innovation adopted from another agency has the kind “adopted”."))


def _field_label(name: str) -> str:
    return str(getattr(Innovation._meta.get_field(name), "verbose_name", name))


def _tokens(innovation: Innovation) -> str:
    return search_tokens(innovation.title, innovation.problem, innovation.solution, innovation.results)


@transaction.atomic
def innovation_create(*, actor: Any, agency: Agency, data: InnovationInput) -> Innovation:
    require(actor, Action.EDIT_AGENCY_DATA, agency=agency)
    _clean(data, agency)
    innovation = Innovation(agency=agency, created_by=actor)
    for name in FIELDS:
        setattr(innovation, name, getattr(data, name))
    innovation.title = innovation.title.strip()
    innovation.search_tokens = _tokens(innovation)
    innovation.save()
    return innovation


@transaction.atomic
def innovation_update(
    *, actor: Any, innovation: Innovation, data: InnovationInput, version: int
) -> Innovation:
    require(actor, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id)
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    if innovation.state not in EDITABLE:
        raise ApplicationError(_("A submitted innovation can no longer be edited."))
    if innovation.version != version:
        raise ApplicationError(
            _("Someone else saved this innovation after you opened it. Reload the page; your text is below."),
            {"field": "version"},
        )
    _clean(data, innovation.agency)
    for name in FIELDS:
        setattr(innovation, name, getattr(data, name))
    innovation.search_tokens = _tokens(innovation)
    innovation.version += 1
    innovation.save()
    return innovation


@transaction.atomic
def innovation_set_status(*, actor: Any, innovation: Innovation, status: str) -> Innovation:
    """In use / can be developed / retired may change at any time, even after the review."""
    require(actor, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id)
    if status not in Innovation.Status.values:
        raise field_error("status", _("Unknown status."))
    innovation.status = status
    innovation.save(update_fields=["status", "updated_at"])
    return innovation


@transaction.atomic
def innovation_submit(*, actor: Any, innovation: Innovation) -> Innovation:
    """The agency head sends the innovation to the host for assessment."""
    require(actor, Action.APPROVE_AGENCY_DATA, agency=innovation.agency_id)
    if innovation.state != Innovation.State.DRAFT:
        raise ApplicationError(_("This innovation was already submitted."))
    if not innovation.results.strip():
        raise field_error("results", _("Describe the results before submitting."))
    innovation.state = Innovation.State.SUBMITTED
    innovation.submitted_at = timezone.now()
    innovation.save(update_fields=["state", "submitted_at", "updated_at"])
    return innovation
