from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from pramoen.feeds.complaints.models import ComplaintSettings, Ticket, TicketExclusion
from pramoen.feeds.complaints.selectors import district_kpis
from pramoen.framework.periods import period_bounds
from pramoen.orgs.models import Agency
from pramoen.scoring.methods import MethodContext, get_method

from .conftest import API_HEADER, api_row, inside, offset, write_csv

Q1_2566 = (dt.date(2022, 10, 1), dt.date(2022, 12, 31))


@pytest.fixture
def bangrak_tickets(tmp_path, run_import):
    p = inside(1004)
    far = [offset(p, 40 * i - 200) for i in range(12)]  # 40 m apart: no duplicates unless placed together
    rows = [
        # 2022-09-30 17:30 UTC is 1 Oct 00:30 in Bangkok → inside FY2566 Q1
        api_row("2022-K00001", far[0], "2022-09-30 17:30:00+00", state="เสร็จสิ้น", star="5", count_reopen="1"),
        # 2022-09-30 16:59 UTC is 30 Sep 23:59 in Bangkok → outside
        api_row("2022-K00002", far[1], "2022-09-30 16:59:00+00", state="เสร็จสิ้น"),
        # 2022-12-31 16:59 UTC is 31 Dec 23:59 in Bangkok → inside; 17:00 is 1 Jan → outside
        api_row("2022-K00003", far[2], "2022-12-31 16:59:00+00", state="เสร็จสิ้น", star="3"),
        api_row("2022-K00004", far[3], "2022-12-31 17:00:00+00", state="เสร็จสิ้น"),
        api_row("2022-K00005", far[4], "2022-11-01 01:00:00+00", state="ไม่เกี่ยวข้อง"),
        api_row("2022-K00006", far[5], "2022-11-01 01:00:00+00", state="ส่งต่อ(ใหม่)"),
        api_row("2022-K00007", far[6], "2022-11-01 01:00:00+00", state="กำลังดำเนินการ"),
        # duplicate of K00007 (same point, a day later, same tag), itself finished
        api_row("2022-K00008", far[6], "2022-11-02 01:00:00+00", state="เสร็จสิ้น"),
        api_row("2022-K00009", far[8], "2022-11-03 01:00:00+00", state="ของบประมาณ"),
        api_row("2022-K00010", far[9], "2022-11-04 01:00:00+00", state="เสร็จสิ้น", star="4"),
        # not relevant AND a duplicate of K00010: the first match (not_relevant) wins
        api_row("2022-K00011", far[9], "2022-11-04 02:00:00+00", state="ไม่เกี่ยวข้อง"),
    ]
    run_import(write_csv(tmp_path / "k.csv", API_HEADER, rows))


def _bangrak(report):
    return next(r for r in report["districts"] if r["code"] == "1004")


def test_the_kpi_follows_the_exclusion_order_and_bangkok_dates(bangrak_tickets):
    report = district_kpis(start=Q1_2566[0], end=Q1_2566[1])
    r = _bangrak(report)
    assert r["received"] == 9  # K1, K3, K5..K11
    assert r["excluded"] == {"not_relevant": 2, "forwarded": 1, "duplicate": 1, "appeal": 0}
    assert r["counted"] == 5  # K1, K3, K7, K9, K10
    assert r["resolved"] == 3  # K1, K3, K10
    assert r["kpi_percent"] == 60.0
    assert (r["mean_star"], r["rated"]) == (4.0, 3)
    assert r["reopened"] == 1
    assert (r["resolved_if_pending_steps_done"], r["kpi_percent_if_pending_steps_done"]) == (4, 80.0)
    assert r["median_days_to_resolve"] is None  # the API export has no last_activity
    others = [d for d in report["districts"] if d["code"] != "1004"]
    assert all(d["received"] == 0 and d["kpi_percent"] is None for d in others)
    assert len(report["districts"]) == 50


def test_dedup_off_counts_the_duplicate(bangrak_tickets):
    r = _bangrak(district_kpis(start=Q1_2566[0], end=Q1_2566[1], dedup=False))
    assert r["excluded"]["duplicate"] == 0
    assert (r["counted"], r["resolved"], r["kpi_percent"]) == (6, 4, 66.67)


def test_an_approved_appeal_excludes_the_ticket(bangrak_tickets):
    TicketExclusion.objects.create(ticket=Ticket.objects.get(ticket_id="2022-K00007"), reference="appeal #1")
    r = _bangrak(district_kpis(start=Q1_2566[0], end=Q1_2566[1]))
    assert r["excluded"]["appeal"] == 1
    assert (r["counted"], r["resolved"], r["kpi_percent"]) == (4, 3, 75.0)


def test_the_fiscal_years_resolved_states_are_used(bangrak_tickets):
    ComplaintSettings.objects.create(fiscal_year=2566, resolved_states=["เสร็จสิ้น", "ของบประมาณ"])
    r = _bangrak(district_kpis(start=Q1_2566[0], end=Q1_2566[1]))
    assert (r["resolved"], r["kpi_percent"]) == (4, 80.0)
    r = _bangrak(district_kpis(start=dt.date(2023, 10, 1), end=dt.date(2023, 12, 31)))
    assert r["kpi_percent"] is None  # another fiscal year, no tickets


def test_fairness_peer_groups_rates_and_no_ranking_below_the_minimum(bangrak_tickets):
    report = district_kpis(start=Q1_2566[0], end=Q1_2566[1])
    r = _bangrak(report)
    assert r["peer_group"] in {"inner", "middle", "outer"}
    assert r["per_10k_residents"] == round(9 * 10000 / r["population"], 2)
    assert r["rank_in_peer_group"] is None  # 5 counted < 30
    ComplaintSettings.objects.create(fiscal_year=2566, resolved_states=["เสร็จสิ้น"], min_tickets_for_ranking=5)
    r = _bangrak(district_kpis(start=Q1_2566[0], end=Q1_2566[1]))
    assert r["rank_in_peer_group"] == 1
    groups = [d["peer_group"] for d in report["districts"]]
    assert sorted({g: groups.count(g) for g in groups}.values()) == [16, 17, 17]


def test_the_command_prints_the_json_shape(bangrak_tickets):
    out = io.StringIO()
    call_command("complaint_kpi", "--fiscal-year", "2566", "--period", "Q1", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["start"], data["end"]) == ("2022-10-01", "2022-12-31")
    row = next(d for d in data["districts"] if d["code"] == "1004")
    assert set(row) >= {"code", "name_th", "received", "excluded", "counted", "resolved", "kpi_percent",
                        "mean_star", "rated", "reopened"}  # fmt: skip
    assert set(row["excluded"]) == {"not_relevant", "forwarded", "duplicate", "appeal"}
    assert data["unattributed"] == 0
    out = io.StringIO()
    call_command("complaint_kpi", "--from", "2022-10-01", "--to", "2022-12-31", "--dedup", "off", stdout=out)
    assert next(d for d in json.loads(out.getvalue())["districts"] if d["code"] == "1004")["counted"] == 6


def test_the_command_writes_table_and_xlsx(bangrak_tickets, tmp_path):
    out = io.StringIO()
    call_command("complaint_kpi", "--fiscal-year", "2566", "--period", "Q1", "--format", "table", stdout=out)
    assert "1004" in out.getvalue() and "60.0" in out.getvalue()
    target = tmp_path / "kpi.xlsx"
    call_command(
        "complaint_kpi",
        "--fiscal-year",
        "2566",
        "--period",
        "Q1",
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    ws = load_workbook(target).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "code" and any(r[0] == "1004" and r[9] == 60.0 for r in rows[2:])


def test_the_command_refuses_bad_arguments(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("complaint_kpi", "--fiscal-year", "2566", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("complaint_kpi", "--fiscal-year", "2566", "--period", "Q9", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("complaint_kpi", "--from", "2022-12-31", "--to", "2022-10-01", stdout=io.StringIO())


def test_periods_of_a_fiscal_year():
    assert period_bounds(2566, "Q1") == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert period_bounds(2566, "H2") == (dt.date(2023, 4, 1), dt.date(2023, 9, 30))
    assert period_bounds(2567, "FY") == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


def test_the_import_command_works_on_a_freshly_migrated_database(tmp_path, db):
    path = write_csv(tmp_path / "a.csv", API_HEADER, [api_row("2022-M00001", inside(1001), "2022-11-01 01:00:00+00"),
                                                      api_row("", inside(1001), "2022-11-01 01:00:00+00")])  # fmt: skip
    out = io.StringIO()
    call_command("import_complaints", str(path), stdout=out)
    assert "อ่าน 2 แถว เพิ่มใหม่ 1" in out.getvalue()  # Thai first
    assert "แถวที่ 3 คอลัมน์ ticket_id: ไม่มีค่า" in out.getvalue()  # rejected rows in Thai too
    with translation.override("en"):
        out = io.StringIO()
        call_command("import_complaints", str(path), stdout=out)
    assert "2 rows read, 0 inserted, 0 updated, 1 unchanged, 1 rejected" in out.getvalue()
    assert "row 3, ticket_id: missing" in out.getvalue()


def test_the_complaints_method_scores_a_district_office(bangrak_tickets):
    office = Agency.objects.get(district__code=1004)
    ctx = MethodContext(
        agency_id=office.pk, agency_code=office.code, fiscal_year=2566, period_code="Q1",
        period_start=Q1_2566[0], period_end=Q1_2566[1], indicator_code="4.1",
    )  # fmt: skip
    result = get_method("complaints").compute(ctx)
    assert str(result.actual) == "60.0"
    assert result.inputs["counted"] == 5 and result.exclusions["duplicate"] == {"count": 1}
    assert "๖๐.๐๐" in result.explanation
    overridden = get_method("complaints").compute(
        MethodContext(
            **{**ctx.__dict__, "params": {"dedup": False, "resolved_states": ["เสร็จสิ้น", "ของบประมาณ"]}}
        )
    )
    assert overridden.inputs["counted"] == 6 and str(overridden.actual) == "83.33"
    bureau = Agency.objects.exclude(kind="district_office").first()
    if bureau is not None:
        other = get_method("complaints").compute(MethodContext(**{**ctx.__dict__, "agency_id": bureau.pk}))
        assert other.actual is None


def test_the_dedup_command_recomputes_a_window(bangrak_tickets):
    from pramoen.feeds.complaints.models import TicketDistrict

    TicketDistrict.objects.update(duplicate_of=None)
    assert _bangrak(district_kpis(start=Q1_2566[0], end=Q1_2566[1]))["excluded"]["duplicate"] == 0
    out = io.StringIO()
    call_command("complaint_dedup", "--fiscal-year", "2566", "--period", "Q1", stdout=out)
    assert "2 duplicates among the tickets created from 2022-10-01 to 2022-12-31" in out.getvalue()
    assert _bangrak(district_kpis(start=Q1_2566[0], end=Q1_2566[1]))["excluded"]["duplicate"] == 1
    assert TicketDistrict.objects.get(ticket__ticket_id="2022-K00008").duplicate_of.ticket_id == "2022-K00007"
    # a window without those tickets finds none and leaves them alone
    out = io.StringIO()
    call_command("complaint_dedup", "--from", "2023-03-01", "--to", "2023-03-31", stdout=out)
    assert out.getvalue().startswith("0 duplicates")
    assert TicketDistrict.objects.exclude(duplicate_of=None).count() == 2


def test_the_median_is_left_out_only_when_asked_and_nothing_else_changes(bangrak_tickets):
    for ticket_id, days in (("2022-K00001", 2), ("2022-K00010", 4)):
        ticket = Ticket.objects.get(ticket_id=ticket_id)
        Ticket.objects.filter(pk=ticket.pk).update(
            resolved_at=ticket.created_at + dt.timedelta(days=days), resolved_at_source="last_activity"
        )
    full = _bangrak(district_kpis(start=Q1_2566[0], end=Q1_2566[1]))
    lean = _bangrak(district_kpis(start=Q1_2566[0], end=Q1_2566[1], medians=False))
    assert (full["median_days_to_resolve"], full["median_days_source"]) == (3.0, "last_activity")
    assert (lean["median_days_to_resolve"], lean["median_days_source"]) == (None, None)
    for key in ("median_days_to_resolve", "median_days_source"):
        full.pop(key), lean.pop(key)
    assert lean == full
