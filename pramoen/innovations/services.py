"""Writes of the Innovation Base: register and edit an innovation, its evidence, submit it to the host,
the host's rubric assessment and score, and the year's criteria.  Every write asks the policy first."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from pramoen.core.errors import ApplicationError
from pramoen.innovations import selectors
from pramoen.innovations.models import (
    Innovation,
    InnovationAssessment,
    InnovationCriteria,
    InnovationEvidence,
    InnovationGroup,
)
from pramoen.innovations.text import search_tokens
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can, require

MAX_BYTES = 10 * 1024 * 1024
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


def _fail(field: str, reason: str) -> ApplicationError:
    return ApplicationError(reason, {"field": field, "reason": reason})


def _clean(data: InnovationInput, agency: Agency) -> None:
    for name in ("title", "problem", "solution"):
        if not str(getattr(data, name) or "").strip():
            raise _fail(name, _("%(field)s is required.") % {"field": _field_label(name)})
    if data.status not in Innovation.Status.values:
        raise _fail("status", _("Unknown status."))
    if data.category not in Innovation.Category.values:
        raise _fail("category", _("Unknown category."))
    if data.kind not in Innovation.Kind.values:
        raise _fail("kind", _("Unknown kind."))
    if data.adoptable_by not in Innovation.AdoptableBy.values:
        raise _fail("adoptable_by", _("Unknown choice of who may adopt it."))
    if not 2500 <= int(data.fiscal_year) <= 2700:
        raise _fail("fiscal_year", _("The fiscal year is a Buddhist Era year such as 2567."))
    if data.kind == Innovation.Kind.ADOPTED:
        origin = data.adopted_from
        if origin is None:
            raise _fail("adopted_from", _("Name the innovation this one adopts."))
        if origin.agency_id == agency.pk:
            raise _fail("adopted_from", _("An agency cannot adopt its own innovation."))
        if not selectors.may_adopt(origin, agency):
            raise _fail("adopted_from", _("That innovation is not offered to agencies like yours."))
    elif data.adopted_from is not None:
        raise _fail("kind", _("An innovation adopted from another agency has the kind “adopted”."))


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
        raise _fail("status", _("Unknown status."))
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
        raise _fail("results", _("Describe the results before submitting."))
    innovation.state = Innovation.State.SUBMITTED
    innovation.submitted_at = timezone.now()
    innovation.save(update_fields=["state", "submitted_at", "updated_at"])
    return innovation


def _require_assessor(actor: Any, innovation: Innovation) -> None:
    require(actor, Action.ASSESS_INNOVATION, agency=selectors.host_agency(innovation.fiscal_year))
    if can(actor, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id):
        raise ApplicationError(_("Nobody assesses their own agency's innovation."))


def rubric_level(marks: dict[str, Any], fiscal_year: int) -> tuple[Decimal, dict[str, int]]:
    """The weighted mean of the rubric marks (each a whole number 1–5) under the year's criteria."""
    rubric = selectors.criteria_for(fiscal_year).rubric
    clean: dict[str, int] = {}
    for item in rubric:
        key = str(item["key"])
        raw = marks.get(key)
        try:
            mark = int(str(raw).strip())
        except (TypeError, ValueError):
            mark = 0
        if not 1 <= mark <= 5:
            raise _fail(key, _("Mark “%(name)s” from 1 to 5.") % {"name": selectors.rubric_label(key)})
        clean[key] = mark
    level = selectors.weighted_level(clean, rubric)
    if level is None:
        raise ApplicationError(_("The year's rubric has no weights."))
    return level, clean


@transaction.atomic
def innovation_assess(
    *, actor: Any, innovation: Innovation, marks: dict[str, Any], comment: str = ""
) -> InnovationAssessment:
    _require_assessor(actor, innovation)
    if innovation.state not in (Innovation.State.SUBMITTED, Innovation.State.ASSESSED):
        raise ApplicationError(_("Only a submitted innovation can be assessed."))
    level, clean = rubric_level(marks, innovation.fiscal_year)
    assessment, _created = InnovationAssessment.objects.update_or_create(
        innovation=innovation,
        defaults={
            "marks": clean,
            "level": level,
            "comment": comment.strip(),
            "assessed_by": actor,
            "assessed_at": timezone.now(),
            "scored_by": None,
            "scored_at": None,
        },
    )
    innovation.state = Innovation.State.ASSESSED
    innovation.save(update_fields=["state", "updated_at"])
    return assessment


@transaction.atomic
def innovation_score(*, actor: Any, innovation: Innovation) -> InnovationAssessment:
    """The host confirms the assessment: from now on it counts in component 2."""
    _require_assessor(actor, innovation)
    if innovation.state != Innovation.State.ASSESSED:
        raise ApplicationError(_("Assess the innovation with the rubric before scoring it."))
    assessment = innovation.assessment
    assessment.scored_by = actor
    assessment.scored_at = timezone.now()
    assessment.save(update_fields=["scored_by", "scored_at"])
    innovation.state = Innovation.State.SCORED
    innovation.save(update_fields=["state", "updated_at"])
    _scores_changed(innovation)
    return assessment


@transaction.atomic
def innovation_return(*, actor: Any, innovation: Innovation, comment: str) -> Innovation:
    """The host sends an innovation back to the agency as a draft (a scored one leaves component 2)."""
    _require_assessor(actor, innovation)
    if innovation.state == Innovation.State.DRAFT:
        raise ApplicationError(_("This innovation is already with the agency."))
    if not comment.strip():
        raise _fail("comment", _("Say why the innovation goes back."))
    was_scored = innovation.state == Innovation.State.SCORED
    InnovationAssessment.objects.filter(innovation=innovation).delete()
    innovation.state = Innovation.State.DRAFT
    innovation.save(update_fields=["state", "updated_at"])
    if was_scored:
        _scores_changed(innovation)
    return innovation


def _scores_changed(innovation: Innovation) -> None:
    """An innovation's score moves its agency's and (adoptions count) its origin's component 2."""
    from pramoen.scoring.signals import inputs_changed

    ids = {innovation.agency_id}
    if innovation.adopted_from_id:
        ids.add(Innovation.objects.values_list("agency_id", flat=True).get(pk=innovation.adopted_from_id))
    inputs_changed(fiscal_year=innovation.fiscal_year, agency_ids=ids)


def _sniff(data: bytes) -> tuple[str, str] | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "photo", "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "photo", "image/png"
    if data.startswith(b"%PDF-"):
        return "document", "application/pdf"
    return None


@transaction.atomic
def evidence_add(
    *, actor: Any, innovation: Innovation, upload: UploadedFile, caption: str = ""
) -> InnovationEvidence:
    """A photo (re-encoded: no camera or location metadata kept) or a PDF, checked by content and size."""
    require(actor, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id)
    name = PurePath(upload.name or "file").name[:200]
    if not upload.size:
        raise _fail("file", _("File “%(name)s”: the file is empty.") % {"name": name})
    if upload.size > MAX_BYTES:
        raise _fail("file", _("File “%(name)s”: larger than 10 MB.") % {"name": name})
    data = upload.read()
    found = _sniff(data[:16])
    if found is None:
        raise _fail(
            "file",
            _("File “%(name)s”: only photos (JPEG, PNG) and PDF documents are accepted.") % {"name": name},
        )
    kind, content_type = found
    stem = PurePath(name).stem[:60] or "file"
    evidence = InnovationEvidence(
        innovation=innovation, kind=kind, original_name=name, caption=caption.strip()[:300], uploaded_by=actor
    )
    if kind == "photo":
        try:
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
            raise _fail("file", _("File “%(name)s”: the picture cannot be read.") % {"name": name}) from None
        image = (ImageOps.exif_transpose(image) or image).convert("RGB")
        image.thumbnail((2400, 2400))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        data, content_type = out.getvalue(), "image/jpeg"
        evidence.file.save(f"{stem}.jpg", ContentFile(data), save=False)
    else:
        evidence.file.save(f"{stem}.pdf", ContentFile(data), save=False)
    evidence.content_type = content_type
    evidence.size = len(data)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, actor: Any, evidence: InnovationEvidence) -> None:
    require(actor, Action.EDIT_AGENCY_DATA, agency=evidence.innovation.agency_id)
    if evidence.innovation.state not in EDITABLE:
        raise ApplicationError(_("A submitted innovation's evidence can no longer be removed."))
    evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def group_rename(*, actor: Any, group: InnovationGroup, name: str) -> InnovationGroup:
    require(actor, Action.ASSESS_INNOVATION, agency=selectors.host_agency(None))
    if not name.strip():
        raise _fail("name", _("Give the group a name."))
    group.name = name.strip()[:200]
    group.manual = True
    group.save(update_fields=["name", "manual"])
    return group


@transaction.atomic
def innovation_move_group(*, actor: Any, innovation: Innovation, group: InnovationGroup | None) -> Innovation:
    """Correct the grouping by hand: the innovation stays where it was put at the next regrouping."""
    require(actor, Action.ASSESS_INNOVATION, agency=selectors.host_agency(None))
    innovation.group = group
    innovation.group_manual = True
    innovation.save(update_fields=["group", "group_manual", "updated_at"])
    return innovation


# --- the year's criteria -------------------------------------------------------------------------------

WEIGHT_TOTAL = 100  # the rubric's weights are shares of 100
CAP_LOWEST, CAP_HIGHEST = Decimal(1), Decimal(5)  # a kind's highest level lies on the 1–5 scale
BONUS_HIGHEST = Decimal(5)
_CENT = Decimal("0.01")  # caps and the bonus have at most two decimal places (the bonus column's)


@dataclass(frozen=True)
class CriteriaSaved:
    criteria: InnovationCriteria
    changed: bool  # False: these were the criteria in force already, and nothing was written
    relevelled: int  # assessments of the year whose level the new weights moved
    job: Any | None  # the ``innovation_scores`` job recomputing component 2 (jobs.models.Job), if any


def _decimal(raw: Any) -> Decimal | None:
    text = "" if raw is None else str(raw).strip().replace(",", "")
    if not text or len(text) > 20:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _plain(value: Decimal) -> str:
    """4.50 → "4.5", 5.00 → "5" (how the caps are stored)."""
    return format(value.normalize(), "f")


def _shown(raw: Any) -> str:
    text = "" if raw is None else str(raw).strip()
    return text if len(text) <= 20 else text[:20] + "…"


def _clean_criteria(
    rubric: list[dict[str, Any]], weights: Mapping[str, Any], caps: Mapping[str, Any], spread_bonus: Any
) -> tuple[list[dict[str, Any]], dict[str, str], Decimal]:
    """The year's criteria from what a form or an API call gave, or ApplicationError listing every
    problem (field and reason): weights whole numbers 0–100 adding up to 100; each kind's highest level
    1–5 with at most two decimal places, new ≥ improved ≥ adopted; the bonus 0–5, two places."""
    errors: list[dict[str, str]] = []

    def fail(field: str, reason: str) -> None:
        errors.append({"field": field, "reason": reason})

    keys = [str(item["key"]) for item in rubric]
    for key in weights:
        if str(key) not in keys:
            fail(f"weight_{key}", _("Unknown rubric criterion “%(key)s”.") % {"key": _shown(key)})
    clean_rubric: list[dict[str, Any]] = []
    for key in keys:
        label = _("Weight of “%(name)s”") % {"name": selectors.rubric_label(key)}
        raw = weights.get(key)
        value = _decimal(raw)
        if raw is None or str(raw).strip() == "":
            fail(f"weight_{key}", _("%(field)s is required.") % {"field": label})
        elif value is None or value != value.to_integral_value() or not 0 <= value <= WEIGHT_TOTAL:
            fail(
                f"weight_{key}",
                _("%(field)s: “%(value)s” is not a whole number from 0 to 100.")
                % {"field": label, "value": _shown(raw)},
            )
        else:
            clean_rubric.append({"key": key, "weight": int(value)})
    if len(clean_rubric) == len(keys):
        total = sum(int(item["weight"]) for item in clean_rubric)
        if total != WEIGHT_TOTAL:
            fail("weights", _("The weights add up to %(total)s; they must add up to 100.") % {"total": total})

    for kind in caps:
        if str(kind) not in Innovation.Kind.values:
            fail(f"cap_{kind}", _("Unknown kind of innovation “%(kind)s”.") % {"kind": _shown(kind)})
    clean_caps: dict[str, Decimal] = {}
    for kind in Innovation.Kind.values:
        label = _("Highest level for “%(kind)s”") % {"kind": selectors.kind_label(kind)}
        raw = caps.get(kind)
        value = _decimal(raw)
        if raw is None or str(raw).strip() == "":
            fail(f"cap_{kind}", _("%(field)s is required.") % {"field": label})
        elif value is None or value != value.quantize(_CENT) or not CAP_LOWEST <= value <= CAP_HIGHEST:
            fail(
                f"cap_{kind}",
                _("%(field)s: “%(value)s” is not a number from 1 to 5 with at most two decimal places.")
                % {"field": label, "value": _shown(raw)},
            )
        else:
            clean_caps[kind] = value
    order = list(Innovation.Kind.values)  # new, improved, adopted: each may reach no higher than the last
    for higher, lower in pairwise(order):
        if higher in clean_caps and lower in clean_caps and clean_caps[lower] > clean_caps[higher]:
            fail(
                f"cap_{lower}",
                _(
                    "The highest level for “%(lower)s” (%(low)s) is above that for “%(higher)s” (%(high)s): "
                    "an improved innovation may reach no higher than a new one, and an adopted one no "
                    "higher than an improved one."
                )
                % {
                    "lower": selectors.kind_label(lower),
                    "low": _plain(clean_caps[lower]),
                    "higher": selectors.kind_label(higher),
                    "high": _plain(clean_caps[higher]),
                },
            )

    bonus_label = _("Bonus per adopting agency")
    bonus = _decimal(spread_bonus)
    if spread_bonus is None or str(spread_bonus).strip() == "":
        fail("spread_bonus", _("%(field)s is required.") % {"field": bonus_label})
    elif bonus is None or bonus != bonus.quantize(_CENT) or not 0 <= bonus <= BONUS_HIGHEST:
        fail(
            "spread_bonus",
            _("%(field)s: “%(value)s” is not a number from 0 to 5 with at most two decimal places.")
            % {"field": bonus_label, "value": _shown(spread_bonus)},
        )
    if errors:
        raise ApplicationError(
            " ".join(e["reason"] for e in errors),
            {"field": errors[0]["field"], "reason": errors[0]["reason"], "errors": errors},
        )
    assert bonus is not None
    return clean_rubric, {k: _plain(v) for k, v in clean_caps.items()}, bonus.quantize(_CENT)


def _same(
    criteria: InnovationCriteria, rubric: list[dict[str, Any]], caps: dict[str, str], bonus: Decimal
) -> bool:
    def weights(items: list[dict[str, Any]]) -> list[tuple[str, Decimal | None]]:
        return [(str(i["key"]), _decimal(i.get("weight", 1))) for i in items]

    stored_caps = {str(k): _decimal(v) for k, v in (criteria.kind_caps or {}).items()}
    return (
        weights(criteria.rubric) == weights(rubric)
        and stored_caps == {k: Decimal(v) for k, v in caps.items()}
        and Decimal(str(criteria.spread_bonus)) == bonus
    )


@transaction.atomic
def innovation_criteria_save(
    *,
    actor: Any,
    fiscal_year: int,
    weights: Mapping[str, Any],
    caps: Mapping[str, Any],
    spread_bonus: Any,
) -> CriteriaSaved:
    """Set a fiscal year's innovation criteria: the rubric's weights (by criterion key), the highest level
    of each kind (new, improved, adopted) and the bonus per adopting agency — checked as a whole, nothing
    saved on any error.  The host's head or the evaluation office; refused once a round of the year has
    closed (``selectors.criteria_lock``).  New weights re-level the year's assessments from their marks;
    component 2's scores then follow by the ``innovation_scores`` job (a year's recompute takes seconds)."""
    if not isinstance(fiscal_year, int) or not (
        selectors.FIRST_CRITERIA_YEAR <= fiscal_year <= selectors.LAST_CRITERIA_YEAR
    ):
        raise _fail("fiscal_year", _("The fiscal year is a Buddhist Era year such as 2567."))
    require(actor, Action.SET_INNOVATION_CRITERIA, agency=selectors.host_agency(fiscal_year))
    locked = selectors.criteria_lock(fiscal_year)
    if locked is not None:
        raise ApplicationError(locked, {"field": "fiscal_year", "reason": "locked"})
    current = InnovationCriteria.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
    criteria = current or InnovationCriteria(fiscal_year=fiscal_year)
    rubric, clean_caps, bonus = _clean_criteria(criteria.rubric, weights, caps, spread_bonus)
    if _same(criteria, rubric, clean_caps, bonus):
        return CriteriaSaved(criteria, changed=False, relevelled=0, job=None)
    weights_moved = [(str(i["key"]), _decimal(i.get("weight", 1))) for i in criteria.rubric] != [
        (i["key"], Decimal(i["weight"])) for i in rubric
    ]
    criteria.rubric = rubric
    criteria.kind_caps = clean_caps
    criteria.spread_bonus = bonus
    criteria.save()  # the audit log records each changed field
    relevelled = 0
    if weights_moved:
        assessments = InnovationAssessment.objects.select_for_update().filter(
            innovation__fiscal_year=fiscal_year
        )
        for assessment in assessments.order_by("pk"):
            level = selectors.weighted_level(assessment.marks or {}, rubric)
            if level is not None and level != assessment.level:
                assessment.level = level
                assessment.save(update_fields=["level"])  # one by one: the audit log records each
                relevelled += 1
    job = None
    if selectors.component2_agencies(fiscal_year):
        from pramoen.jobs.services import job_enqueue

        job = job_enqueue(
            kind="innovation_scores",
            actor=actor,
            params={"fiscal_year": fiscal_year},
            label=_("Component 2 after the innovation criteria of FY %(year)s changed")
            % {"year": fiscal_year},
        )
    return CriteriaSaved(criteria, changed=True, relevelled=relevelled, job=job)
