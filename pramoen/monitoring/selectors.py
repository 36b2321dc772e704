"""Reads: who sees which sheet, the open follow-up items, and the recurring-obstacle matrices.

Visibility: a committee's members and secretary, evaluation officers, executives and administrators
read a sheet in full (``VIEW_COMMITTEE_PRIVATE``); once a round is published every committee member
reads every committee's sheet, and agency staff read only the records that concern their agency (an
obstacle naming it, its own suggestion, an observation assigned to it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from pramoen.monitoring.models import Observation, Obstacle, Round, Sheet, Suggestion
from pramoen.monitoring.systems import SYSTEMS
from pramoen.monitoring.vocab import ASPECT_TH, Aspect
from pramoen.orgs.models import Committee
from pramoen.orgs.policy import Action, can, visible_agency_ids


class Access(StrEnum):
    FULL = "full"
    CONCERNING = "concerning"
    NONE = "none"


def _any_committee_role(user: Any) -> bool:
    return any(can(user, Action.VIEW_COMMITTEE_PRIVATE, committee=c) for c in Committee.objects.all())


def sheet_access(user: Any, sheet: Sheet) -> Access:
    if can(user, Action.VIEW_COMMITTEE_PRIVATE, committee=sheet.committee_id):
        return Access.FULL
    if not sheet.round.is_published or not getattr(user, "is_authenticated", False):
        return Access.NONE
    if _any_committee_role(user):
        return Access.FULL
    return Access.CONCERNING if own_agency_ids(user) else Access.NONE


def own_agency_ids(user: Any) -> frozenset[int]:
    ids = visible_agency_ids(user)
    return frozenset() if ids is None else ids


def round_full_access(user: Any, rnd: Round) -> bool:
    """May read (and download the report of) every committee of the round."""
    return can(user, Action.VIEW_ALL) or (rnd.is_published and _any_committee_role(user))


def rounds_for(user: Any) -> QuerySet[Round]:
    return Round.objects.all()


@dataclass
class SheetContent:
    sheet: Sheet
    access: Access
    obstacles: list[Obstacle]
    suggestions: list[Suggestion]
    observations: list[Observation]


def sheet_content(user: Any, sheet: Sheet) -> SheetContent:
    access = sheet_access(user, sheet)
    obstacles = Obstacle.objects.filter(sheet=sheet).prefetch_related("agencies")
    suggestions = Suggestion.objects.filter(sheet=sheet).select_related("agency")
    observations = Observation.objects.filter(sheet=sheet).select_related("assignee")
    if access == Access.CONCERNING:
        mine = own_agency_ids(user)
        obstacles = obstacles.filter(agencies__in=mine).distinct()
        suggestions = suggestions.filter(agency__in=mine)
        observations = observations.filter(assignee__in=mine)
    elif access == Access.NONE:
        obstacles, suggestions, observations = obstacles.none(), suggestions.none(), observations.none()
    return SheetContent(sheet, access, list(obstacles), list(suggestions), list(observations))


def open_items(user: Any, *, agency_ids: Iterable[int] | None = None) -> QuerySet[Observation]:
    """Assigned observations not yet done, across rounds, that ``user`` may see; oldest due first."""
    qs = (
        Observation.objects.filter(assignee__isnull=False)
        .exclude(status=Observation.Status.DONE)
        .select_related("sheet__round", "sheet__committee", "assignee")
        .order_by("due_date", "sheet__round__fiscal_year", "sheet__committee__number", "order")
    )
    if not can(user, Action.VIEW_ALL):
        committees = [
            c.pk for c in Committee.objects.all() if can(user, Action.VIEW_COMMITTEE_PRIVATE, committee=c)
        ]
        qs = qs.filter(Q(sheet__committee__in=committees) | Q(assignee__in=own_agency_ids(user)))
    if agency_ids is not None:
        qs = qs.filter(assignee__in=list(agency_ids))
    return qs


@dataclass
class Cell:
    obstacles: list[Obstacle] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)  # systems named by the chair's remarks

    @property
    def count(self) -> int:
        return len(self.obstacles) + len(self.observations)


@dataclass
class Matrix:
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[tuple[Committee, list[Cell]]]

    def cell(self, committee_number: int, key: str) -> Cell:
        keys = [k for k, _ in self.columns]
        for committee, cells in self.rows:
            if committee.number == committee_number:
                return cells[keys.index(key)]
        raise KeyError(committee_number)

    def committees_with(self, key: str) -> list[int]:
        return [c.number for c, _ in self.rows if self.cell(c.number, key).count]


def rounds_newest_first() -> list[Round]:
    """Every round, the current one first (a year's FY round comes after its H1 round)."""
    return sorted(Round.objects.all(), key=lambda r: (r.fiscal_year, r.period == "FY"), reverse=True)


def current_rounds(rounds: list[Round]) -> list[Round]:
    """The matrix's default: the newest round that has records (a just-opened round is still empty)."""
    with_records = set(Obstacle.objects.values_list("sheet__round_id", flat=True).distinct())
    with_records |= set(Observation.objects.values_list("sheet__round_id", flat=True).distinct())
    return next(([r] for r in rounds if r.pk in with_records), rounds[:1])


def _columns(by: str) -> list[tuple[str, str]]:
    if by == "aspect":
        return [(a.value, ASPECT_TH[a]) for a in Aspect]
    if by == "system":
        return [(s.code, s.name) for s in SYSTEMS]
    raise ValueError(by)


def recurring_matrix(user: Any, *, by: str, rounds: Iterable[Round] | None = None) -> Matrix:
    """Committees × aspects (``by="aspect"``) or × named systems (``by="system"``) over ``rounds`` (all
    when None) that the user may read in full; each cell holds the obstacles behind it and, by system,
    the observations naming the system too (observations have no aspect)."""
    columns = _columns(by)
    chosen = list(rounds) if rounds is not None else list(Round.objects.all())
    keys = [k for k, _ in columns]
    committees = list(Committee.objects.all())
    table = {c.pk: [Cell() for _ in columns] for c in committees}
    readable: dict[int, bool] = {}

    def may_read(item: Any) -> bool:
        if item.sheet_id not in readable:
            readable[item.sheet_id] = sheet_access(user, item.sheet) == Access.FULL
        return readable[item.sheet_id]

    obstacles = (
        Obstacle.objects.filter(sheet__round__in=chosen)
        .select_related("sheet__round", "sheet__committee")
        .order_by("sheet__round__fiscal_year", "sheet__committee__number", "order")
    )
    for o in obstacles:
        if not may_read(o):
            continue
        for value in [o.aspect] if by == "aspect" else o.systems:
            if value in keys:
                table[o.sheet.committee_id][keys.index(value)].obstacles.append(o)
    if by == "system":
        from pramoen.monitoring.systems import recognise

        observations = (
            Observation.objects.filter(sheet__round__in=chosen)
            .select_related("sheet__round", "sheet__committee")
            .order_by("sheet__round__fiscal_year", "sheet__committee__number", "order")
        )
        for b in observations:
            if not may_read(b):
                continue
            for value in recognise(b.text):
                if value in keys:
                    table[b.sheet.committee_id][keys.index(value)].observations.append(b)
    return Matrix(columns=columns, rows=[(c, table[c.pk]) for c in committees])


@dataclass
class TrendRow:
    key: str
    label: str
    counts: list[int]  # items per round, oldest round first
    committees: list[int]  # how many committees raised it, per round

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.counts, self.committees, strict=True))


def recurring_trend(user: Any, *, by: str, rounds: Iterable[Round]) -> tuple[list[Round], list[TrendRow]]:
    """How often each aspect or system came up in each round (oldest first): items and committees."""
    ordered = sorted(rounds, key=lambda r: (r.fiscal_year, r.period == "FY"))
    per_round = [recurring_matrix(user, by=by, rounds=[r]) for r in ordered]
    rows = []
    for index, (key, label) in enumerate(_columns(by)):
        counts = [sum(cells[index].count for _c, cells in m.rows) for m in per_round]
        committees = [sum(1 for _c, cells in m.rows if cells[index].count) for m in per_round]
        if any(counts):
            rows.append(TrendRow(key, label, counts, committees))
    return ordered, rows
