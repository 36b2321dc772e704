"""Recompute persisted scores: idempotent (unchanged scores are not rewritten) and resumable (work is
split into slots of agencies, each committed together with its DONE mark).

    recompute(fiscal_year=2567, period_code="H1")          # the command
    recompute_agencies(fiscal_year=2567, agency_ids={...})  # after inputs change (see signals.py)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from pramoen.core import generation
from pramoen.core.audit import current_actor
from pramoen.core.errors import ApplicationError
from pramoen.framework.models import Assignment, Component, FiscalYear, Period
from pramoen.orgs.models import Agency
from pramoen.scoring import explain, rollup
from pramoen.scoring.adjust import adjustments_for
from pramoen.scoring.inputs import SOURCE, joint_source, reported, slot_inputs, verified_figures
from pramoen.scoring.methods import Figures, MethodContext, ReportedMethod, registered_methods
from pramoen.scoring.models import AgencyScore, RecomputeRun, RecomputeSlot, ScoreResult
from pramoen.scoring.rows import (
    ROW_COLUMNS,
    IndicatorInfo,
    adjusted,
    fingerprint,
    indicator_infos,
    period_infos,
    to_json,
)
from pramoen.scoring.rows import scored as rows_scored

# A slot is the unit of resumption: its scores are committed with its DONE mark.  200 agencies hold all of
# BMA's ~150 in one slot per period (≈ 9,000 scores, about half a second); smaller slots cost a commit,
# the slot's reads and its roll-up query each time, for no gain when a whole period redoes this quickly.
SLOT_SIZE = 200


@dataclass
class RecomputeSummary:
    run_id: int | None
    slots: int
    assignments: int
    written: int
    resumed: bool


def _period(fiscal_year: int, period_code: str) -> tuple[FiscalYear, Period]:
    try:
        fy = FiscalYear.objects.get(year=fiscal_year)
    except FiscalYear.DoesNotExist:
        raise ApplicationError(f"ไม่พบปีงบประมาณ {fiscal_year}", {"field": "fiscal_year"}) from None
    try:
        return fy, Period.objects.get(fiscal_year=fy, code=period_code)
    except Period.DoesNotExist:
        raise ApplicationError(
            f"ไม่พบรอบ {period_code} ในปีงบประมาณ {fiscal_year}", {"field": "period"}
        ) from None


def _assigned_agency_ids(fy: FiscalYear) -> list[int]:
    # DISTINCT in the database: a year has thousands of assignments but only a few hundred agencies
    return list(
        Assignment.objects.filter(indicator__fiscal_year=fy)
        .order_by("agency_id")
        .values_list("agency_id", flat=True)
        .distinct()
    )


def recompute(
    *,
    fiscal_year: int,
    period_code: str,
    actor_label: str = "system",
    slot_size: int = SLOT_SIZE,
    resume: bool = True,
) -> RecomputeSummary:
    """Recompute every assignment of a fiscal year for one period, resuming an interrupted run."""
    fy, period = _period(fiscal_year, period_code)
    run = (
        RecomputeRun.objects.filter(fiscal_year=fy, period=period, status=RecomputeRun.Status.STARTED).last()
        if resume
        else None
    )
    resumed = run is not None
    if run is None:
        agency_ids = _assigned_agency_ids(fy)
        chunks = [agency_ids[i : i + slot_size] for i in range(0, len(agency_ids), slot_size)]
        with transaction.atomic():
            run = RecomputeRun.objects.create(
                fiscal_year=fy, period=period, slots_total=len(chunks), actor_label=actor_label
            )
            RecomputeSlot.objects.bulk_create(
                RecomputeSlot(run=run, number=n, agency_ids=ids) for n, ids in enumerate(chunks)
            )
    assignments = written = 0
    for slot in run.slots.filter(done=False).order_by("number"):
        with transaction.atomic():
            counted, changed = _compute_slot(fy, [period], set(slot.agency_ids))
            slot.done = True
            slot.save(update_fields=["done"])
            RecomputeRun.objects.filter(pk=run.pk).update(scores_written=run.scores_written + changed)
            run.scores_written += changed
        assignments += counted
        written += changed
    run.status = RecomputeRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return RecomputeSummary(run.pk, run.slots_total, assignments, written, resumed)


def recompute_agencies(
    *, fiscal_year: int, agency_ids: Iterable[int], period_codes: Iterable[str] | None = None
) -> int:
    """Recompute a few agencies (and their joint-KPI partners) right away; returns scores written."""
    fy = FiscalYear.objects.get(year=fiscal_year)
    ids = set(agency_ids)
    joint = Assignment.objects.filter(indicator__fiscal_year=fy, indicator__is_joint=True, agency_id__in=ids)
    ids |= set(
        Assignment.objects.filter(indicator__in=joint.values("indicator")).values_list("agency_id", flat=True)
    )
    periods = Period.objects.filter(fiscal_year=fy)
    if period_codes is not None:
        periods = periods.filter(code__in=list(period_codes))
    with transaction.atomic():
        return _compute_slot(fy, list(periods), ids)[1]


@dataclass(frozen=True)
class _Assigned:
    pk: int
    agency_id: int
    agency_code: str
    weight: Decimal
    role: str
    indicator: IndicatorInfo


def _assigned(fy: FiscalYear, **filters: Any) -> list[tuple[int, int, Decimal, str, int]]:
    return list(
        Assignment.objects.filter(indicator__fiscal_year=fy, **filters)
        .order_by("pk")
        .values_list("pk", "agency_id", "weight", "role", "indicator_id")
    )


# what a method found for one score: actual, inputs, exclusions, its sentence
_Found = tuple[Decimal | None, dict[str, Any], dict[str, Any], str]


def _found(
    key: str,
    items: list[tuple[list[_Assigned], _Assigned]],
    figures: list[Figures | None],
    fy: FiscalYear,
    period: Period,
    participants: dict[int, list[_Assigned]],
) -> list[_Found]:
    """What method ``key`` finds for each (group, source) of one period: the methods that read only the
    verified result over plain figures in one call, feeds through a context per score."""
    method = registered_methods().get(key)
    if method is None:
        gone = f"ระบบยังไม่มีวิธีคำนวณ '{key}' (ข้อมูลนำเข้านี้ยังไม่เปิดใช้)"
        return [(None, {}, {}, gone)] * len(items)
    if isinstance(method, ReportedMethod):
        return [(actual, dict(inputs), {}, text) for actual, inputs, text in method.compute_figures(figures)]
    contexts = [
        MethodContext(
            agency_id=source.agency_id,
            agency_code=source.agency_code,
            fiscal_year=fy.year,
            period_code=period.code,
            period_start=period.start,
            period_end=period.end,
            indicator_code=source.indicator.code,
            params=source.indicator.params,
            assignment_id=source.pk,
            joint_agency_ids=tuple(m.agency_id for m in participants[source.indicator.pk])
            if source.indicator.is_joint
            else (),
            reported=None if f is None else reported((source.pk, period.pk), f),
        )
        for (_group, source), f in zip(items, figures, strict=True)
    ]
    return [(r.actual, dict(r.inputs), r.exclusions, r.explanation) for r in method.compute_many(contexts)]


def _compute_slot(fy: FiscalYear, periods: list[Period], agency_ids: set[int]) -> tuple[int, int]:
    """Compute and store the scores and roll-ups of ``agency_ids`` for ``periods``.

    Returns (assignments counted, scores written)."""
    if not agency_ids or not periods:
        return 0, 0
    rows = _assigned(fy, agency_id__in=agency_ids)
    infos = indicator_infos({r[4] for r in rows})
    in_force = period_infos(infos, periods)  # each period's criteria (framework.criteria)
    joint_ids = {i for i, info in infos.items() if info.is_joint}
    partner_rows = _assigned(fy, indicator_id__in=joint_ids) if joint_ids else []
    codes = dict(
        Agency.objects.filter(pk__in={r[1] for r in rows} | {r[1] for r in partner_rows}).values_list(
            "pk", "code"
        )
    )
    assigned = [_Assigned(pk, ag, codes[ag], w, role, infos[ind]) for pk, ag, w, role, ind in rows]
    in_slot = {a.pk for a in assigned}
    participants: dict[int, list[_Assigned]] = defaultdict(list)
    for pk, ag, w, role, ind in partner_rows:
        participants[ind].append(_Assigned(pk, ag, codes[ag], w, role, infos[ind]))

    period_ids = [p.pk for p in periods]
    targets, verified, existing = slot_inputs(fy, agency_ids, period_ids)
    outside = {a.pk for group in participants.values() for a in group} - in_slot
    if outside:  # a joint KPI's host may sit in another slot
        verified.update(verified_figures(outside, period_ids))
    adjustments = adjustments_for(fy, agency_ids, period_ids)

    now = timezone.now()
    scored: dict[tuple[int, int], tuple[str, Decimal | None]] = {}  # for the roll-up
    changed: list[tuple[Any, ...]] = []
    for period in periods:
        pid = period.pk
        # per method: each score's assignments (a joint KPI: its participants in the slot) and source
        by_method: dict[str, list[tuple[list[_Assigned], _Assigned]]] = defaultdict(list)
        seen_joint: set[int] = set()
        for a in assigned:
            info = a.indicator
            if not info.is_joint:
                by_method[info.method].append(([a], a))
            elif info.pk not in seen_joint:
                seen_joint.add(info.pk)
                members = participants[info.pk]
                group = [m for m in members if m.pk in in_slot]
                by_method[info.method].append((group, joint_source(members, lambda m: m.role)))
        for key, items in by_method.items():
            figures = [verified.get((source.pk, pid)) for _, source in items]
            found = _found(key, items, figures, fy, period, participants)
            for (group, _source), f, (actual, inputs, exclusions, text) in zip(
                items, figures, found, strict=True
            ):
                info = in_force[(group[0].indicator.pk, pid)]
                status, score, level, lines = rows_scored(info, actual, text)
                if info.is_joint:
                    lines.append(explain.JOINT)
                if f is not None and f[SOURCE]:
                    inputs["source"] = f[SOURCE]
                inputs_json = to_json(inputs)
                excl_json = to_json(exclusions) if exclusions else "{}"
                explanation = "\n".join(lines)
                for a in group:
                    at = (a.pk, pid)
                    row = (
                        status,
                        actual,
                        targets.get(at),
                        level,
                        score,
                        key,
                        info.criteria_json,
                        inputs_json,
                        excl_json,
                        "[]",
                        explanation,
                    )
                    if a.pk in adjustments:
                        applied = [x for x in adjustments[a.pk] if x.period_id in (None, pid)]
                        if applied:
                            row = adjusted(info, text, row, applied)
                    printed = fingerprint(row)
                    scored[at] = (row[0], row[4])
                    if existing.get(at) != printed:
                        changed.append((a.pk, pid, *row, now, printed))
    if changed:
        # Scores never computed before can be copied straight in; the rest need an upsert.
        fresh = [row for row in changed if (row[0], row[1]) not in existing]
        stale = [row for row in changed if (row[0], row[1]) in existing]
        _insert(fresh)
        _upsert(stale)
    _roll_up(fy, periods, assigned, scored, now)
    return len(scored), len(changed)


_COLUMNS = ["assignment_id", "period_id", *ROW_COLUMNS, "computed_at", "fingerprint"]


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Write score rows that do not exist yet (a plain COPY on PostgreSQL)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        _upsert(rows)
        return
    table = ScoreResult._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _upsert(rows: list[tuple[Any, ...]]) -> None:
    """Insert or update score rows in one set-based statement (COPY + INSERT … ON CONFLICT on PostgreSQL)."""
    if not rows:
        return
    table = ScoreResult._meta.db_table
    cols = ", ".join(_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[2:])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS score_upsert ON COMMIT DELETE ROWS AS "
                f"SELECT {cols} FROM {table} WITH NO DATA"
            )
            cursor.execute("TRUNCATE score_upsert")
            with cursor.cursor.copy(f"COPY score_upsert ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({cols}) SELECT {cols} FROM score_upsert "
                f"ON CONFLICT (assignment_id, period_id) DO UPDATE SET {updates}"
            )
        else:
            marks = ", ".join(["%s"] * len(_COLUMNS))
            cursor.executemany(
                f"INSERT INTO {table} ({cols}) VALUES ({marks}) "
                f"ON CONFLICT (assignment_id, period_id) DO UPDATE SET {updates}",
                [tuple(str(v) if isinstance(v, Decimal) else v for v in row) for row in rows],
            )


def _roll_up(
    fy: FiscalYear,
    periods: list[Period],
    assigned: list[_Assigned],
    scored: dict[tuple[int, int], tuple[str, Decimal | None]],
    now: Any,
) -> None:
    nodes = rollup.nodes_of(Component.objects.filter(fiscal_year=fy).values_list("pk", "parent_id", "weight"))
    actor = current_actor()
    by = actor.user.display_name if actor.user is not None else actor.label
    made = {"computed_at": now, "computed_by": by[:150], "job_id": actor.job_id}
    by_agency: dict[int, list[_Assigned]] = defaultdict(list)
    for a in assigned:
        by_agency[a.agency_id].append(a)
    new: list[AgencyScore] = []
    for period in periods:
        for agency_id, items in by_agency.items():
            per_component: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
            assigned_weight: dict[int, Decimal] = defaultdict(Decimal)
            for a in items:
                comp = a.indicator.component_id
                status, score = scored.get((a.pk, period.pk), (ScoreResult.Status.NO_DATA, None))
                if status == ScoreResult.Status.EXCLUDED:
                    continue  # an approved appeal left this indicator out: its weight drops out too
                assigned_weight[comp] += a.weight
                if status == ScoreResult.Status.SCORED and score is not None:
                    per_component[comp].append((a.weight, score))
            components, overall = rollup.roll_up(nodes, per_component, assigned_weight)
            for comp, rolled in components.items():
                new.append(
                    AgencyScore(
                        agency_id=agency_id,
                        period=period,
                        component_id=comp,
                        score=rolled.score,
                        weight_scored=rolled.weight_scored,
                        weight_total=rolled.weight_total,
                        **made,
                    )
                )
            new.append(
                AgencyScore(
                    agency_id=agency_id,
                    period=period,
                    component=None,
                    score=overall.score,
                    weight_scored=overall.weight_scored,
                    weight_total=overall.weight_total,
                    **made,
                )
            )
    AgencyScore.objects.filter(agency_id__in=by_agency, period__in=periods).delete()
    AgencyScore.objects.bulk_create(new, batch_size=2000)
    generation.bump()  # pages cached on the data generation (overview, portal) are stale once this commits
