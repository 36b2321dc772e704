"""Every cell of an uploaded workbook checked against the layout and the reference data."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from pramoen.core.errors import ApplicationError
from pramoen.core.uploads import check_zip
from pramoen.framework.models import Assignment, Component, Indicator
from pramoen.framework.periods import fiscal_periods
from pramoen.framework.workbook.cells import RowReader, SheetReader, cell_text
from pramoen.framework.workbook.spec import (
    DATA_SHEETS,
    DIRECTION_WORDS,
    HIGHER,
    SheetSpec,
    WorkbookError,
    known_methods,
)
from pramoen.orgs.models import Agency


@dataclass
class ParsedWorkbook:
    components: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    assignments: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    targets: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)
    # criteria over time: (indicator, period) → {"t1".."t5", "is_demo"} / {"share", "is_demo"}
    period_criteria: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    plan_points: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def _find_sheet(wb: Any, spec: SheetSpec) -> Any | None:
    for title in wb.sheetnames:
        if title.strip() in (spec.title, spec.key, spec.th) or title.strip().endswith(f"({spec.key})"):
            return wb[title]
    return None


def _open(source: bytes | IO[bytes]) -> Any:
    data = source if isinstance(source, bytes | bytearray) else source.read()
    check_zip(bytes(data), "XLSX")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not an XLSX workbook
        raise ApplicationError(
            _("This file is not an XLSX workbook (%(reason)s).") % {"reason": type(exc).__name__},
            {"field": "file"},
        ) from exc


def _duplicate(row: RowReader, seen: dict[Any, int], key: Any, column: str, shown: str) -> bool:
    if key in seen:
        row.error(column, gettext_lazy("%(value)s is already on row %(row)s."), value=shown, row=seen[key])
        return True
    seen[key] = row.line
    return False


@dataclass
class _Context:
    """What the checks of later sheets need from earlier ones and from the reference data."""

    sheets: dict[str, SheetReader]
    rows: dict[str, list[tuple[int, dict[str, Any]]]]
    agencies: dict[str, str]  # code → kind
    methods: list[str]
    periods: list[str]
    period_ends: dict[str, dt.date]
    parsed: ParsedWorkbook = field(default_factory=ParsedWorkbook)
    seen: dict[Any, int] = field(default_factory=dict)  # every key of every sheet → its row
    applies: dict[str, str] = field(default_factory=dict)  # component → who it applies to
    parents: dict[str, str] = field(default_factory=dict)  # component → the component it is part of, or ""
    indicator_component: dict[str, str] = field(default_factory=dict)
    indicator_host: dict[str, str | None] = field(default_factory=dict)
    indicator_higher: dict[str, bool | None] = field(default_factory=dict)
    indicator_thresholds: dict[str, list[Decimal | None]] = field(default_factory=dict)
    assigned: set[tuple[str, str]] = field(default_factory=set)

    def reader(self, sheet: str) -> Iterator[RowReader]:
        for number, cells in self.rows[sheet]:
            yield RowReader(self.sheets[sheet], number, cells)

    def agency(self, row: RowReader, key: str, *, required: bool = True) -> str | None:
        code = cell_text(row.cells.get(key))
        if not code:
            if required:
                row.error(key, gettext_lazy("A value is required."))
            return None
        if code not in self.agencies:
            row.error(key, gettext_lazy("Unknown agency code %(code)s."), code=code)
            return None
        return code


def parse_workbook(
    source: bytes | IO[bytes], *, fiscal_year: int
) -> tuple[ParsedWorkbook, list[WorkbookError]]:
    """Every cell checked against the schema; returns the typed rows and every error found."""
    wb = _open(source)
    errors: list[WorkbookError] = []
    sheets: dict[str, SheetReader] = {}
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for spec in DATA_SHEETS:
        ws = _find_sheet(wb, spec)
        sheet = sheets[spec.key] = SheetReader(spec, ws.title if ws is not None else spec.title, errors)
        if ws is None:
            sheet.error(None, None, gettext_lazy("The sheet %(sheet)s is missing."), sheet=spec.title)
            rows[spec.key] = []
        else:
            rows[spec.key] = sheet.read(ws)
    wb.close()
    specs = fiscal_periods(fiscal_year)
    ctx = _Context(
        sheets=sheets,
        rows=rows,
        agencies=dict(Agency.objects.values_list("code", "kind")),
        methods=known_methods(),
        periods=[p.code for p in specs],
        period_ends={p.code: p.end for p in specs},
    )
    _components(ctx)
    _indicators(ctx)
    _assignments(ctx)
    _targets(ctx)
    _period_criteria(ctx)
    _plan_curve(ctx)
    return ctx.parsed, errors


def _check_criteria(r: RowReader, thresholds: list[Decimal | None], *, higher: bool) -> None:
    """T1..T5 must rise strictly (higher is better) or fall strictly (lower is better); the first pair
    that does not is reported on the later column."""
    if any(t is None for t in thresholds):
        return  # each missing or bad number has its own error already
    rise = gettext_lazy(
        "T%(next)s (%(b)s) must be greater than T%(k)s (%(a)s): higher is better, "
        "so the criteria must rise strictly."
    )
    fall = gettext_lazy(
        "T%(next)s (%(b)s) must be less than T%(k)s (%(a)s): lower is better, "
        "so the criteria must fall strictly."
    )
    for k in range(1, 5):
        a, b = thresholds[k - 1], thresholds[k]
        assert a is not None and b is not None
        if (a < b) if higher else (a > b):
            continue
        r.error(
            f"t{k + 1}",
            rise if higher else fall,
            k=k,
            next=k + 1,
            a=cell_text(r.cells.get(f"t{k}")),
            b=cell_text(r.cells.get(f"t{k + 1}")),
        )
        return


def _components(ctx: _Context) -> None:
    placed: list[tuple[RowReader, str]] = []
    for r in ctx.reader("components"):
        ccode = r.text("code", max_length=10)
        values: dict[str, Any] = {
            "code": ccode,
            "name_th": r.text("name_th", max_length=200),
            "name_en": r.text("name_en", max_length=200),
            "weight": r.number("weight", max_digits=7, places=2, minimum=Decimal(0)),
            "applies_to": r.choice("applies_to", Component.AppliesTo.values, default=Component.AppliesTo.ALL),
            "order": r.integer("order", minimum=0, maximum=32767, required=False) or 0,
            "weight_is_demo": bool(r.yes_no("weight_is_demo")),
            "parent": r.text("parent", max_length=10, required=False),
        }
        if ccode and _duplicate(r, ctx.seen, ("c", ccode), "code", ccode):
            continue
        if ccode:
            ctx.parents[ccode] = values["parent"]
            placed.append((r, ccode))
            ctx.applies[ccode] = values["applies_to"] or Component.AppliesTo.ALL
        if r.ok:
            ctx.parsed.components[ccode] = values
    for r, ccode in placed:  # a sub-component's component may stand anywhere on the sheet
        parent = ctx.parents[ccode]
        if not parent:
            continue
        if parent == ccode:
            r.error("parent", gettext_lazy("A component cannot be part of itself."))
        elif parent not in ctx.parents:
            r.error("parent", gettext_lazy("No component %(code)s on the components sheet."), code=parent)
        elif ctx.parents[parent]:
            r.error(
                "parent",
                gettext_lazy(
                    "%(code)s is itself a sub-component; a sub-component cannot hold sub-components."
                ),
                code=parent,
            )


def _indicators(ctx: _Context) -> None:
    for r in ctx.reader("indicators"):
        cells = r.cells
        code = r.text("code", max_length=20)
        component = r.text("component", max_length=10)
        if component and component not in ctx.applies:
            r.error(
                "component", gettext_lazy("No component %(code)s on the components sheet."), code=component
            )
        method = r.choice("method", ctx.methods)
        params: Any = {}
        raw_params = cell_text(cells.get("params"))
        if raw_params:
            try:
                params = json.loads(raw_params)
            except ValueError:
                params = None
            if not isinstance(params, dict):
                r.error("params", gettext_lazy("Method settings must be a JSON object such as {}."))
        direction_text = cell_text(cells.get("direction")).lower() or HIGHER
        higher = DIRECTION_WORDS.get(direction_text)
        if higher is None:
            r.error(
                "direction",
                gettext_lazy("%(value)s is not one of the allowed values (%(allowed)s)."),
                value=direction_text,
                allowed="higher, lower",
            )
        thresholds = [r.number(f"t{k}", max_digits=16, places=4) for k in range(1, 6)]
        if higher is not None:
            _check_criteria(r, thresholds, higher=higher)
        floor = r.number(
            "floor", max_digits=3, places=2, required=False, minimum=Decimal(0), maximum=Decimal(5)
        )
        host = ctx.agency(r, "host_agency", required=False)
        joint = r.yes_no("is_joint")
        if joint and not host and not cell_text(cells.get("host_agency")):
            r.error("host_agency", gettext_lazy("A joint indicator needs a host agency."))
        span = r.integer("multi_year_span", minimum=1, maximum=100, required=False)
        share = r.number(
            "multi_year_share",
            max_digits=6,
            places=2,
            required=False,
            minimum=Decimal(0),
            maximum=Decimal(100),
        )
        if (span is None) != (share is None) and not (
            cell_text(cells.get("multi_year_span")) and cell_text(cells.get("multi_year_share"))
        ):
            r.error(
                "multi_year_share" if share is None else "multi_year_span",
                gettext_lazy("A multi-year target needs both the number of years and this year's share."),
            )
        values = {
            "component": component,
            "name_th": r.text("name_th", max_length=400),
            "name_en": r.text("name_en", max_length=400, required=False),
            "definition": r.text("definition", max_length=20000, required=False),
            "unit": r.text("unit", max_length=40, required=False),
            "method": method,
            "params": params,
            "higher_is_better": higher,
            **{f"t{k}": t for k, t in enumerate(thresholds, start=1)},
            "floor": floor if floor is not None else Decimal(0),
            "kpi_type": r.choice("kpi_type", Indicator.KpiType.values, default=Indicator.KpiType.STRATEGIC),
            "kpi_level": r.choice("kpi_level", Indicator.KpiLevel.values, default=Indicator.KpiLevel.OUTCOME),
            "host_agency": host,
            "is_joint": joint,
            "multi_year_span": span,
            "multi_year_share": share,
        }
        if code and _duplicate(r, ctx.seen, ("i", code), "code", code):
            continue
        if code:
            ctx.indicator_component[code] = component
            ctx.indicator_host[code] = host
            ctx.indicator_higher[code] = higher
            ctx.indicator_thresholds[code] = thresholds
        if r.ok:
            ctx.parsed.indicators[code] = values


def _assignments(ctx: _Context) -> None:
    for r in ctx.reader("assignments"):
        ind = r.text("indicator", max_length=20)
        if ind and ind not in ctx.indicator_component:
            r.error("indicator", gettext_lazy("No indicator %(code)s on the indicators sheet."), code=ind)
        acode = ctx.agency(r, "agency")
        weight = r.number("weight", max_digits=7, places=2, minimum=Decimal(0))
        role = r.choice("role", Assignment.Role.values, default=Assignment.Role.SOLE)
        if acode and ind in ctx.indicator_component:
            scope = ctx.applies.get(ctx.indicator_component[ind])
            is_district = ctx.agencies[acode] == Agency.Kind.DISTRICT_OFFICE
            if scope == Component.AppliesTo.DISTRICT_OFFICES and not is_district:
                r.error(
                    "agency",
                    gettext_lazy(
                        "Component %(component)s is for district offices only; %(code)s is not one."
                    ),
                    component=ctx.indicator_component[ind],
                    code=acode,
                )
            elif scope == Component.AppliesTo.OTHERS and is_district:
                r.error(
                    "agency",
                    gettext_lazy(
                        "Component %(component)s is for bureaus and offices only; "
                        "%(code)s is a district office."
                    ),
                    component=ctx.indicator_component[ind],
                    code=acode,
                )
            if role == Assignment.Role.HOST and ctx.indicator_host.get(ind) != acode:
                r.error(
                    "role",
                    gettext_lazy("%(code)s is not the host agency of indicator %(indicator)s."),
                    code=acode,
                    indicator=ind,
                )
        if ind and acode and _duplicate(r, ctx.seen, ("a", ind, acode), "agency", f"{ind} / {acode}"):
            continue
        if ind and acode:
            ctx.assigned.add((ind, acode))
        if r.ok:
            ctx.parsed.assignments[(ind, acode or "")] = {"weight": weight, "role": role}


def _targets(ctx: _Context) -> None:
    for r in ctx.reader("targets"):
        ind = r.text("indicator", max_length=20)
        tcode = ctx.agency(r, "agency") or ""
        period = r.choice("period", ctx.periods) or ""
        value = r.number("value", max_digits=16, places=4)
        if ind and tcode and (ind, tcode) not in ctx.assigned:
            r.error(
                "agency",
                gettext_lazy("No row on the assignments sheet gives indicator %(indicator)s to %(code)s."),
                indicator=ind,
                code=tcode,
            )
        if ind and tcode and period:
            shown = f"{ind} / {tcode} / {period}"
            if _duplicate(r, ctx.seen, ("t", ind, tcode, period), "period", shown):
                continue
        if r.ok:
            ctx.parsed.targets[(ind, tcode, period)] = value  # type: ignore[assignment]


def _indicator_and_period(ctx: _Context, r: RowReader) -> tuple[str, str]:
    ind = r.text("indicator", max_length=20)
    if ind and ind not in ctx.indicator_component:
        r.error("indicator", gettext_lazy("No indicator %(code)s on the indicators sheet."), code=ind)
    return ind, r.choice("period", ctx.periods) or ""


def _period_criteria(ctx: _Context) -> None:
    """An indicator's own T1..T5 for a period: in its direction, like the year-end criteria."""
    for r in ctx.reader("period_criteria"):
        ind, period = _indicator_and_period(ctx, r)
        thresholds = [r.number(f"t{k}", max_digits=16, places=4) for k in range(1, 6)]
        higher = ctx.indicator_higher.get(ind)
        if higher is not None:
            _check_criteria(r, thresholds, higher=higher)
        demo = r.yes_no("is_demo")
        if ind and period and _duplicate(r, ctx.seen, ("pc", ind, period), "period", f"{ind} / {period}"):
            continue
        if r.ok:
            ctx.parsed.period_criteria[(ind, period)] = {
                **{f"t{k}": t for k, t in enumerate(thresholds, start=1)},
                "is_demo": bool(demo),
            }


def _plan_curve(ctx: _Context) -> None:
    """Points of a cumulative plan: each share 0–100, never falling over time, 100 at the year's end,
    and year-end criteria that are not negative (the plan scales them)."""
    year_end = max(ctx.period_ends.values())
    curves: dict[str, list[tuple[dt.date, Decimal, RowReader, str]]] = {}
    for r in ctx.reader("plan_curve"):
        ind, period = _indicator_and_period(ctx, r)
        share = r.number("share", max_digits=5, places=2, minimum=Decimal("0.01"), maximum=Decimal(100))
        demo = r.yes_no("is_demo")
        if ind and period and _duplicate(r, ctx.seen, ("pp", ind, period), "period", f"{ind} / {period}"):
            continue
        if period and share is not None and ctx.period_ends[period] == year_end and share != 100:
            r.error(
                "share",
                gettext_lazy(
                    "%(period)s ends with the year, when the year-end criteria apply in full: "
                    "its share must be 100, not %(share)s."
                ),
                period=period,
                share=cell_text(r.cells.get("share")),
            )
        negative = [t for t in ctx.indicator_thresholds.get(ind, []) if t is not None and t < 0]
        if negative:
            r.error(
                "indicator",
                gettext_lazy(
                    "A plan curve scales the year-end criteria of %(code)s, so they must not be "
                    "negative (%(value)s)."
                ),
                code=ind,
                value=negative[0],
            )
        if ind and period and share is not None:
            curves.setdefault(ind, []).append((ctx.period_ends[period], share, r, period))
        if r.ok:
            ctx.parsed.plan_points[(ind, period)] = {"share": share, "is_demo": bool(demo)}
    for points in curves.values():
        points.sort(key=lambda p: (p[0], p[2].line))
        for (end0, share0, _r0, period0), (end1, share1, r1, period1) in itertools.pairwise(points):
            if share1 < share0 or (end1 == end0 and share1 != share0):
                r1.error(
                    "share",
                    gettext_lazy(
                        "A cumulative plan never falls: %(period)s (%(share)s) ends no earlier than "
                        "%(before)s, so its share must be at least %(before_share)s (equal when they end "
                        "on the same day)."
                    ),
                    period=period1,
                    share=share1,
                    before=period0,
                    before_share=share0,
                )
