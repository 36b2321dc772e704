"""Drafting a round from the data: lagging indicators with their figures, obstacles tagged in progress
reports, recurring obstacles of the previous round, open follow-ups; each item linked to its sources,
kept out of the report until accepted, and a secretary's edits never overwritten by a re-draft."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from pramoen.core.errors import ApplicationError
from pramoen.monitoring import draft, draft_review, services
from pramoen.monitoring.models import DraftState, Observation, Obstacle, Round, Sheet
from pramoen.monitoring.report import build_report
from pramoen.progress import services as progress
from pramoen.progress.inputs import ReportInput
from tests.progress.conftest import build_world


@pytest.fixture
def data_world(personas, demo_round, django_capture_on_commit_callbacks):
    """The demo's FY2567 H1 round, plus sathon (committee 1) behind the plan on an indicator with two
    obstacles tagged in its verified Q3 report."""
    from pramoen.orgs.models import Role, RoleAssignment

    world = build_world()
    RoleAssignment.objects.create(
        user=personas["sathon.staff"], role=Role.APPROVER, agency=world.sathon_sidewalks.agency
    )
    staff = personas["sathon.staff"]
    with django_capture_on_commit_callbacks(execute=True):  # the scores are recomputed after commit
        _verified(personas, world, staff)
    return world


def _verified(personas, world, staff):
    report = progress.report_open(actor=staff, assignment=world.sathon_sidewalks, period=world.q3)
    report = progress.report_save(
        actor=staff,
        report=report,
        version=report.version,
        data=ReportInput(
            numerator=Decimal(40),
            denominator=Decimal(100),
            obstacles=[("personnel", "ขาดวิศวกรโยธา"), ("budget", "งบประมาณปรับปรุงทางเท้าไม่เพียงพอ")],
        ),
    )
    report = progress.report_submit(actor=staff, report=report, version=report.version)
    report = progress.report_host_review(
        actor=personas["publicworks.reviewer"], report=report, version=report.version
    )
    progress.report_verify(actor=personas["eval.officer"], report=report, version=report.version)


def _drafts(sheet, model):
    return list(model.every.filter(sheet=sheet, draft_state=DraftState.DRAFT))


def test_a_new_round_is_drafted_from_the_data_with_links_to_its_sources(personas, data_world):
    result = draft.round_draft(actor=personas["eval.officer"], fiscal_year=2567, period="FY")
    rnd = Round.objects.get(fiscal_year=2567, period="FY")  # opened by the draft
    assert [c["committee"] for c in result["committees"]] == [1, 2, 3, 4, 5, 6]
    sheet1 = Sheet.objects.get(round=rnd, committee__number=1)

    lagging = [o for o in _drafts(sheet1, Observation) if o.source_key.startswith("lagging:")]
    sathon = next(o for o in lagging if "สาทร" in o.text)
    assert sathon.level == "district" and "เร่งรัด" in sathon.text
    assert sathon.sub_items == [
        "ตัวชี้วัด ๑.๔ ตัวชี้วัด 1.4: ผล ๔๐ เทียบกับ ๗๔.๘๖ ตามแผน (ค่าเป้าหมาย ๑๐๐)"
    ]  # at the end of Q3
    assert sathon.sources[0]["url"] == f"/progress/trail/{data_world.sathon_sidewalks.pk}/Q3/"

    tagged = {o.text: o for o in _drafts(sheet1, Obstacle) if o.source_key.startswith("tagged:")}
    assert set(tagged) == {"ขาดวิศวกรโยธา", "งบประมาณปรับปรุงทางเท้าไม่เพียงพอ"}
    engineers = tagged["ขาดวิศวกรโยธา"]
    assert (engineers.component, engineers.aspect, engineers.level) == ("1", "personnel", "district")
    assert [a.code for a in engineers.agencies.all()] == ["1028"]
    assert "/progress/trail/" in engineers.sources[0]["url"]

    recurring = [o for o in _drafts(sheet1, Obstacle) if o.source_key.startswith("recurring:")]
    assert recurring and all("bma-oss" in o.systems or o.systems for o in recurring)
    assert all("/monitoring/2567/H1/committee/1/#item-obstacle-" in o.sources[0]["url"] for o in recurring)

    follow_ups = [o for o in _drafts(sheet1, Observation) if o.source_key.startswith("open:")]
    assert len(follow_ups) == 3  # the demo assigns three of committee 1's H1 observations
    assert all(o.sources[0]["url"].startswith("/monitoring/observations/") for o in follow_ups)

    assert build_report(round=rnd, committees=[1]).committees[0].rows[0].obstacles == []  # drafts stay out
    sheet1.refresh_from_db()
    assert "ตัวชี้วัด" in sheet1.summary and "ติดตาม" in sheet1.summary and sheet1.drafted_at


def test_a_secretarys_edit_survives_a_re_draft(personas, data_world):
    draft.round_draft(actor=None, fiscal_year=2567, period="FY", committees=[1])
    sheet1 = Sheet.objects.get(round__fiscal_year=2567, round__period="FY", committee__number=1)
    secretary = personas["committee1.secretary"]
    drafted = {o.text: o for o in _drafts(sheet1, Obstacle)}
    edited = services.item_update(
        actor=secretary, item=drafted["ขาดวิศวกรโยธา"], expected_version=None, text="ขาดวิศวกรโยธาในสำนักงานเขต"
    )
    dropped = draft_review.draft_decide(
        actor=secretary, item=drafted["งบประมาณปรับปรุงทางเท้าไม่เพียงพอ"], accept=False, expected_version=None
    )
    lag = next(o for o in _drafts(sheet1, Observation) if o.source_key.startswith("lagging:"))
    accepted = draft_review.draft_decide(actor=secretary, item=lag, accept=True, expected_version=None)
    draft_review.summary_save(actor=secretary, sheet=sheet1, text="สรุปของเลขานุการ", expected_version=None)
    pending = next(o for o in _drafts(sheet1, Observation) if o.source_key.startswith("open:"))
    Observation.every.filter(pk=pending.pk).update(text="stale")

    result = draft.round_draft(actor=None, fiscal_year=2567, period="FY", committees=[1])

    row = result["committees"][0]
    assert row["new"] == 0 and row["kept"] == 3 and row["refreshed"] > 0
    edited.refresh_from_db()
    assert edited.text == "ขาดวิศวกรโยธาในสำนักงานเขต" and edited.draft_state == DraftState.FINAL
    dropped.refresh_from_db()
    assert dropped.draft_state == DraftState.DROPPED  # not drafted again
    accepted.refresh_from_db()
    assert accepted.draft_state == DraftState.FINAL
    pending.refresh_from_db()
    assert pending.text != "stale"  # a draft nobody touched is refreshed from the data
    sheet1.refresh_from_db()
    assert sheet1.summary == "สรุปของเลขานุการ"
    report = build_report(round=sheet1.round, committees=[1]).committees[0]
    texts = [line.text for r in report.rows for a in r.obstacles for b in a.levels for line in b.lines]
    assert texts == ["ขาดวิศวกรโยธาในสำนักงานเขต"]
    assert [line.text for b in report.observations for line in b.lines] == [accepted.text]


def test_the_command_the_buttons_and_who_may_use_them(personas, data_world, client_for, run_jobs):
    out = io.StringIO()
    call_command(
        "monitoring_draft", "--fiscal-year", "๒๕๖๗", "--period", "FY", "--committee", "1", stdout=out
    )
    assert "committee 1:" in out.getvalue() and "drafted (1 committee(s))" in out.getvalue()
    with pytest.raises(CommandError, match="No committee 9"):
        call_command("monitoring_draft", "--fiscal-year", "2567", "--period", "FY", "--committee", "9")
    with pytest.raises(CommandError, match="Buddhist Era"):
        call_command("monitoring_draft", "--fiscal-year", "2024", "--period", "FY")


@pytest.mark.django_db(transaction=True)  # the worker commits as it would in production
def test_the_buttons_start_the_draft_job_and_who_may_use_them(
    reference_data, personas, data_world, client_for, run_jobs
):
    draft.round_for_draft(actor=None, fiscal_year=2567, period="FY")

    assert client_for("committee1.secretary").post("/monitoring/2567/FY/draft/").status_code == 403
    assert client_for("bangrak.staff").post("/monitoring/2567/FY/committee/1/draft/").status_code == 403
    started = client_for("eval.officer").post("/monitoring/2567/FY/draft/")
    assert started.status_code == 302 and started["Location"].startswith(
        "/jobs/"
    )  # followed on the job's page
    # (the demo round's published report files are queued as jobs too)
    (job,) = [j for j in run_jobs() if j.kind == "monitoring_draft"]
    assert job.state == "done" and len(job.summary["committees"]) == 6 and "6" in job.outcome[0]
    assert "2567" in job.label and "FY" not in job.label  # the period by its Thai name, never its code
    secretary = client_for("committee1.secretary")
    assert secretary.post("/monitoring/2567/FY/committee/1/draft/").status_code == 302
    (job,) = run_jobs()
    assert [c["committee"] for c in job.summary["committees"]] == [
        1
    ] and job.started_by.username == "committee1.secretary"
    page = secretary.get("/monitoring/2567/FY/committee/1/")
    assert page.status_code == 200 and 'data-testid="drafts"' in page.content.decode()
    sheet1 = Sheet.objects.get(round__fiscal_year=2567, round__period="FY", committee__number=1)
    item = _drafts(sheet1, Obstacle)[0]
    assert (
        client_for("committee4.secretary")
        .post(f"/monitoring/drafts/obstacle/{item.pk}/", {"decision": "accept"})
        .status_code
        == 403
    )
    assert (
        secretary.post(f"/monitoring/drafts/obstacle/{item.pk}/", {"decision": "accept"}).status_code == 302
    )
    item.refresh_from_db()
    assert item.draft_state == DraftState.FINAL
    response = secretary.post(f"/monitoring/drafts/obstacle/{item.pk}/", {"decision": "drop"}, follow=True)
    assert "ไม่ใช่ร่าง" in response.content.decode() or "no longer a draft" in response.content.decode()


def test_a_published_round_is_not_drafted(personas, demo_round):
    with pytest.raises(ApplicationError, match="published"):
        draft.round_draft(actor=None, fiscal_year=2567, period="H1", committees=[1])


def test_an_obstacle_on_indicator_3_2_of_component_3_lands_on_the_reports_row_3_2(personas, data_world):
    """The framework's component 3 holds indicators 3.1 and 3.2; the report gives each a row of its own."""
    from pramoen.framework.models import Assignment, Component, Indicator, Target

    fy = data_world.q3.fiscal_year
    potential = Component.objects.create(fiscal_year=fy, code="3", name_th="องค์ประกอบที่ ๓", weight=20)
    budget = Indicator.objects.create(
        fiscal_year=fy, component=potential, code="3.2", name_th="การเบิกจ่าย", method="ratio",
        t1=60, t2=70, t3=80, t4=90, t5=100,
    )  # fmt: skip
    sathon = data_world.sathon_sidewalks.agency
    assignment = Assignment.objects.create(indicator=budget, agency=sathon, weight=10, role="sole")
    Target.objects.create(assignment=assignment, period=data_world.q3, value=Decimal(100))
    staff = personas["sathon.staff"]
    report = progress.report_open(actor=staff, assignment=assignment, period=data_world.q3)
    report = progress.report_save(
        actor=staff, report=report, version=report.version,
        data=ReportInput(numerator=Decimal(30), denominator=Decimal(100),
                         obstacles=[("management", "ประกวดราคาแล้วไม่มีผู้ยื่นเสนอราคา")]),
    )  # fmt: skip
    report = progress.report_submit(actor=staff, report=report, version=report.version)
    progress.report_verify(actor=personas["eval.officer"], report=report, version=report.version)
    draft.round_draft(actor=None, fiscal_year=2567, period="FY", committees=[1])
    sheet1 = Sheet.objects.get(round__fiscal_year=2567, round__period="FY", committee__number=1)
    drafted = {o.text: o for o in _drafts(sheet1, Obstacle)}
    assert drafted["ประกวดราคาแล้วไม่มีผู้ยื่นเสนอราคา"].component == "3.2"
    assert drafted["ขาดวิศวกรโยธา"].component == "1"


def test_a_draft_is_edited_from_the_drafts_list_and_the_edit_accepts_it(personas, data_world, client_for):
    draft.round_draft(actor=None, fiscal_year=2567, period="FY", committees=[1])
    sheet1 = Sheet.objects.get(round__fiscal_year=2567, round__period="FY", committee__number=1)
    item = next(o for o in _drafts(sheet1, Obstacle) if o.text == "ขาดวิศวกรโยธา")
    url = f"/monitoring/items/obstacle/{item.pk}/"
    secretary = client_for("committee1.secretary")
    page = secretary.get("/monitoring/2567/FY/committee/1/").content.decode()
    drafts = page[page.index('data-testid="drafts"') :]
    assert f'hx-get="{url}" hx-target="#draft-obstacle-{item.pk}"' in drafts  # the list's Edit button
    # the edit form it opens posts through htmx: the section hands it the CSRF token (#sheet-body's is
    # out of reach), else Ctrl+Enter and Close are refused with 403
    assert (
        "X-CSRFToken" in page[page.rindex("<section", 0, page.index('data-testid="drafts"')) :].split(">")[0]
    )
    assert client_for("committee4.secretary").get(url).status_code == 403
    form = secretary.get(url)
    assert form.status_code == 200 and f'name="obstacle-{item.pk}-text"' in form.content.decode()
    prefix = f"obstacle-{item.pk}-"
    sheet1.refresh_from_db()
    data = {prefix + k: v for k, v in {"component": item.component, "aspect": item.aspect, "level": item.level,
            "text": "ขาดวิศวกรโยธาควบคุมงานทางเท้า", "indicator": "", "numbered": "on"}.items()}  # fmt: skip
    data[prefix + "agencies"] = [a.pk for a in item.agencies.all()]
    saved = secretary.post(url, {**data, "version": str(sheet1.version), "close": "1"})
    assert saved.status_code == 200
    item.refresh_from_db()
    assert item.text == "ขาดวิศวกรโยธาควบคุมงานทางเท้า" and item.draft_state == DraftState.FINAL
    page = secretary.get("/monitoring/2567/FY/committee/1/").content.decode()
    assert f"#draft-obstacle-{item.pk}" not in page and "ขาดวิศวกรโยธาควบคุมงานทางเท้า" in page
