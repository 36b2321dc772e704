"""The framework workbook: exact round trip, every error with its sheet/row/column, all-or-nothing, idempotence."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from pramoen.core.audit import acting_as
from pramoen.core.models import AuditEntry
from pramoen.framework.demo import load_framework_demo
from pramoen.framework.models import (
    Assignment,
    Component,
    FiscalYear,
    Indicator,
    PeriodCriteria,
    PlanPoint,
    Target,
)
from pramoen.framework.workbook import (
    WorkbookInvalid,
    framework_workbook_export,
    framework_workbook_import,
)

COMPONENTS, INDICATORS = "องค์ประกอบ (components)", "ตัวชี้วัด (indicators)"
ASSIGNMENTS, TARGETS = "การมอบหมาย (assignments)", "ค่าเป้าหมาย (targets)"


@pytest.fixture
def demo(personas):
    with acting_as(label="system:test"):
        load_framework_demo()
    return personas["eval.officer"]


def cells(data: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def edit(data: bytes, changes: dict[tuple[str, str], object], *, drop=None, drop_sheet=None) -> bytes:
    """``{(sheet, "G3"): value}`` applied to a copy of the workbook; ``drop(values)`` leaves data rows out."""
    wb = load_workbook(io.BytesIO(data))
    for (sheet, ref), value in changes.items():
        wb[sheet][ref] = value
    if drop is not None:
        for title in (COMPONENTS, INDICATORS, ASSIGNMENTS, TARGETS):
            ws = wb[title]
            keep = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=3)]
            ws.delete_rows(3, ws.max_row)
            for values in keep:
                if not drop(title, values):
                    ws.append(values)
    if drop_sheet:
        del wb[drop_sheet]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (FiscalYear, Component, Indicator, Assignment, Target, AuditEntry)
    )


def row_of(data: bytes, sheet: str, *key: str) -> int:
    for number, row in enumerate(cells(data)[sheet], start=1):
        if tuple(str(v) for v in row[: len(key)]) == key:
            return number
    raise AssertionError(key)


def test_it_round_trips_the_demo_framework_exactly(demo):
    first = framework_workbook_export(actor=demo, fiscal_year=2567)
    report = framework_workbook_import(actor=demo, fiscal_year=2568, source=first)
    again = framework_workbook_export(actor=demo, fiscal_year=2568)
    assert cells(again) == cells(first)
    fy67, fy68 = FiscalYear.objects.get(year=2567), FiscalYear.objects.get(year=2568)
    n_targets = Target.objects.filter(assignment__indicator__fiscal_year=fy67).count()
    assert report.counts["targets"].created == n_targets > 1000
    assert report.counts["indicators"].created == fy67.indicators.count() == 19
    one_map = Indicator.objects.get(fiscal_year=fy68, code="1.1")
    assert (one_map.multi_year_span, one_map.multi_year_share, one_map.t5) == (3, D(40), D(100))
    sheet = cells(first)[INDICATORS]
    assert sheet[0][0] == "รหัส" and sheet[1][:3] == ("code", "component", "name_th")


def test_the_workbook_has_frozen_headers_and_drop_down_lists(demo):
    wb = load_workbook(io.BytesIO(framework_workbook_export(actor=demo, fiscal_year=2567)))
    ws = wb[INDICATORS]
    assert ws.freeze_panes == "B3"
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas["G3"].startswith("'รายการค่า (lists)'!$C$2")  # method, beside agency code and name
    lists = wb["รายการค่า (lists)"]
    methods = [c.value for c in lists["C"][1:] if c.value]
    assert {"ratio", "action_plan", "complaints", "online_services", "budget_disbursement"} <= set(methods)


def test_importing_the_same_workbook_again_changes_nothing(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    before = counts()
    report = framework_workbook_import(actor=demo, fiscal_year=2567, source=data)
    assert report.changed == 0 and counts() == before
    assert report.counts["targets"].unchanged == Target.objects.count()


def test_every_error_is_reported_at_once_with_sheet_row_and_column(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    sheets = cells(data)
    r12 = row_of(data, INDICATORS, "1.2")
    t_first = 3
    bad = edit(
        data,
        {
            (COMPONENTS, "D3"): -5,
            (INDICATORS, "G3"): "magic",
            (INDICATORS, f"L{r12}"): sheets[INDICATORS][r12 - 1][10],  # t3 = t2
            (INDICATORS, "H4"): "{not json",
            (INDICATORS, "R5"): "9999",
            (INDICATORS, "J6"): "sixty",
            (INDICATORS, "O7"): 7,
            (ASSIGNMENTS, "B3"): "nowhere",
            (ASSIGNMENTS, "D4"): "1,5x",
            (ASSIGNMENTS, "B6"): sheets[ASSIGNMENTS][4][1],  # same indicator and agency as row 5
            (ASSIGNMENTS, "E8"): "boss",
            (TARGETS, f"D{t_first}"): "M13",
            (TARGETS, "E4"): 1.23456,
        },
    )
    before = counts()
    with pytest.raises(WorkbookInvalid) as caught:
        framework_workbook_import(actor=demo, fiscal_year=2567, source=bad)
    found = {(e.sheet, e.row, e.column) for e in caught.value.errors}
    assert {
        (COMPONENTS, 3, "D (weight)"),
        (INDICATORS, 3, "G (method)"),
        (INDICATORS, r12, "L (t3)"),
        (INDICATORS, 4, "H (params)"),
        (INDICATORS, 5, "R (host_agency)"),
        (INDICATORS, 6, "J (t1)"),
        (INDICATORS, 7, "O (floor)"),
        (ASSIGNMENTS, 3, "B (agency)"),
        (ASSIGNMENTS, 4, "D (weight)"),
        (ASSIGNMENTS, 6, "B (agency)"),
        (ASSIGNMENTS, 8, "E (role)"),
        (TARGETS, 3, "D (period)"),
        (TARGETS, 4, "E (value)"),
    } <= found
    by_place = {(e.sheet, e.row, e.column): e for e in caught.value.errors}
    monotone = by_place[(INDICATORS, r12, "L (t3)")]
    assert monotone.message_en.startswith("T3 (70) must be greater than T2 (70)")
    with translation.override("th"):
        assert "T3" in monotone.message and "มากกว่า" in monotone.message
    assert "already on row 5" in by_place[(ASSIGNMENTS, 6, "B (agency)")].message_en
    assert "more than 4 decimal places" in by_place[(TARGETS, 4, "E (value)")].message_en
    assert "magic" in by_place[(INDICATORS, 3, "G (method)")].message_en
    assert counts() == before  # nothing saved


def test_lower_is_better_thresholds_must_fall(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    bad = edit(data, {(INDICATORS, "I3"): "lower"})
    with pytest.raises(WorkbookInvalid) as caught:
        framework_workbook_import(actor=demo, fiscal_year=2567, source=bad)
    [error] = caught.value.errors
    assert (error.sheet, error.row, error.column) == (INDICATORS, 3, "K (t2)")
    assert "lower is better" in error.message_en
    # the same thresholds reversed are fine
    row = cells(data)[INDICATORS][2]
    good = edit(
        data,
        {
            (INDICATORS, "I3"): "lower",
            **{(INDICATORS, f"{c}3"): v for c, v in zip("JKLMN", row[9:14][::-1], strict=True)},
        },
    )
    framework_workbook_import(actor=demo, fiscal_year=2567, source=good)
    assert Indicator.objects.get(fiscal_year__year=2567, code=row[0]).higher_is_better is False


def test_references_across_sheets_are_checked(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    bad = edit(
        data,
        {
            (INDICATORS, "B3"): "9",  # no such component
            (ASSIGNMENTS, "A3"): "7.7",  # no such indicator
            (TARGETS, "B3"): "public-works",  # 1.1 is given to the district offices only
        },
    )
    with pytest.raises(WorkbookInvalid) as caught:
        framework_workbook_import(actor=demo, fiscal_year=2567, source=bad)
    found = {(e.sheet, e.row, e.column) for e in caught.value.errors}
    assert {(INDICATORS, 3, "B (component)"), (ASSIGNMENTS, 3, "A (indicator)")} <= found
    assert any(
        e.sheet == TARGETS and e.row == 3 and "assignments sheet" in e.message_en for e in caught.value.errors
    )


def test_sub_components_round_trip_and_bad_parents_are_named(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    comps = cells(data)[COMPONENTS]
    assert comps[1][-1] == "parent"
    # each component is followed by its sub-components: 1, 1.1 (part of 1), 2, 3, 4
    assert [(row[0], row[-1]) for row in comps[2:]] == [
        ("1", None),
        ("1.1", "1"),
        ("2", None),
        ("3", None),
        ("4", None),
    ]
    sub = row_of(data, COMPONENTS, "1.1")
    four = row_of(data, COMPONENTS, "4")
    bad = edit(
        data,
        {
            (COMPONENTS, f"H{sub}"): "1.1",  # part of itself
            (COMPONENTS, f"H{four}"): "9",  # no such component
            (COMPONENTS, f"H{row_of(data, COMPONENTS, '2')}"): "1.1",  # 1.1 is a sub-component already
        },
    )
    with pytest.raises(WorkbookInvalid) as caught, translation.override("en"):
        framework_workbook_import(actor=demo, fiscal_year=2567, source=bad)
    with translation.override("en"):
        found = {(e.row, e.message_en) for e in caught.value.errors if e.sheet == COMPONENTS}
    assert (sub, "A component cannot be part of itself.") in found
    assert (four, "No component 9 on the components sheet.") in found
    assert any("is itself a sub-component" in message for _row, message in found)
    assert Component.objects.get(fiscal_year__year=2567, code="1.1").parent.code == "1"  # nothing saved
    # moved under component 3 by the workbook: the import saves it and the export reads it back
    moved = edit(data, {(COMPONENTS, f"H{sub}"): "3"})
    framework_workbook_import(actor=demo, fiscal_year=2567, source=moved)
    assert Component.objects.get(fiscal_year__year=2567, code="1.1").parent.code == "3"


def test_a_missing_sheet_or_column_is_reported(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    bad = edit(data, {(TARGETS, "E2"): None, (COMPONENTS, "G2"): "notes"}, drop_sheet=ASSIGNMENTS)
    with pytest.raises(WorkbookInvalid) as caught:
        framework_workbook_import(actor=demo, fiscal_year=2567, source=bad)
    found = {(e.sheet, e.row, e.column, e.message_en) for e in caught.value.errors}
    assert (ASSIGNMENTS, None, None, "The sheet การมอบหมาย (assignments) is missing.") in found
    assert (TARGETS, 2, None, "Column value is missing (row 2 holds the column keys).") in found
    assert (COMPONENTS, 2, "G (notes)", "Unknown column notes.") in found


def test_a_file_that_is_not_a_workbook_is_refused(demo):
    with translation.override("en"), pytest.raises(Exception, match="not an XLSX workbook"):
        framework_workbook_import(actor=demo, fiscal_year=2567, source=b"code,name\n1,x\n")


def test_nothing_is_saved_into_a_new_year_from_a_workbook_with_errors(demo):
    data = edit(framework_workbook_export(actor=demo, fiscal_year=2567), {(TARGETS, "E5"): "abc"})
    with pytest.raises(WorkbookInvalid):
        framework_workbook_import(actor=demo, fiscal_year=2570, source=data)
    assert not FiscalYear.objects.filter(year=2570).exists()


def test_rows_left_out_are_removed_and_a_dry_run_saves_nothing(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    # indicator 3.1 (BMA OSS) has no typed results: it, its assignments and targets may go
    smaller = edit(data, {}, drop=lambda _sheet, values: values[0] == "3.1")
    n_assign = Assignment.objects.filter(indicator__code="3.1").count()
    before = counts()
    dry = framework_workbook_import(actor=demo, fiscal_year=2567, source=smaller, dry_run=True)
    # the 50 district offices (BMA OSS) and the 26 bureaus and offices (the seven digital systems)
    assert dry.dry_run and dry.counts["assignments"].removed == n_assign == 76
    assert counts() == before
    report = framework_workbook_import(actor=demo, fiscal_year=2567, source=smaller)
    assert (report.counts["components"].removed, report.counts["indicators"].removed) == (0, 1)
    assert report.counts["targets"].removed == n_assign * 7
    assert not Indicator.objects.filter(fiscal_year__year=2567, code="3.1").exists()
    # component 3 (Potential Base) stays, with indicator 3.2
    assert list(
        Component.objects.get(fiscal_year__year=2567, code="3").indicators.values_list("code", flat=True)
    ) == ["3.2"]
    with translation.override("en"):
        assert "indicator 3.1" in [str(line) for line in report.removed]
    with translation.override("th"):
        assert "ตัวชี้วัด 3.1" in [str(line) for line in report.removed]
    assert cells(framework_workbook_export(actor=demo, fiscal_year=2567)) == cells(smaller)


def test_an_assignment_with_verified_results_is_not_removed(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    row = row_of(data, ASSIGNMENTS, "1.2")
    indicator, agency = cells(data)[ASSIGNMENTS][row - 1][:2]
    before = counts()
    smaller = edit(
        data,
        {},
        drop=lambda sheet, v: sheet in (ASSIGNMENTS, TARGETS) and (v[0], v[1]) == (indicator, agency),
    )
    with pytest.raises(WorkbookInvalid) as caught:
        framework_workbook_import(actor=demo, fiscal_year=2567, source=smaller)
    [error] = caught.value.errors
    assert (error.sheet, error.row) == (ASSIGNMENTS, None)
    assert error.message_en.startswith(f"assignment {indicator} / {agency} is not in the workbook but 9 ")
    assert counts() == before


def test_a_change_is_applied_and_audited(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    row = row_of(data, ASSIGNMENTS, "1.2")
    indicator, agency = cells(data)[ASSIGNMENTS][row - 1][:2]
    entries = AuditEntry.objects.count()
    with acting_as(demo):
        report = framework_workbook_import(
            actor=demo,
            fiscal_year=2567,
            source=edit(data, {(ASSIGNMENTS, f"D{row}"): 12.5, (INDICATORS, "D3"): "Renamed"}),
        )
    assert (report.counts["assignments"].updated, report.counts["indicators"].updated, report.changed) == (
        1,
        1,
        2,
    )
    assert Assignment.objects.get(
        indicator__fiscal_year__year=2567, indicator__code=indicator, agency__code=agency
    ).weight == D("12.5")
    new = AuditEntry.objects.filter(pk__gt=0).order_by("-pk")[:2]
    assert AuditEntry.objects.count() == entries + 2 and {e.actor_label for e in new} == {"eval.officer"}


@pytest.mark.parametrize("username", ["bangrak.staff", "executive", "committee1.secretary"])
def test_only_evaluation_officers_may_export_or_import(demo, personas, username):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    with pytest.raises(PermissionDenied):
        framework_workbook_export(actor=personas[username], fiscal_year=2567)
    with pytest.raises(PermissionDenied):
        framework_workbook_import(actor=personas[username], fiscal_year=2568, source=data)
    assert not FiscalYear.objects.filter(year=2568).exists()


def test_rules_between_columns_are_checked(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    traffy = row_of(data, ASSIGNMENTS, "4.1")
    assert cells(data)[INDICATORS][2][0] == "1.1" and cells(data)[INDICATORS][2][19:21] == (3, 40)
    bad = edit(
        data,
        {
            (INDICATORS, "R3"): None,  # host removed …
            (INDICATORS, "S3"): "yes",  # … from a joint indicator
            (INDICATORS, "U3"): None,  # a span without this year's share
            (ASSIGNMENTS, "E3"): "host",  # 1.1's host is social development, not this district
            (ASSIGNMENTS, f"B{traffy}"): "public-works",  # component 4 is for district offices only
        },
    )
    with pytest.raises(WorkbookInvalid) as caught:
        framework_workbook_import(actor=demo, fiscal_year=2567, source=bad)
    by_place = {(e.sheet, e.row, e.column): e.message_en for e in caught.value.errors}
    assert by_place[(INDICATORS, 3, "R (host_agency)")] == "A joint indicator needs a host agency."
    assert by_place[(INDICATORS, 3, "U (multi_year_share)")].startswith("A multi-year target needs both")
    assert by_place[(ASSIGNMENTS, 3, "E (role)")].endswith("is not the host agency of indicator 1.1.")
    assert by_place[(ASSIGNMENTS, traffy, "B (agency)")] == (
        "Component 4 is for district offices only; public-works is not one."
    )


PERIOD_CRITERIA, PLAN_CURVE = "เกณฑ์รายรอบ (period_criteria)", "แผนสะสม (plan_curve)"


def test_criteria_over_time_round_trip_exactly(demo):
    kpi = Indicator.objects.get(fiscal_year__year=2567, code="3.2")
    h1 = kpi.fiscal_year.periods.get(code="H1")
    PeriodCriteria.objects.create(indicator=kpi, period=h1, t1=D("30.5"), t2=35, t3=40, t4=45, t5=50)
    first = framework_workbook_export(actor=demo, fiscal_year=2567)
    sheets = cells(first)
    assert sheets[PLAN_CURVE][1] == ("indicator", "period", "share", "is_demo")
    assert ("3.2", "Q2", 45, "yes") in sheets[PLAN_CURVE] and ("1.10", "Q1", 25, "yes") in sheets[PLAN_CURVE]
    assert sheets[PERIOD_CRITERIA][2] == ("3.2", "H1", 30.5, 35, 40, 45, 50, "no")
    report = framework_workbook_import(actor=demo, fiscal_year=2568, source=first)
    assert (report.counts["plan_curve"].created, report.counts["period_criteria"].created) == (8, 1)
    assert cells(framework_workbook_export(actor=demo, fiscal_year=2568)) == sheets
    moved = PlanPoint.objects.get(indicator__fiscal_year__year=2568, indicator__code="3.2", period__code="Q2")
    assert (moved.share, moved.is_demo) == (D(45), True)
    again = framework_workbook_import(actor=demo, fiscal_year=2567, source=first)
    assert again.changed == 0
    # a row left out of the sheet goes, like any row of the workbook
    wb = load_workbook(io.BytesIO(first))
    wb[PERIOD_CRITERIA].delete_rows(3)
    out = io.BytesIO()
    wb.save(out)
    report = framework_workbook_import(actor=demo, fiscal_year=2567, source=out.getvalue())
    assert (
        report.counts["period_criteria"].removed == 1
        and not PeriodCriteria.objects.filter(period=h1).exists()
    )


def test_bad_criteria_over_time_are_named_by_sheet_row_column_and_reason(demo):
    data = framework_workbook_export(actor=demo, fiscal_year=2567)
    plan = {row[:2]: n for n, row in enumerate(cells(data)[PLAN_CURVE], start=1)}
    wb = load_workbook(io.BytesIO(data))
    wb[PERIOD_CRITERIA].append(["3.2", "H1", 30, 35, 35, 45, 50, "no"])  # row 3: T3 = T2
    wb[PERIOD_CRITERIA].append(["9.9", "M13", 1, 2, 3, 4, 5, "maybe"])  # row 4
    wb[PLAN_CURVE][f"C{plan[('3.2', 'Q3')]}"] = 40  # below Q2's 45: the plan falls
    wb[PLAN_CURVE][f"C{plan[('3.2', 'Q4')]}"] = 90  # Q4 ends with the year: must be 100
    wb[PLAN_CURVE].append(["1.2", "Q1", 0, "no"])  # 1.2 is lower-is-better … and a zero share
    out = io.BytesIO()
    wb.save(out)
    before = (PlanPoint.objects.count(), PeriodCriteria.objects.count())
    with pytest.raises(WorkbookInvalid) as caught:
        framework_workbook_import(actor=demo, fiscal_year=2567, source=out.getvalue())
    by_place = {(e.sheet, e.row, e.column): e for e in caught.value.errors}
    last = len(cells(data)[PLAN_CURVE]) + 1
    assert {
        (PERIOD_CRITERIA, 3, "E (t3)"),
        (PERIOD_CRITERIA, 4, "A (indicator)"),
        (PERIOD_CRITERIA, 4, "B (period)"),
        (PERIOD_CRITERIA, 4, "H (is_demo)"),
        (PLAN_CURVE, plan[("3.2", "Q3")], "C (share)"),
        (PLAN_CURVE, plan[("3.2", "Q4")], "C (share)"),
        (PLAN_CURVE, last, "C (share)"),
    } <= set(by_place)
    falls = by_place[(PLAN_CURVE, plan[("3.2", "Q3")], "C (share)")]
    assert falls.message_en.startswith("A cumulative plan never falls: Q3 (40)")
    assert "must be 100, not 90" in by_place[(PLAN_CURVE, plan[("3.2", "Q4")], "C (share)")].message_en
    with translation.override("th"):
        assert "แผนสะสมต้องไม่ลดลง" in falls.message and "Q3" in falls.message
        assert "T3" in by_place[(PERIOD_CRITERIA, 3, "E (t3)")].message
    assert (PlanPoint.objects.count(), PeriodCriteria.objects.count()) == before  # nothing saved
