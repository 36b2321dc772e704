"""A committee's sheet drafted from the data before the meeting.

For each committee of a round, from the agencies it reviews (its bureaus and its district group's
offices):

- **lagging indicators** — the early warnings of the progress app at the end of the round's period
  (the latest scored actual behind the straight line to the year's target): one observation per
  agency, its indicators and figures as sub-items;
- **obstacles agencies tagged** by aspect in their submitted progress reports: one obstacle per
  (component, aspect, wording), the agencies that raised it attached;
- **recurring obstacles** of the previous round: the committee's obstacles there that name a system
  two or more committees raised;
- **follow-ups still open**: observations of earlier rounds assigned to an agency and not done.

Every drafted item carries ``source_key`` (what it was drafted from) and ``sources`` (links), and stays
``draft`` — outside the report — until the secretary accepts, edits or drops it.  Re-drafting refreshes
only items still in draft; accepted, edited and dropped items are never touched (a dropped one is not
drafted again), and drafts whose source disappeared are withdrawn.  The sheet's ``summary`` (counts and
the top issues) is re-drafted unless the secretary edited it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.thai import format_date, to_thai_digits
from pramoen.framework.periods import period_bounds
from pramoen.monitoring.models import DraftState, Observation, Obstacle, Round, Sheet
from pramoen.monitoring.vocab import ASPECT_TH, COMPONENT_ORDER, PERIOD_TH, Aspect, Period, component_of
from pramoen.orgs.models import Agency, Committee
from pramoen.orgs.policy import Action, require

Progress = Callable[[int], None]  # called with the number of committees done so far


@dataclass
class Candidate:
    kind: str  # "obstacle" | "observation"
    key: str
    fields: dict[str, Any]
    sources: list[dict[str, str]]
    agencies: list[Agency] = field(default_factory=list)


@dataclass
class SheetDraft:
    committee: int
    new: int = 0
    refreshed: int = 0
    kept: int = 0  # accepted, edited or dropped by the secretary: left alone
    withdrawn: int = 0
    summary: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "committee": self.committee,
            "new": self.new,
            "refreshed": self.refreshed,
            "kept": self.kept,
            "withdrawn": self.withdrawn,
        }


def _level(agency: Agency) -> str:
    return "district" if agency.is_district_office else "bureau"


def _num(value: Any) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value is not None else "-"
    return to_thai_digits(text)


def _period_end(rnd: Round, fiscal_year: Any) -> dt.date:
    from pramoen.framework.models import Period as FrameworkPeriod

    code = "H1" if rnd.period == Period.H1 else "FY"
    found = FrameworkPeriod.objects.filter(fiscal_year=fiscal_year, code=code).order_by("end").first()
    if found is not None:
        return found.end
    return period_bounds(fiscal_year.year, code)[1]


def committee_agencies(committee: Committee) -> list[Agency]:
    ids = set(committee.agencies.values_list("pk", flat=True))
    ids |= set(Agency.objects.filter(district__group=committee.district_group).values_list("pk", flat=True))
    return list(Agency.objects.filter(pk__in=ids).order_by("kind", "name_th"))


# --- sources --------------------------------------------------------------------------------------


def _lagging(rnd: Round, agencies: dict[int, Agency]) -> list[Candidate]:
    from pramoen.framework.models import FiscalYear
    from pramoen.progress.selectors import early_warnings

    fiscal_year = FiscalYear.objects.filter(year=rnd.fiscal_year).first()
    if fiscal_year is None:
        return []
    on = _period_end(rnd, fiscal_year)
    per_agency: dict[int, list[Any]] = {}
    for w in early_warnings(fiscal_year=fiscal_year, on=on):
        if w.assignment.agency_id in agencies:
            per_agency.setdefault(w.assignment.agency_id, []).append(w)
    out = []
    for agency_id, warnings in per_agency.items():
        agency = agencies[agency_id]
        warnings.sort(key=lambda w: (-w.lag, w.assignment.indicator.code))
        subs = [
            _("Indicator %(code)s %(name)s: %(actual)s against %(expected)s on the plan (target %(target)s)")
            % {
                "code": to_thai_digits(w.assignment.indicator.code),
                "name": w.assignment.indicator.name_th,
                "actual": _num(w.actual),
                "expected": _num(w.expected),
                "target": _num(w.target),
            }
            for w in warnings
        ]
        text = _(
            "%(agency)s has %(n)s indicators behind the plan at the end of %(period)s; please speed them up."
        ) % {
            "agency": agency.name_th,
            "n": to_thai_digits(len(warnings)),
            "period": warnings[0].period.name_th,
        }
        sources = [
            {
                "label": _("progress of indicator %(code)s") % {"code": w.assignment.indicator.code},
                "url": reverse("progress:trail", args=[w.assignment.pk, w.period.code]),
            }
            for w in warnings
        ]
        out.append(
            Candidate(
                "observation",
                f"lagging:{agency_id}",
                {"level": _level(agency), "text": text, "sub_items": subs},
                sources,
            )
        )
    return out


def _tagged_obstacles(rnd: Round, agencies: dict[int, Agency]) -> list[Candidate]:
    from pramoen.progress.models import Obstacle as ReportObstacle
    from pramoen.progress.models import ProgressReport

    rows = (
        ReportObstacle.objects.filter(
            report__assignment__agency_id__in=list(agencies),
            report__period__fiscal_year__year=rnd.fiscal_year,
        )
        .exclude(report__status=ProgressReport.Status.DRAFT)
        .select_related("report__assignment__indicator__component__parent", "report__period")
        .order_by("report__assignment__agency_id", "pk")
    )
    if rnd.period == Period.H1:
        rows = rows.filter(report__period__end__lte=_h1_end(rnd))
    merged: dict[tuple[str, str, str], Candidate] = {}
    for row in rows:
        agency = agencies[row.report.assignment.agency_id]
        indicator = row.report.assignment.indicator
        component = (
            component_of(
                component=indicator.component.code,
                parent=indicator.component.parent.code if indicator.component.parent else None,
                indicator=indicator.code,
            )
            or COMPONENT_ORDER[0]
        )
        text = " ".join(row.text.split())
        aspect = row.aspect if row.aspect in Aspect.values else Aspect.OTHER
        key = (component, aspect, text)
        source = {
            "label": _("progress report of %(agency)s, %(indicator)s, %(period)s")
            % {
                "agency": agency.abbr_th or agency.name_th,
                "indicator": row.report.assignment.indicator.code,
                "period": row.report.period.name_th,
            },
            "url": reverse("progress:trail", args=[row.report.assignment_id, row.report.period.code]),
        }
        if key not in merged:
            digest = hashlib.sha1("|".join(key).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
            merged[key] = Candidate(
                "obstacle",
                f"tagged:{digest}",
                {"component": component, "aspect": aspect, "level": _level(agency), "text": text},
                [],
            )
        candidate = merged[key]
        candidate.sources.append(source)
        if agency not in candidate.agencies:
            candidate.agencies.append(agency)
        if candidate.fields["level"] != _level(agency):
            candidate.fields["level"] = "both"
    return list(merged.values())


def _h1_end(rnd: Round) -> dt.date:
    from pramoen.framework.models import FiscalYear

    fiscal_year = FiscalYear.objects.filter(year=rnd.fiscal_year).first()
    return _period_end(rnd, fiscal_year) if fiscal_year else dt.date(rnd.fiscal_year - 543, 3, 31)


def _earlier_rounds(rnd: Round) -> list[Round]:
    key = (rnd.fiscal_year, 0 if rnd.period == Period.H1 else 1)
    earlier = [r for r in Round.objects.all() if (r.fiscal_year, 0 if r.period == Period.H1 else 1) < key]
    return sorted(earlier, key=lambda r: (r.fiscal_year, r.period != Period.H1), reverse=True)


def _round_label(rnd: Round) -> str:
    return f"{PERIOD_TH.get(Period(rnd.period), rnd.period)} {to_thai_digits(rnd.fiscal_year)}"


def _recurring(rnd: Round, committee: Committee) -> list[Candidate]:
    earlier = _earlier_rounds(rnd)
    if not earlier:
        return []
    previous = earlier[0]
    raised_by: dict[str, set[int]] = {}
    obstacles = list(
        Obstacle.objects.filter(sheet__round=previous)
        .select_related("sheet__committee")
        .prefetch_related("agencies")
    )
    for o in obstacles:
        for code in o.systems:
            raised_by.setdefault(code, set()).add(o.sheet.committee_id)
    recurring = {code for code, committees in raised_by.items() if len(committees) >= 2}
    out = []
    for o in obstacles:
        if o.sheet.committee_id != committee.pk or not recurring & set(o.systems):
            continue
        url = (
            reverse("monitoring:sheet", args=[previous.fiscal_year, previous.period, committee.number])
            + f"#item-obstacle-{o.pk}"
        )
        out.append(
            Candidate(
                "obstacle",
                f"recurring:{o.pk}",
                {
                    "component": o.component,
                    "aspect": o.aspect,
                    "level": o.level,
                    "text": o.text,
                    "indicator": o.indicator,
                    "systems": list(o.systems),
                },
                [
                    {
                        "label": _("recurring obstacle of %(round)s") % {"round": _round_label(previous)},
                        "url": url,
                    }
                ],
                list(o.agencies.all()),
            )
        )
    return out


def _open_follow_ups(rnd: Round, committee: Committee) -> list[Candidate]:
    earlier = {r.pk: r for r in _earlier_rounds(rnd)}
    rows = (
        Observation.objects.filter(sheet__round_id__in=list(earlier), sheet__committee=committee)
        .exclude(assignee__isnull=True)
        .exclude(status=Observation.Status.DONE)
        .select_related("assignee", "sheet__round")
        .order_by("due_date", "pk")
    )
    out = []
    for o in rows:
        assert o.assignee is not None
        subs = [_("assigned to %(agency)s") % {"agency": o.assignee.name_th}]
        if o.due_date:
            subs.append(_("due %(date)s") % {"date": format_date(o.due_date, long=True, thai_digits=True)})
        subs.append(_("status: %(status)s") % {"status": o.get_status_display()})
        text = _("Follow-up of %(round)s, still open: %(text)s") % {
            "round": _round_label(o.sheet.round),
            "text": o.text,
        }
        out.append(
            Candidate(
                "observation",
                f"open:{o.pk}",
                {"level": "", "text": text, "sub_items": subs},
                [{"label": _("follow-up"), "url": reverse("monitoring:follow-up", args=[o.pk])}],
            )
        )
    return out


def candidates_for(sheet: Sheet) -> list[Candidate]:
    """What the data says for ``sheet``'s committee, worded in Thai (the report's language)."""
    committee = sheet.committee
    agencies = {a.pk: a for a in committee_agencies(committee)}
    with translation.override("th"):
        return (
            _tagged_obstacles(sheet.round, agencies)
            + _recurring(sheet.round, committee)
            + _lagging(sheet.round, agencies)
            + _open_follow_ups(sheet.round, committee)
        )


# --- the summary ----------------------------------------------------------------------------------


def summary_text(candidates: Sequence[Candidate]) -> str:
    lagging = [c for c in candidates if c.key.startswith("lagging:")]
    tagged = [c for c in candidates if c.key.startswith("tagged:")]
    recurring = [c for c in candidates if c.key.startswith("recurring:")]
    open_items = [c for c in candidates if c.key.startswith("open:")]
    parts = []
    if lagging:
        worst = max(lagging, key=lambda c: len(c.fields["sub_items"]))
        parts.append(
            _("%(n)s indicators behind the plan in %(agencies)s agencies (most: %(worst)s, %(m)s)")
            % {
                "n": to_thai_digits(sum(len(c.fields["sub_items"]) for c in lagging)),
                "agencies": to_thai_digits(len(lagging)),
                "worst": worst.fields["text"].split(" ", 1)[0],
                "m": to_thai_digits(len(worst.fields["sub_items"])),
            }
        )
    if tagged:
        aspects = Counter(c.fields["aspect"] for c in tagged).most_common(2)
        parts.append(
            _("%(n)s obstacles from the agencies' progress reports (mostly %(aspects)s)")
            % {
                "n": to_thai_digits(len(tagged)),
                "aspects": ", ".join(ASPECT_TH[Aspect(a)] for a, _n in aspects),
            }
        )
    if recurring:
        from pramoen.monitoring.systems import SYSTEM_BY_CODE

        systems = Counter(code for c in recurring for code in c.fields.get("systems", []))
        names = ", ".join(SYSTEM_BY_CODE[code].name for code, _n in systems.most_common(3))
        parts.append(
            _("%(n)s recurring obstacles of the previous round (%(systems)s)")
            % {"n": to_thai_digits(len(recurring)), "systems": names}
        )
    if open_items:
        parts.append(_("%(n)s follow-ups still open") % {"n": to_thai_digits(len(open_items))})
    return "; ".join(parts) if parts else _("Nothing in the data calls for the committee's attention.")


# --- drafting -------------------------------------------------------------------------------------


def next_order(model: Any, sheet: Sheet) -> int:
    return (model.every.filter(sheet=sheet).aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def sheet_draft(*, actor: Any, sheet: Sheet) -> SheetDraft:
    """Draft one committee's sheet (see the module's docstring); returns what changed."""
    if actor is not None:
        require(actor, Action.RECORD_MONITORING, committee=sheet.committee_id)
    if sheet.round.is_published:
        raise ApplicationError(
            _("This round is published; its records can no longer be changed."), {"field": "round"}
        )
    candidates = candidates_for(sheet)
    result = SheetDraft(committee=sheet.committee.number)
    models_by_kind: dict[str, Any] = {"obstacle": Obstacle, "observation": Observation}
    existing = {
        (kind, item.source_key): item
        for kind, model in models_by_kind.items()
        for item in model.every.filter(sheet=sheet).exclude(source_key="")
    }
    wanted = set()
    for c in candidates:
        wanted.add((c.kind, c.key))
        model = models_by_kind[c.kind]
        item = existing.get((c.kind, c.key))
        if item is not None and item.draft_state != DraftState.DRAFT:
            result.kept += 1
            continue
        if item is None:
            item = model(sheet=sheet, source_key=c.key, draft_state=DraftState.DRAFT)
            item.order = next_order(model, sheet)
            result.new += 1
        else:
            result.refreshed += 1
        for name, value in c.fields.items():
            setattr(item, name, value)
        item.sources = c.sources
        item.save()
        if c.kind == "obstacle":
            item.agencies.set(c.agencies)
    for (kind, key), item in existing.items():
        if (kind, key) not in wanted and item.draft_state == DraftState.DRAFT:
            item.delete()
            result.withdrawn += 1
    with translation.override("th"):
        summary = summary_text(candidates)
    result.summary = summary
    updates: dict[str, Any] = {"drafted_at": timezone.now()}
    if not sheet.summary_edited:
        updates["summary"] = summary
    from django.db.models import F

    Sheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1, **updates)
    sheet.refresh_from_db()
    return result


def round_for_draft(*, actor: Any, fiscal_year: int, period: str) -> Round:
    """The round to draft, opened (with an empty sheet per committee) when it does not exist yet."""
    from pramoen.monitoring.services import round_create, sheet_for

    rnd = Round.objects.filter(fiscal_year=fiscal_year, period=period).first()
    if rnd is None and actor is not None:
        rnd = round_create(actor=actor, fiscal_year=fiscal_year, period=period)
    elif rnd is None:  # the command, acting as the system
        rnd = Round(fiscal_year=fiscal_year, period=period)
        rnd.full_clean()
        rnd.save()
    for committee in Committee.objects.all():
        sheet_for(round=rnd, committee=committee)
    return rnd


def round_draft(
    *,
    actor: Any,
    fiscal_year: int,
    period: str,
    committees: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Open the round if needed and draft the committees asked for (all when None)."""
    if period not in Period.values:
        raise ApplicationError(
            _("The period must be H1 or FY, not %(value)s.") % {"value": period}, {"field": "period"}
        )
    rnd = round_for_draft(actor=actor, fiscal_year=fiscal_year, period=period)
    sheets = Sheet.objects.filter(round=rnd).select_related("round", "committee__district_group")
    if committees:
        sheets = sheets.filter(committee__number__in=list(committees))
        missing = sorted(set(committees) - {s.committee.number for s in sheets})
        if missing:
            raise ApplicationError(
                _("No committee %(n)s.") % {"n": ", ".join(str(n) for n in missing)}, {"field": "committee"}
            )
    results = []
    for done, sheet in enumerate(sheets.order_by("committee__number"), start=1):
        results.append(sheet_draft(actor=actor, sheet=sheet).as_dict())
        if progress is not None:
            progress(done)
    return {"round": str(rnd), "fiscal_year": rnd.fiscal_year, "period": rnd.period, "committees": results}
