"""Apply a checked workbook to the year, all or nothing; a removal that would delete data is refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import IO, Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy

from pramoen.core import audit
from pramoen.framework.models import (
    Assignment,
    Component,
    FiscalYear,
    Indicator,
    Period,
    PeriodCriteria,
    PlanPoint,
    Target,
)
from pramoen.framework.services import fiscal_year_ensure
from pramoen.framework.workbook.parse import ParsedWorkbook, parse_workbook
from pramoen.framework.workbook.spec import (
    ASSIGNMENTS,
    COMPONENTS,
    DATA_SHEETS,
    INDICATORS,
    PERIOD_CRITERIA,
    PLAN_CURVE,
    TARGETS,
    Lazy,
    SheetSpec,
    WorkbookError,
    WorkbookInvalid,
)
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


@dataclass
class ImportReport:
    fiscal_year: int
    dry_run: bool
    counts: dict[str, SheetCounts] = field(
        default_factory=lambda: {s.key: SheetCounts() for s in DATA_SHEETS}
    )
    removed: list[Lazy] = field(default_factory=list)  # "indicator 1.3", "assignment 1.3 / 1004", …

    @property
    def changed(self) -> int:
        return sum(c.changed for c in self.counts.values())


def _sync(
    obj: Any,
    make: Callable[[], Any],
    values: dict[str, Any],
    counts: SheetCounts,
) -> Any:
    """Create, or update only the fields that differ (so an unchanged row writes nothing)."""
    if obj is None:
        obj = make()
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        counts.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        counts.updated += 1
    else:
        counts.unchanged += 1
    return obj


def blocked_removals(
    model: type[models.Model], shown: dict[int, str], template: Any, sheet: SheetSpec
) -> list[WorkbookError]:
    """Rows of audited models outside the framework (verified results, plans …) that removing the rows
    ``shown`` ({pk: the key shown in messages}) would delete: someone's data, so the import refuses
    instead.  Derived rows (scores) are not audited."""
    errors: list[WorkbookError] = []
    if not shown:
        return errors
    for rel in model._meta.related_objects:
        related = rel.related_model
        if not isinstance(related, type) or related._meta.app_label == "framework":
            continue
        if not audit.is_registered(related) or rel.on_delete is models.SET_NULL:
            continue
        counts: dict[int, int] = {}
        for pk in related._default_manager.filter(**{f"{rel.field.name}__in": list(shown)}).values_list(
            rel.field.attname, flat=True
        ):
            counts[pk] = counts.get(pk, 0) + 1
        for pk, count in sorted(counts.items()):
            errors.append(
                WorkbookError(
                    sheet.title,
                    None,
                    None,
                    gettext_lazy(
                        "%(row)s is not in the workbook but %(count)s %(records)s depend on it; "
                        "it cannot be removed by an import. Keep its row."
                    ),
                    {
                        "row": Lazy(template, {"key": shown[pk]}),
                        "count": count,
                        "records": related._meta.verbose_name_plural,
                    },
                )
            )
    return errors


def framework_workbook_import(
    *, actor: Any, fiscal_year: int, source: bytes | IO[bytes], dry_run: bool = False
) -> ImportReport:
    """Make the year's framework what the workbook says, or save nothing and raise ``WorkbookInvalid``."""
    require(actor, Action.MANAGE_FRAMEWORK)
    parsed, errors = parse_workbook(source, fiscal_year=fiscal_year)
    if errors:
        raise WorkbookInvalid(errors)
    report = ImportReport(fiscal_year=fiscal_year, dry_run=dry_run)
    with transaction.atomic():
        fy = fiscal_year_ensure(year=fiscal_year)
        fy = FiscalYear.objects.select_for_update().get(pk=fy.pk)  # one import of a year at a time
        errors = _apply(fy, parsed, report)
        if errors:
            raise WorkbookInvalid(errors)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _apply(fy: FiscalYear, parsed: ParsedWorkbook, report: ImportReport) -> list[WorkbookError]:
    agencies = {a.code: a for a in Agency.objects.all()}
    periods = {p.code: p for p in Period.objects.filter(fiscal_year=fy)}
    counts = report.counts

    components = {c.code: c for c in fy.components.all()}
    # components first, then their sub-components (which name one of them)
    for code, values in sorted(parsed.components.items(), key=lambda item: bool(item[1]["parent"])):
        fields = {k: v for k, v in values.items() if k not in {"code", "parent"}}
        fields["parent_id"] = components[values["parent"]].pk if values["parent"] else None
        components[code] = _sync(
            components.get(code), partial(Component, fiscal_year=fy, code=code), fields, counts["components"]
        )

    indicators = {i.code: i for i in fy.indicators.select_related("fiscal_year")}
    for code, values in parsed.indicators.items():
        fields = dict(values)
        fields["component_id"] = components[fields.pop("component")].pk
        host = fields.pop("host_agency")
        fields["host_agency_id"] = agencies[host].pk if host else None
        ind = _sync(
            indicators.get(code),
            partial(Indicator, fiscal_year=fy, code=code),
            fields,
            counts["indicators"],
        )
        indicators[code] = ind

    existing = {
        (a.indicator.code, a.agency.code): a
        for a in Assignment.objects.filter(indicator__fiscal_year=fy).select_related("indicator", "agency")
    }
    assignments: dict[tuple[str, str], Assignment] = {}
    for (ind_code, agency_code), values in parsed.assignments.items():
        assignments[(ind_code, agency_code)] = _sync(
            existing.get((ind_code, agency_code)),
            partial(Assignment, indicator=indicators[ind_code], agency=agencies[agency_code]),
            values,
            counts["assignments"],
        )
    for a in assignments.values():
        a.indicator = indicators[a.indicator.code]  # the cached year spares the signals a query per row

    old_targets = {
        (t.assignment.indicator.code, t.assignment.agency.code, t.period.code): t
        for t in Target.objects.filter(assignment__indicator__fiscal_year=fy).select_related(
            "assignment__indicator", "assignment__agency", "period"
        )
    }
    for (ind_code, agency_code, period_code), value in parsed.targets.items():
        _sync(
            old_targets.get((ind_code, agency_code, period_code)),
            partial(Target, assignment=assignments[(ind_code, agency_code)], period=periods[period_code]),
            {"value": value},
            counts["targets"],
        )

    over_time: list[tuple[SheetSpec, Any, dict[tuple[str, str], dict[str, Any]], Any]] = [
        (PERIOD_CRITERIA, PeriodCriteria, parsed.period_criteria, gettext_lazy("criteria of %(key)s")),
        (PLAN_CURVE, PlanPoint, parsed.plan_points, gettext_lazy("plan point %(key)s")),
    ]
    old_over_time: list[dict[tuple[str, str], Any]] = []
    for spec, model, wanted, _template in over_time:
        old = {
            (x.indicator.code, x.period.code): x
            for x in model.objects.filter(indicator__fiscal_year=fy).select_related("indicator", "period")
        }
        old_over_time.append(old)
        for (ind_code, period_code), values in wanted.items():
            _sync(
                old.get((ind_code, period_code)),
                partial(model, indicator=indicators[ind_code], period=periods[period_code]),
                values,
                counts[spec.key],
            )

    # What the workbook leaves out goes, unless someone's data depends on it: each kind of row left out,
    # as {shown key: row}, in the order they are deleted.
    # Targets are checked as part of their assignment: nothing outside the framework hangs on a target.
    gone: list[tuple[SheetSpec, type[models.Model] | None, Any, dict[str, Any]]] = [
        *(
            (spec, None, template, {" / ".join(k): x for k, x in old.items() if k not in wanted})
            for (spec, _model, wanted, template), old in zip(over_time, old_over_time, strict=True)
        ),
        (
            TARGETS,
            None,
            gettext_lazy("target %(key)s"),
            {" / ".join(k): t for k, t in old_targets.items() if k not in parsed.targets},
        ),
        (
            ASSIGNMENTS,
            Assignment,
            gettext_lazy("assignment %(key)s"),
            {" / ".join(k): a for k, a in existing.items() if k not in parsed.assignments},
        ),
        (
            INDICATORS,
            Indicator,
            gettext_lazy("indicator %(key)s"),
            {c: i for c, i in indicators.items() if c not in parsed.indicators},
        ),
        (
            COMPONENTS,
            Component,
            gettext_lazy("component %(key)s"),
            {c: x for c, x in components.items() if c not in parsed.components},
        ),
    ]
    errors: list[WorkbookError] = []
    for spec, model, template, rows in gone:
        if model is None:
            continue
        errors += blocked_removals(model, {row.pk: key for key, row in rows.items()}, template, spec)
    if errors:
        return errors
    for spec, _model, template, rows in gone:
        for key, row in rows.items():
            report.removed.append(Lazy(template, {"key": key}))
            row.delete()
        counts[spec.key].removed += len(rows)
    return []
