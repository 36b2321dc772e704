"""Writes on monitoring rounds.  Every function checks the policy, validates, and keeps a sheet's
``version`` so two secretaries editing the same committee never silently overwrite each other."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.thai import to_arabic_digits
from pramoen.monitoring.models import Meeting, Observation, Obstacle, Round, Sheet, Suggestion
from pramoen.monitoring.systems import SYSTEM_BY_CODE, recognise
from pramoen.orgs.models import Agency, Committee, CommitteeMember
from pramoen.orgs.policy import Action, require

ItemModel = type[Obstacle] | type[Suggestion] | type[Observation]
AnyItem = Obstacle | Suggestion | Observation
ITEM_KINDS: dict[str, Any] = {"obstacle": Obstacle, "suggestion": Suggestion, "observation": Observation}


def _validate(instance: Any, *, exclude: Sequence[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        label = instance._meta.get_field(field).verbose_name if field != "__all__" else ""
        raise ApplicationError(
            _("%(field)s: %(reason)s") % {"field": label, "reason": " ".join(messages)},
            {"field": field, "errors": exc.message_dict},
        ) from exc


# --- rounds ---------------------------------------------------------------------------------------


@transaction.atomic
def round_create(*, actor: Any, fiscal_year: int, period: str) -> Round:
    """A new round with an empty sheet for every committee (evaluation officers)."""
    require(actor, Action.MANAGE_FRAMEWORK)
    if Round.objects.filter(fiscal_year=fiscal_year, period=period).exists():
        raise ApplicationError(
            _("The round %(year)s %(period)s already exists.") % {"year": fiscal_year, "period": period},
            {"field": "fiscal_year"},
        )
    rnd = Round(fiscal_year=fiscal_year, period=period)
    _validate(rnd)
    rnd.save()
    for committee in Committee.objects.all():
        Sheet.objects.create(round=rnd, committee=committee)
    return rnd


def sheet_for(*, round: Round, committee: Committee) -> Sheet:
    sheet, _created = Sheet.objects.get_or_create(round=round, committee=committee)
    return sheet


@transaction.atomic
def round_publish(*, actor: Any, round: Round, publish: bool = True) -> Round:
    """Publishing makes the findings readable by the agencies concerned and freezes the records; the report
    files the portal offers (PDF, DOCX) are built by jobs at once, so no visitor waits for them."""
    from pramoen.monitoring.documents import INLINE_FORMATS, document_request
    from pramoen.monitoring.render import FORMATS

    require(actor, Action.MANAGE_FRAMEWORK)
    round.status = Round.Status.PUBLISHED if publish else Round.Status.DRAFT
    round.published_at = timezone.now() if publish else None
    round.save(update_fields=["status", "published_at"])
    if publish:
        for fmt in sorted(set(FORMATS) - INLINE_FORMATS):
            document_request(actor=actor, round=round, fmt=fmt)
    return round


# --- concurrency ----------------------------------------------------------------------------------


def _touch(*, actor: Any, sheet: Sheet, expected_version: int | None) -> int:
    """Bump the sheet's version; refuse when someone else saved since ``expected_version``."""
    if sheet.round.is_published:
        raise ApplicationError(
            _("This round is published; its records can no longer be changed."), {"field": "round"}
        )
    query = Sheet.objects.filter(pk=sheet.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    user = actor if getattr(actor, "is_authenticated", False) else None
    changed = query.update(version=F("version") + 1, updated_at=timezone.now(), updated_by=user)
    current = Sheet.objects.select_related("updated_by").get(pk=sheet.pk)
    if not changed:
        if current.updated_by is None:
            who = _("Someone else")
        elif current.updated_by == user:
            who = _("You (in another window)")
        else:
            who = current.updated_by.display_name
        raise ApplicationError(
            _(
                "%(who)s changed this committee's records after you opened them. Nothing of yours "
                "was saved; reload to see their version, then make your change again."
            )
            % {"who": who},
            {"field": "version", "current_version": current.version, "your_version": expected_version},
        )
    sheet.version = current.version
    return current.version


def _require_record(actor: Any, sheet: Sheet) -> None:
    require(actor, Action.RECORD_MONITORING, committee=sheet.committee_id)


# --- items ----------------------------------------------------------------------------------------

_NUMBERING = re.compile(r"^\s*(?:[-•*]\s*|\(?\d+(?:\.\d+)*[.)]\s*|\(\d+\)\s*)")


def split_lines(text: str) -> list[str]:
    """Pasted text → one item per non-empty line, its own numbering ("๑.", "(๒)", "3)", "-") removed."""
    items = []
    for line in text.splitlines():
        arabic = to_arabic_digits(line)
        match = _NUMBERING.match(arabic)
        cleaned = line[match.end() :] if match else line
        cleaned = " ".join(cleaned.split())
        if cleaned:
            items.append(cleaned)
    return items


def _clean_systems(codes: Iterable[str]) -> list[str]:
    unknown = [c for c in codes if c not in SYSTEM_BY_CODE]
    if unknown:
        raise ApplicationError(
            _("Unknown system: %(codes)s.") % {"codes": ", ".join(unknown)}, {"field": "systems"}
        )
    wanted = set(codes)
    return [code for code in SYSTEM_BY_CODE if code in wanted]


def _next_order(model: Any, sheet: Sheet) -> int:
    return (model.objects.filter(sheet=sheet).aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def item_create(
    *,
    actor: Any,
    sheet: Sheet,
    kind: str,
    expected_version: int | None,
    agencies: Iterable[Agency] = (),
    systems: Iterable[str] | None = None,
    after: AnyItem | None = None,
    **fields: Any,
) -> AnyItem:
    """Add an obstacle, suggestion or observation at the end (or right after ``after``)."""
    _require_record(actor, sheet)
    model = ITEM_KINDS[kind]
    item = model(sheet=sheet, **fields)
    item.text = " ".join(str(item.text or "").split())
    if isinstance(item, Obstacle):
        if systems is not None:
            item.systems, item.systems_confirmed = _clean_systems(systems), True
        else:
            item.systems = recognise(item.text)
    if after is not None:
        model.objects.filter(sheet=sheet, order__gt=after.order).update(order=F("order") + 1)
        item.order = after.order + 1
    else:
        item.order = _next_order(model, sheet)
    _validate(item, exclude=("sheet",))
    _touch(actor=actor, sheet=sheet, expected_version=expected_version)
    item.save()
    if isinstance(item, Obstacle):
        item.agencies.set(list(agencies))
    return item


@transaction.atomic
def items_paste(
    *, actor: Any, sheet: Sheet, kind: str, text: str, expected_version: int | None, **fields: Any
) -> list[AnyItem]:
    """A block pasted from Word or a PDF (``paste.parse_paste``: aspect and level headings, numbers,
    wrapped lines) becomes items sharing ``fields`` (component, …).  An obstacle must have an aspect,
    from the text's own heading or the one chosen: none is assumed."""
    from pramoen.monitoring.paste import parse_paste

    parsed = parse_paste(
        text, kind=kind, aspect=str(fields.pop("aspect", "") or ""), level=str(fields.pop("level", "") or "")
    )
    if not parsed.items:
        raise ApplicationError(_("Nothing to add: the pasted text has no lines."), {"field": "text"})
    if kind == "obstacle" and parsed.missing_aspect:
        raise ApplicationError(
            _(
                "Aspect: choose the aspect of these obstacles, or start the text with its heading "
                "(for example “- ด้านงบประมาณ”). Nothing was added."
            ),
            {"field": "aspect"},
        )
    created = []
    version = expected_version
    agencies = {}
    if kind == "suggestion":
        from pramoen.monitoring.forms import committee_agencies

        for agency in committee_agencies(sheet.committee):
            for name in (agency.abbr_th, agency.name_th):
                if name:
                    agencies[name] = agency
    for item in parsed.items:
        values: dict[str, Any] = {**fields, "text": item.text, "level": item.level}
        if kind == "obstacle":
            values["aspect"] = item.aspect
        else:
            values["sub_items"] = item.sub_items
        if kind != "observation":
            values["numbered"] = item.numbered  # a lone item pasted without a number stays without
        if kind == "suggestion":
            named = re.search(r"\s*\(([^()]{2,60})\)$", item.text)
            if named and named.group(1).strip() in agencies and "agency" not in fields:
                values["agency"] = agencies[named.group(1).strip()]
                values["text"] = item.text[: named.start()]
        created.append(item_create(actor=actor, sheet=sheet, kind=kind, expected_version=version, **values))
        version = sheet.version
    return created


_EDITABLE = {
    "obstacle": {"component", "indicator", "aspect", "level", "text", "numbered"},
    "suggestion": {"component", "level", "text", "agency", "sub_items", "numbered"},
    "observation": {"level", "text", "sub_items"},
}


@transaction.atomic
def item_update(
    *,
    actor: Any,
    item: AnyItem,
    expected_version: int | None,
    agencies: Iterable[Agency] | None = None,
    systems: Iterable[str] | None = None,
    **fields: Any,
) -> AnyItem:
    sheet = item.sheet
    _require_record(actor, sheet)
    kind = _kind_of(item)
    unknown = set(fields) - _EDITABLE[kind]
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        setattr(item, name, " ".join(str(value).split()) if name == "text" else value)
    if item.draft_state == "draft":  # an edited draft is the secretary's own: in the report, never re-drafted
        item.draft_state = ""
        item.order = (type(item).objects.filter(sheet=sheet).aggregate(m=Max("order"))["m"] or 0) + 1
    if isinstance(item, Obstacle):
        if systems is not None:
            item.systems, item.systems_confirmed = _clean_systems(systems), True
        elif "text" in fields and not item.systems_confirmed:
            item.systems = recognise(item.text)
    _validate(item)
    _touch(actor=actor, sheet=sheet, expected_version=expected_version)
    item.save()
    if isinstance(item, Obstacle) and agencies is not None:
        item.agencies.set(list(agencies))
    return item


@transaction.atomic
def item_delete(*, actor: Any, item: AnyItem, expected_version: int | None) -> None:
    _require_record(actor, item.sheet)
    _touch(actor=actor, sheet=item.sheet, expected_version=expected_version)
    item.delete()


def _siblings(sheet: Sheet, kind: str, component: str | None) -> Any:
    qs = ITEM_KINDS[kind].objects.filter(sheet=sheet)
    return qs.filter(component=component) if component is not None and kind != "observation" else qs


@transaction.atomic
def items_reorder(
    *,
    actor: Any,
    sheet: Sheet,
    kind: str,
    ids: Sequence[int],
    expected_version: int | None,
    component: str | None = None,
) -> None:
    """Put the sheet's items of ``kind`` (of one ``component`` when given) in the order of ``ids``;
    every item of that list must appear once.  The items keep the places they held among the rest."""
    _require_record(actor, sheet)
    items = {i.pk: i for i in _siblings(sheet, kind, component)}
    if set(ids) != set(items) or len(ids) != len(items):
        raise ApplicationError(
            _("The new order must list every item of this list once; reload and try again."),
            {"field": "order"},
        )
    _touch(actor=actor, sheet=sheet, expected_version=expected_version)
    slots = sorted(i.order for i in items.values())
    for slot, pk in zip(slots, ids, strict=True):
        if items[pk].order != slot:
            items[pk].order = slot
            items[pk].save(update_fields=["order"])


@transaction.atomic
def item_move(*, actor: Any, item: AnyItem, step: int, expected_version: int | None) -> None:
    """The keyboard alternative to dragging: one place up (-1) or down (+1) in its own list."""
    kind = _kind_of(item)
    component = getattr(item, "component", None)
    ids = list(_siblings(item.sheet, kind, component).values_list("pk", flat=True))
    at = ids.index(item.pk)
    to = max(0, min(len(ids) - 1, at + step))
    ids.insert(to, ids.pop(at))
    items_reorder(
        actor=actor,
        sheet=item.sheet,
        kind=kind,
        ids=ids,
        expected_version=expected_version,
        component=component,
    )


def _kind_of(item: AnyItem) -> str:
    return {Obstacle: "obstacle", Suggestion: "suggestion", Observation: "observation"}[type(item)]


# --- meetings -------------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    actor: Any,
    sheet: Sheet,
    date: dt.date,
    place: str = "",
    members_present: Iterable[CommitteeMember] = (),
    other_attendees: str = "",
    meeting: Meeting | None = None,
    expected_version: int | None = None,
) -> Meeting:
    _require_record(actor, sheet)
    members = list(members_present)
    stray = [m for m in members if m.committee_id != sheet.committee_id]
    if stray:
        raise ApplicationError(
            _("%(name)s is not a member of this committee.") % {"name": stray[0].name},
            {"field": "members_present"},
        )
    meeting = meeting or Meeting(sheet=sheet)
    meeting.date, meeting.place, meeting.other_attendees = date, place.strip(), other_attendees.strip()
    _validate(meeting, exclude=("sheet",))
    _touch(actor=actor, sheet=sheet, expected_version=expected_version)
    meeting.save()
    meeting.members_present.set(members)
    return meeting


# --- follow-up ------------------------------------------------------------------------------------


@transaction.atomic
def observation_assign(
    *, actor: Any, observation: Observation, assignee: Agency | None, due_date: dt.date | None
) -> Observation:
    """The committee (secretary) or an evaluation officer names who must act, and by when; the agency's
    staff are notified.  Allowed after publication too: follow-up is what happens after the report."""
    from pramoen.monitoring.follow_up import notify_assigned

    _require_record(actor, observation.sheet)
    changed = (observation.assignee_id, observation.due_date) != (getattr(assignee, "pk", None), due_date)
    observation.assignee, observation.due_date = assignee, due_date
    _validate(observation)
    observation.save(update_fields=["assignee", "due_date"])
    if changed:
        notify_assigned(observation)
    return observation


EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".doc", ".xls"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def observation_follow_up(
    *, actor: Any, observation: Observation, status: str, evidence: str, evidence_file: Any = None
) -> Observation:
    """The assigned agency reports progress; "done" needs evidence (a description or a file); the
    committee's secretaries hear when it is done."""
    from pathlib import Path

    from pramoen.monitoring.follow_up import notify_done

    if observation.assignee_id is None:
        raise ApplicationError(_("This observation is not assigned to an agency yet."), {"field": "assignee"})
    require(actor, Action.UPDATE_FOLLOW_UP, agency=observation.assignee_id)
    evidence = evidence.strip()
    if evidence_file is not None:
        suffix = Path(evidence_file.name or "").suffix.lower()
        if suffix not in EVIDENCE_TYPES:
            raise ApplicationError(
                _("Evidence file: %(name)s is not a PDF, picture, Word or Excel file.")
                % {"name": evidence_file.name},
                {"field": "evidence_file"},
            )
        if evidence_file.size > EVIDENCE_MAX_BYTES:
            raise ApplicationError(
                _("Evidence file: %(name)s is larger than 10 MB.") % {"name": evidence_file.name},
                {"field": "evidence_file"},
            )
        observation.evidence_file = evidence_file
    if status == Observation.Status.DONE and not evidence and not observation.evidence_file:
        raise ApplicationError(
            _("Evidence: describe or attach what was done before marking the observation done."),
            {"field": "evidence"},
        )
    became_done = status == Observation.Status.DONE and observation.status != status
    if status != observation.status:
        observation.status_changed_at = timezone.now()
    observation.status, observation.evidence = status, evidence
    _validate(observation)
    observation.save(update_fields=["status", "evidence", "evidence_file", "status_changed_at"])
    if became_done:
        notify_done(observation)
    return observation
