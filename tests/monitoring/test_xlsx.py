"""A round to XLSX and back: the round trip keeps every record; a bad file names sheet, row and column
and saves nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from pramoen.core.errors import ApplicationError
from pramoen.monitoring import xlsx
from pramoen.monitoring.models import Meeting, Observation, Obstacle, Round, Suggestion
from pramoen.monitoring.report import build_report


def snapshot(rnd, numbers=None):
    report = build_report(round=rnd, committees=numbers)
    return [
        (c.number, r.component, a.aspect, b.level, line.text)
        for c in report.committees for r in c.rows for a in r.obstacles for b in a.levels for line in b.lines
    ] + [
        (c.number, r.component, b.level, line.number, line.text, tuple(line.sub_items))
        for c in report.committees for r in c.rows for b in r.suggestions for line in b.lines
    ] + [(c.number, b.level, line.number, line.text, tuple(line.sub_items)) for c in report.committees for b in c.observations for line in b.lines]  # fmt: skip


def edit(data: bytes, sheet: str, cell: str, value) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_round_trip_of_the_whole_demo_round(personas, demo_round):
    before = snapshot(demo_round)
    systems_before = sorted(
        (o.sheet.committee.number, o.text, tuple(o.systems))
        for o in Obstacle.objects.filter(sheet__round=demo_round)
    )
    data = xlsx.export_round(demo_round)
    target = Round.objects.get(fiscal_year=2568)
    data = edit(data, "round", "A2", 2568)
    summary = xlsx.import_round(actor=personas["eval.officer"], rnd=target, data=data)
    assert sorted(summary) == [1, 2, 3, 4, 5, 6] and summary[1]["obstacles"] == 14
    assert snapshot(target) == before
    systems_after = sorted(
        (o.sheet.committee.number, o.text, tuple(o.systems))
        for o in Obstacle.objects.filter(sheet__round=target)
    )
    assert systems_after == systems_before
    assert Observation.objects.filter(sheet__round=target, assignee__code="finance").count() == 1


def test_errors_name_sheet_row_and_column_and_nothing_is_saved(personas, demo_round, sheet1):
    from pramoen.monitoring import services

    services.item_create(actor=personas["eval.officer"], sheet=sheet1, kind="obstacle", expected_version=None,
                         text="บันทึกเดิม", component="1", aspect="budget")  # fmt: skip
    data = edit(xlsx.export_round(demo_round, committees=[1]), "round", "A2", 2568)
    bad = edit(data, "obstacles", "C3", "ด้านสภาพอากาศ")
    bad = edit(bad, "suggestions", "A2", 9)
    bad = edit(bad, "observations", "G2", "done")
    with pytest.raises(ApplicationError) as err:
        xlsx.import_round(actor=personas["eval.officer"], rnd=sheet1.round, data=bad)
    errors = err.value.extra["errors"]
    assert {"sheet": "obstacles", "row": 3, "field": "aspect"}.items() <= errors[0].items()
    assert any(e["sheet"] == "suggestions" and e["row"] == 2 and e["field"] == "committee" for e in errors)
    assert any(e["sheet"] == "observations" and e["field"] == "evidence" for e in errors)
    assert "row 3" in err.value.message or "แถว" in err.value.message
    assert list(Obstacle.objects.filter(sheet=sheet1).values_list("text", flat=True)) == ["บันทึกเดิม"]


def test_a_secretary_imports_only_their_committee(personas, demo_round, sheet1):
    data = edit(xlsx.export_round(demo_round, committees=[1, 4]), "round", "A2", 2568)
    with pytest.raises(ApplicationError) as err:
        xlsx.import_round(actor=personas["committee1.secretary"], rnd=sheet1.round, data=data)
    assert any(e["field"] == "committee" and "4" in e["reason"] for e in err.value.extra["errors"])
    assert not Obstacle.objects.filter(sheet__round=sheet1.round).exists()
    only1 = edit(xlsx.export_round(demo_round, committees=[1]), "round", "A2", 2568)
    assert list(xlsx.import_round(actor=personas["committee1.secretary"], rnd=sheet1.round, data=only1)) == [
        1
    ]


def test_wrong_round_published_round_and_not_a_workbook(personas, demo_round, sheet1):
    data = xlsx.export_round(demo_round, committees=[1])
    with pytest.raises(ApplicationError, match="2567 H1"):
        xlsx.import_round(actor=personas["eval.officer"], rnd=sheet1.round, data=data)
    with pytest.raises(ApplicationError, match="published"):
        xlsx.import_round(actor=personas["eval.officer"], rnd=demo_round, data=data)
    with pytest.raises(ApplicationError, match="XLSX"):
        xlsx.import_round(actor=personas["eval.officer"], rnd=sheet1.round, data=b"not a workbook")


def test_thai_labels_thai_digits_and_meetings(personas, demo_round, sheet1, committee):
    data = edit(xlsx.export_round(demo_round, committees=[1]), "round", "A2", "๒๕๖๘")
    data = edit(data, "obstacles", "B2", "๓.๑")
    wb = load_workbook(io.BytesIO(data))
    wb["meetings"].append(
        [
            "๑",
            "2567-04-22",
            "ห้องประชุม",
            "; ".join(m.name for m in committee(1).members.all()[:2]),
            "ผู้แทนเขตบางรัก",
        ]
    )
    out = io.BytesIO()
    wb.save(out)
    xlsx.import_round(actor=personas["eval.officer"], rnd=sheet1.round, data=out.getvalue())
    assert Obstacle.objects.filter(sheet=sheet1).order_by("order").first().component == "3.1"
    meeting = Meeting.objects.get(sheet=sheet1)
    assert (
        meeting.date.isoformat() == "2024-04-22" and meeting.members_present.count() == 2
    )  # BE date read as CE
    assert Suggestion.objects.filter(sheet=sheet1, agency__code="1028").exists()


def test_the_views(client_for, demo_round):
    r = client_for("executive").get("/monitoring/2567/H1/export.xlsx")
    assert r.status_code == 200 and load_workbook(io.BytesIO(r.content)).sheetnames[:2] == [
        "round",
        "obstacles",
    ]
    assert client_for("bangrak.staff").get("/monitoring/2567/H1/export.xlsx").status_code == 403
    data = edit(xlsx.export_round(demo_round, committees=[1]), "round", "A2", 2568)
    upload = io.BytesIO(edit(data, "obstacles", "C2", "bad"))
    upload.name = "r.xlsx"
    r = client_for("committee1.secretary").post("/monitoring/2568/H1/import/", {"file": upload})
    assert (
        r.status_code == 422
        and "obstacles" in r.content.decode()
        and 'data-testid="import-errors"' in r.content.decode()
    )
    good = io.BytesIO(data)
    good.name = "r.xlsx"
    assert (
        client_for("committee1.secretary").post("/monitoring/2568/H1/import/", {"file": good}).status_code
        == 302
    )
    assert Obstacle.objects.filter(sheet__round__fiscal_year=2568, sheet__committee__number=1).count() == 14
