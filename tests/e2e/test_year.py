"""A year in the life (issue 24): the evaluation year end to end, in Chromium where a person clicks and
through the API or the commands where a machine does, on PostgreSQL, with the job worker a separate
process — the joins between the apps, each step asserting what a person sees and what the database holds.

Every step of issue 24 is walked; a capability added later adds its step here.  Run alone: `make test-postgres PYTEST_ARGS="tests/e2e"`; skip locally with
`-m "not e2e"`.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from pramoen.appeals.models import AppealCategory, Decider, Effect
from pramoen.connectors.models import Pull
from pramoen.connectors.services import connector_start_from
from pramoen.core.audit import acting_as
from pramoen.core.models import AuditEntry
from pramoen.feeds.complaints.models import Ticket
from pramoen.feeds.services.demo import load_processes
from pramoen.feeds.services.systems import ensure_systems
from pramoen.framework.models import Assignment, Component, EvaluationRound, Indicator, Target
from pramoen.framework.services import fiscal_year_ensure
from pramoen.jobs.models import Job
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup, User
from pramoen.orgs.reference import load_reference
from pramoen.progress.models import ProgressReport
from pramoen.scoring.models import AgencyScore, ScoreResult
from tests.appeals.helpers import PDF, scores_of
from tests.browser.conftest import approve_appeal, confirm, file_appeal, sign_in
from tests.conftest import PASSWORD, checkout_env
from tests.connectors.fake_traffy import FakeTraffy
from tests.connectors.fake_traffy import ticket as traffy_ticket
from tests.feeds.budget.conftest import budget_csv
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv
from tests.feeds.services.conftest import csv_bytes
from tests.progress.photos import jpeg

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIVE = {"t1": D(20), "t2": D(35), "t3": D(50), "t4": D(65), "t5": D(80)}
THREE = ("1004", "1028", "1001")  # บางรัก, สาทร, พระนคร


@pytest.fixture
def year(transactional_db: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """An empty database but for the reference data and the demo personas."""
    if connection.vendor != "postgresql":
        pytest.skip("the year runs on PostgreSQL, with the worker a separate process")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        **settings.CACHES,
        "jobs": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "c"),
        },
    }
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    ensure_systems()  # the systems of 3.1, as the migration writes them (a flushed test database has none)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    db = connection.settings_dict
    env = {
        **checkout_env(),
        "PRAMOEN_TESTING": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "PRAMOEN_MEDIA_ROOT": str(tmp_path / "media"),
        "PRAMOEN_JOBS_CACHE_DIR": str(tmp_path / "c"),
    }
    return {"env": env, "tmp": tmp_path}


def worker(env: dict[str, str]) -> None:
    """`pramoen worker --burst`, a process of its own, runs what is queued."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pramoen"), "worker", "--burst"],
        env=env,
        capture_output=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]


def job_finished(page: Any) -> None:
    """The job's page shows its summary once the worker has run the job.  The page polls every second; the
    reload covers a poll a busy machine delayed, and a failed job stops the walk with its own message."""
    page.reload()
    failed = page.get_by_test_id("job-error")
    assert failed.count() == 0, failed.inner_text()
    page.get_by_test_id("job-summary").wait_for()


def last_years_framework() -> None:
    """FY2566 as the evaluation office left it: the indicators the feeds compute (3.1, 3.2, 4) for three
    district offices, and 1.4, a ratio บางรัก reports and สำนักการโยธา hosts.  Step 1 carries it into FY2567
    through the workbook, as the office does each year."""
    fy = fiscal_year_ensure(year=2566)
    load_processes()
    works = Agency.objects.get(code="public-works")
    specs = [("1.4", "ratio", works), ("3.1", "online_services", None), ("3.2", "budget_disbursement", None),
             ("4", "complaints", None)]  # fmt: skip
    components: dict[str, Component] = {}
    for order, (code, method, host) in enumerate(specs, start=1):
        part = code.split(".")[0]
        if part not in components:
            components[part] = Component.objects.create(
                fiscal_year=fy,
                code=part,
                name_th=f"องค์ประกอบที่ {part}",
                name_en=f"Component {part}",
                weight=D(10),
                order=order,
            )
        comp = components[part]
        if code == "1.4":  # in component 1's sub-component 1.1 Function Base, as the seed structures it
            comp = Component.objects.create(
                fiscal_year=fy, code="1.1", name_th="องค์ประกอบที่ ๑.๑ (Function Base)", name_en="Function Base",
                weight=D(10), order=order, parent=comp,
            )  # fmt: skip
        ind = Indicator.objects.create(
            fiscal_year=fy, component=comp, code=code, name_th=f"ตัวชี้วัด {code}", method=method, unit="%",
            host_agency=host, **FIVE,
        )  # fmt: skip
        agencies = ["1004"] if code == "1.4" else list(THREE)
        if code == "3.1":  # at bureau level too, on the seven digital systems (step 2's systems file)
            agencies.append("public-works")
        for agency in agencies:
            made = Assignment.objects.create(
                indicator=ind, agency=Agency.objects.get(code=agency), weight=D(10),
                role="supporter" if host else "sole",
            )  # fmt: skip
            if code == "1.4":
                Target.objects.create(assignment=made, period=fy.periods.get(code="H1"), value=D(100))
        if host is not None:
            Assignment.objects.create(indicator=ind, agency=host, weight=D(10), role="host")


def assignments(year: int) -> dict[str, Assignment]:
    return {
        f"{a.indicator.code}:{a.agency.code}": a
        for a in Assignment.objects.filter(indicator__fiscal_year__year=year).select_related(
            "indicator", "agency"
        )
    }


def advance(page: Any, live_server: Any, expect: str) -> None:
    """The evaluation office moves the year one step on from the rounds page."""
    page.goto(f"{live_server.url}/framework/rounds/")
    page.get_by_test_id("year-2567").get_by_test_id("advance").click()
    page.wait_for_load_state()
    assert expect in page.get_by_test_id("year-2567").get_by_test_id("step").inner_text()


def every_period_opens(officer: User) -> None:
    """Every period of FY2567 opens on the scorecards, the ranking and every stored score's explain page, as
    the evaluation office and as an agency's staff: no 5xx; "no data yet" where nothing is stored; and after
    a recompute of every period the pages still open on the current round (H1), not the whole year."""
    from pramoen.framework.models import Period

    call_command("recompute_scores", "--fiscal-year", "2567", "--period", "all", verbosity=0)
    clients = {}
    for username in ("eval.officer", "bangrak.staff"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    codes = list(Period.objects.filter(fiscal_year__year=2567).values_list("code", flat=True))
    assert len(codes) >= 19  # M01–M12, Q1–Q4, H1, H2, the year
    for code in codes:
        stored = ScoreResult.objects.filter(period__fiscal_year__year=2567, period__code=code)
        for username, client in clients.items():
            for agency in THREE:
                page = client.get(f"/scores/agency/{agency}/?fy=2567&period={code}")
                assert page.status_code in (200, 403), (username, agency, code, page.status_code)
                if page.status_code == 200 and not stored.filter(assignment__agency__code=agency).exists():
                    assert "ยังไม่มีข้อมูล" in page.content.decode(), (agency, code)
            ranking = client.get(f"/scores/ranking/?fy=2567&period={code}")
            assert ranking.status_code in (200, 403), (username, code, ranking.status_code)
        for pk in stored.values_list("pk", flat=True):
            explain = clients["eval.officer"].get(f"/scores/{pk}/")
            assert explain.status_code == 200, (code, pk, explain.status_code)
    opened = clients["eval.officer"].get("/scores/agency/1004/?fy=2567").content.decode()
    h1_name = Period.objects.get(fiscal_year__year=2567, code="H1").name
    assert f"({h1_name})" in opened, "after a recompute of every period the scorecard left the current round"


def committee_report(office: Any, browser: Any, live_server: Any, env: dict[str, str], tmp: Path) -> None:
    url = live_server.url
    office.goto(f"{url}/monitoring/")
    office.fill("#id_fiscal_year", "2567")
    office.select_option("#id_period", "H1")
    office.locator('form[action="/monitoring/rounds/new/"] button').click()
    office.wait_for_url("**/monitoring/2567/H1/")
    office.get_by_test_id("round-draft").click()
    office.wait_for_url("**/jobs/*/")
    worker(env)
    job_finished(office)

    secretary = sign_in(browser, live_server, "committee1.secretary", 390)
    secretary.goto(f"{url}/monitoring/2567/H1/committee/1/")
    drafted = secretary.locator('[data-testid="drafts"] li', has_text="ขาดวิศวกรโยธาควบคุมงานทางเท้า")
    assert drafted.count() == 1, "the obstacle บางรัก tagged in its verified report was not drafted"
    drafted.get_by_role("button", name="รับเข้ารายงาน").click()
    secretary.wait_for_load_state()
    assert secretary.locator('[data-testid="drafts"] li', has_text="ขาดวิศวกรโยธาควบคุมงานทางเท้า").count() == 0
    assert secretary.evaluate("document.documentElement.scrollWidth") <= 400

    office.goto(f"{url}/monitoring/2567/H1/")
    office.locator('form[action="/monitoring/2567/H1/publish/"] button').click()
    office.wait_for_load_state()
    # publishing queued the report files (no PDF is built in a request); the worker builds them and the
    # download answers the file
    worker(env)
    pdf = office.context.request.get(f"{url}/monitoring/2567/H1/report.pdf", max_redirects=0)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    (tmp / "report.pdf").write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp / "report.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "ขาดวิศวกรโยธา" in text


def h1(assignment: Assignment) -> ScoreResult:
    row = ScoreResult.objects.filter(assignment=assignment, period__code="H1").first()
    assert row is not None, f"no H1 score stored for {assignment}: the import did not reach the scores"
    return row


def test_a_year_in_the_life(year, browser, live_server):
    env, tmp = year["env"], year["tmp"]
    officer = User.objects.get(username="eval.officer")
    url = live_server.url

    # 1. The evaluation office carries last year's framework into FY2567 through the workbook (the import runs
    #    in the worker), opens the H1 round and publishes the year's appeal rules.
    with acting_as(officer):
        last_years_framework()
    office = sign_in(browser, live_server, "eval.officer")
    office.goto(f"{url}/framework/workbook/")
    with office.expect_download() as download:
        office.locator('a[href="/framework/workbook/2566.xlsx"]').click()
    workbook = download.value.path()
    office.fill("#id_fiscal_year", "2567")
    office.set_input_files("#id_file", str(workbook))
    office.locator('form[action="/framework/workbook/import/"]').get_by_role("button", name="อัปโหลด").click()
    office.wait_for_load_state()
    refused = office.get_by_test_id("workbook-errors")
    assert refused.count() == 0, refused.inner_text()
    office.wait_for_url("**/jobs/*/")
    worker(env)
    job_finished(office)
    a = assignments(2567)
    assert sorted(a) == sorted(assignments(2566)), "the workbook did not carry every assignment into FY2567"
    assert Target.objects.filter(assignment=a["1.4:1004"], period__code="H1").get().value == D(100)
    assert a["1.4:1004"].indicator.component.parent.code == "1"  # the sub-component came across too
    advance(office, live_server, "เปิดรับรายงาน")  # no round yet → H1 open for reporting
    assert EvaluationRound.objects.get(fiscal_year__year=2567, is_current=True).period.code == "H1"
    today = timezone.localdate()
    with acting_as(officer):
        category = AppealCategory.objects.create(
            fiscal_year=a["4:1004"].indicator.fiscal_year, code="tickets", effect=Effect.TICKETS,
            name_th="เรื่องที่ไม่อยู่ในอำนาจหน้าที่", name_en="Out of scope", eligibility_th="ตามหลักเกณฑ์",
            required_documents=[{"code": "letter", "name_th": "หนังสือ", "name_en": "Letter"}],
            component=a["4:1004"].indicator.component, opens_on=today - dt.timedelta(days=1),
            closes_on=today + dt.timedelta(days=30), decider=Decider.EVALUATION_OFFICE,
        )  # fmt: skip
    office.goto(f"{url}/appeals/rules/?fy=2567")
    office.get_by_test_id("category-tickets").get_by_role("button").click()
    office.wait_for_load_state()
    category.refresh_from_db()
    assert category.published_at is not None

    # 2. Feeds arrive — a Traffy file on the web page (the job runs in the worker; the page shows it waiting,
    #    then its summary), a BMA OSS file through the API, a budget file through the command.
    point = {code: inside(int(code)) for code in THREE}
    rows = [
        api_row("2024-YR0001", offset(point["1004"], 100), "2023-11-10 03:00:00+00", state="เสร็จสิ้น"),
        api_row("2024-YR0002", offset(point["1004"], 300), "2023-12-10 03:00:00+00", state="รอรับเรื่อง"),
        api_row("2024-YR0003", offset(point["1004"], 500), "2024-01-10 03:00:00+00", state="กำลังดำเนินการ"),
        api_row("2024-YR0004", offset(point["1004"], 700), "2024-02-10 03:00:00+00", state="เสร็จสิ้น"),
        api_row("2024-YR0005", offset(point["1028"], 100), "2024-02-11 03:00:00+00", state="เสร็จสิ้น"),
        api_row("2024-YR0006", offset(point["1001"], 100), "2024-03-01 03:00:00+00", state="รอรับเรื่อง"),
    ]
    traffy = write_csv(tmp / "traffy.csv", API_HEADER, rows)
    office.goto(f"{url}/complaints/import/")
    office.set_input_files("#import-file", str(traffy))
    office.get_by_role("button", name="นำเข้า", exact=True).click()
    office.wait_for_url("**/jobs/*/")
    assert office.get_by_test_id("job-state").inner_text() == "รอเริ่ม"
    assert Ticket.objects.count() == 0
    worker(env)
    job_finished(office)
    assert "traffy.csv" in office.get_by_test_id("job-summary").inner_text()
    assert Ticket.objects.count() == 6

    api = Client()
    api.force_login(officer)
    oss = io.BytesIO(csv_bytes("1004,ENV-03,2023-11,online,30", "1004,ENV-03,2023-11,counter,70",
                               "1028,ENV-03,2023-12,online,10", "1028,ENV-03,2023-12,counter,10"))  # fmt: skip
    oss.name = "oss.csv"
    answer = api.post("/api/v1/services/imports/", {"file": oss})
    assert answer.status_code == 202 and answer.json()["state"] == "queued"
    worker(env)
    assert api.get(answer["Location"]).json()["state"] == "done"

    budget = tmp / "budget.csv"
    budget.write_bytes(budget_csv(
        "line,1004,2567,OP,ค่าใช้สอย,operating,annual,,1000000,,,,,",
        "line,1004,2567,INV,ทางเท้า,investment,annual,,1000000,,,,,",
        "disbursement,1004,2567,OP,,,,,,2024-01-15,500000,DV-1,,",
        "line,1001,2567,OP,ค่าใช้สอย,operating,annual,,1000000,,,,,",
        "disbursement,1001,2567,OP,,,,,,2024-02-15,900000,DV-2,,",
    ))  # fmt: skip
    call_command("import_budget", str(budget), verbosity=0)

    # 2b. 3.1 at bureau level: the office uploads สำนักการโยธา's use of the digital systems in the Thai
    #     template's layout on the same import page; the job scores its 3.1 (pramoen's reading: the mean over
    #     the systems of accounts used ÷ accounts) and the bureau's reviewer reads the trail at 390 px.
    systems = tmp / "systems.csv"
    systems.write_bytes(csv_bytes("สนย.,E-SARABAN,2566-11,1000,800", "สนย.,MIS2,2566-11,1000,300",
                                  header="หน่วยงาน,ระบบ,เดือน,บัญชีผู้ใช้งาน,บัญชีที่ใช้งานในเดือน"))  # fmt: skip
    office.goto(f"{url}/services/import/")
    office.set_input_files("#id_file", str(systems))
    office.get_by_role("button", name="นำเข้า", exact=True).click()
    office.wait_for_url("**/jobs/*/")
    worker(env)
    job_finished(office)
    works31 = h1(a["3.1:public-works"])
    assert works31.actual == D("55.0000"), works31.explanation  # (80 + 30) / 2
    works = sign_in(browser, live_server, "publicworks.reviewer", 390)
    works.goto(f"{url}/scores/{works31.pk}/")
    trail = works.get_by_test_id("trail-lines").inner_text()
    assert "ระบบสารบรรณอิเล็กทรอนิกส์ของกรุงเทพมหานคร" in trail and "ใช้งาน 800 จาก 1,000 บัญชี" in trail
    works.get_by_test_id("trail-lines").get_by_role("link").first.click()
    works.wait_for_url("**/services/agencies/public-works/systems/**")
    assert "55.00" in works.get_by_test_id("systems-figure").inner_text()
    assert works.evaluate("document.documentElement.scrollWidth") <= 390

    # 3. บางรัก's staff fill the H1 report at 390 px with a GPS photo and an obstacle, send it to the head; the
    #    head submits; the host (สำนักการโยธา) reviews; the evaluation office verifies — each by their own login.
    staff = sign_in(browser, live_server, "bangrak.staff", 390)
    staff.goto(f"{url}/progress/?period=H1")
    staff.get_by_test_id("start-1.4").click()
    staff.wait_for_url("**/progress/reports/*/")
    staff.get_by_label("ตัวตั้ง").fill("85")
    staff.get_by_label("ตัวหาร").fill("100")
    staff.get_by_label("ผลการดำเนินงานที่ทำ").fill("ปรับปรุงทางเท้าถนนสีลม 1.2 กม.")
    staff.locator('select[name="obstacle_aspect_0"]').select_option("personnel")
    staff.locator('input[name="obstacle_text_0"]').fill("ขาดวิศวกรโยธาควบคุมงานทางเท้า")
    staff.locator('input[name="obstacle_text_0"]').blur()
    staff.wait_for_selector('[data-testid="saved"]')
    staff.wait_for_timeout(700)
    staff.wait_for_load_state("networkidle")
    staff.locator("#evidence-file").set_input_files(
        {"name": "silom.jpg", "mimeType": "image/jpeg", "buffer": jpeg(lat=13.7262, lon=100.5235)}
    )
    staff.get_by_test_id("upload").click()
    staff.wait_for_selector('[data-testid="evidence-item"]')
    assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    assert "หัวหน้า" in confirm(staff, "send-to-head")
    staff.wait_for_selector('[data-testid="waiting-for-head"]')
    report = ProgressReport.objects.get(assignment=a["1.4:1004"], period__code="H1")
    assert report.status == "ready" and report.evidence.count() == 1

    host = sign_in(browser, live_server, "publicworks.reviewer")
    refused = host.goto(f"{url}/progress/reports/{report.pk}/")  # with บางรัก's head: still บางรัก's own
    assert refused is not None and refused.status == 403 and "ยังไม่ได้ส่ง" in host.content()
    head = sign_in(browser, live_server, "bangrak.head", 390)
    head.goto(f"{url}/progress/reports/{report.pk}/")
    assert "หน่วยงานเจ้าภาพ" in confirm(head, "submit")
    head.wait_for_selector('[data-testid="status"]:has-text("ส่งแล้ว")')
    host.goto(f"{url}/progress/reports/{report.pk}/")
    confirm(host, "review")
    host.wait_for_selector('[data-testid="status"]:has-text("หน่วยงานเจ้าภาพตรวจแล้ว")')
    office.goto(f"{url}/progress/reports/{report.pk}/")
    confirm(office, "verify")
    office.wait_for_selector('[data-testid="status"]:has-text("รับรองผลแล้ว")')
    worker(env)  # anything the verification queued (notifications, recomputes) runs
    assert [e.action for e in report.events.order_by("pk")][-4:] == [
        "send_to_head",
        "submit",
        "review",
        "verify",
    ]
    assert {e.actor.username for e in report.events.all() if e.actor} >= {
        "bangrak.staff",
        "bangrak.head",
        "publicworks.reviewer",
        "eval.officer",
    }

    # 4. Scores: the feed indicators of three agencies are scored from the imported data and 1.4 from the
    #    verified report, with no command run by hand; the scorecard shows them.
    assert h1(a["1.4:1004"]).actual == D("85.0000")
    assert h1(a["4:1004"]).actual == D("50.0000")  # 2 of 4 resolved
    assert h1(a["4:1028"]).actual == D("100.0000") and h1(a["4:1001"]).actual == D("0.0000")
    assert h1(a["3.1:1004"]).actual == D("30.0000") and h1(a["3.1:1028"]).actual == D("50.0000")
    assert h1(a["3.2:1004"]).actual == D("25.0000") and h1(a["3.2:1001"]).actual == D("90.0000")
    parts = dict(
        AgencyScore.objects.filter(agency__code="1004", period__code="H1", component__code__in=["1", "1.1"])
        .values_list("component__code", "score")
    )  # fmt: skip
    assert parts["1.1"] == parts["1"] == h1(a["1.4:1004"]).score  # 1.4 is all of 1.1, and 1.1 all of 1
    staff.goto(f"{url}/scores/agency/1004/?fy=2567&period=H1")
    assert "85" in staff.content() and staff.evaluate("document.documentElement.scrollWidth") <= 420
    assert staff.get_by_test_id("sub-component").get_by_text("Function Base").count() == 1
    every_period_opens(officer)

    # 5. An agency appeals two tickets; the evaluation office approves; the component-4 score changes; the
    #    decision is reversed and every figure returns exactly.
    before = scores_of(a["4:1004"].agency_id)
    bangrak_staff = User.objects.get(username="bangrak.staff")
    letter = tmp / "หนังสือขออุทธรณ์.pdf"
    letter.write_bytes(PDF)
    head = sign_in(browser, live_server, "bangrak.head")
    file_appeal(
        head,
        url,
        category="tickets",
        reason="เรื่องไม่อยู่ในอำนาจหน้าที่ของสำนักงานเขต",
        refs=["2024-YR0002", "2024-YR0003"],
        letter=letter,
    )
    assert "50 → 100" in approve_appeal(office, url, "ตรวจแล้ว ไม่อยู่ในอำนาจหน้าที่")
    assert h1(a["4:1004"]).actual == D("100.0000")  # the 2 unresolved tickets left out
    office.fill("#reverse_reason", "ตัดสินใหม่: เรื่องอยู่ในอำนาจหน้าที่")
    office.get_by_role("button", name="กลับผลการพิจารณา").click()
    office.wait_for_load_state()
    office.get_by_role("button", name="กลับผลการพิจารณา").wait_for(state="detached")
    assert scores_of(a["4:1004"].agency_id) == before

    # 5b. Complaints keep current without a file: Traffy Fondue says พระนคร's waiting ticket is done; the office
    #     presses "pull now" on the connectors page, the pull runs in the worker, and พระนคร's component-4
    #     score follows with no command run by hand — and so does the overview the office had open, though
    #     it was cached in the web server and the pull ran in the worker.
    office.goto(f"{url}/overview/?period=H1&kind=district_office")
    phra_nakhon = (
        office.get_by_test_id("heatmap").locator("tbody tr").filter(has=office.locator("a[href*='/1001/']"))
    )
    before = phra_nakhon.inner_text()
    fake = FakeTraffy().start()
    try:
        done_at = dt.datetime(2024, 3, 5, 2, 0, tzinfo=dt.UTC)
        record = traffy_ticket("2024-YR0006", offset(point["1001"], 100), dt.datetime(2024, 3, 1, 3, 0, tzinfo=dt.UTC),
                               state="เสร็จสิ้น", last_activity=done_at, district="พระนคร")  # fmt: skip
        fake.put({**record, "comment": "ร้องเรียน 2024-YR0006"})
        connector_start_from(actor=officer, key="traffy", since=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
        office.goto(f"{url}/connectors/")
        office.get_by_role("button", name="ดึงข้อมูลทันที").click()
        office.wait_for_url("**/jobs/*/")
        worker({**env, "PRAMOEN_TRAFFY_URL": fake.url, "PRAMOEN_TRAFFY_PAGE_SIZE": "50"})
    finally:
        fake.stop()
    job_finished(office)
    assert Ticket.objects.get(ticket_id="2024-YR0006").state == "เสร็จสิ้น"
    assert h1(a["4:1001"]).actual == D("100.0000")  # was 0: its one ticket is now resolved
    assert Pull.objects.get().state == Pull.State.DONE
    office.goto(f"{url}/overview/?period=H1&kind=district_office")
    component_4 = AgencyScore.objects.get(agency__code="1001", period__code="H1", component__code="4")
    after = phra_nakhon.inner_text()
    assert after != before and f"{component_4.score:.2f}" in after.split(), (before, after)

    # 6. The committee report: the office opens the monitoring round and drafts it from the data (a job);
    #    committee 1's secretary accepts the obstacle บางรัก tagged; the office issues the report, whose PDF
    #    holds it.
    committee_report(office, browser, live_server, env, tmp)

    # 7. The H1 round is closed, then published: the public portal shows บางรัก's published scores and no
    #    personal data.
    citizen = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    citizen.goto(f"{url}/public/2567/H1/")
    unpublished = citizen.get_by_test_id("public-scores")
    assert unpublished.count() == 0 or "บางรัก" not in unpublished.inner_text()  # not yet published
    advance(office, live_server, "ปิดรับรายงาน")
    advance(office, live_server, "เผยแพร่")
    citizen.goto(f"{url}/public/2567/H1/")
    table = citizen.get_by_test_id("public-scores").inner_text()
    assert "บางรัก" in table and "สาทร" in table
    citizen.goto(f"{url}/public/2567/H1/agency/1004/")
    shown = citizen.content()
    for person in User.objects.filter(username__in=["bangrak.staff", "bangrak.head", "eval.officer"]):
        for secret in {person.username, person.email, person.get_full_name()} - {""}:
            assert secret not in shown, f"the public page shows {secret!r}"

    # 8. H2 opens; a late H1 report is refused with a clear message and nothing is saved; the year closes,
    #    and its budget rules can no longer change.
    advance(office, live_server, "ครึ่งปีหลัง")
    staff.goto(f"{url}/progress/?period=Q2")  # Q2 is the H1 round's, now closed
    assert "ปิดรับรายงานผลแล้ว" in staff.get_by_test_id("reporting-closed").inner_text()
    assert staff.get_by_test_id("start-1.4").count() == 0
    typed = Client()
    typed.force_login(bangrak_staff)
    refused = typed.post(f"/progress/open/{a['1.4:1004'].pk}/Q2/", follow=True)
    assert refused.status_code == 200 and "ปิดรับรายงานผลแล้ว" in refused.content.decode()
    assert not ProgressReport.objects.filter(assignment=a["1.4:1004"], period__code="Q2").exists()
    for step in ("ปิดรับรายงาน", "เผยแพร่", "ปิดปีงบประมาณ"):
        advance(office, live_server, step)
    assert (
        EvaluationRound.objects.get(fiscal_year__year=2567, is_current=True).fiscal_year.closed_at is not None
    )
    # the closed year's budget rules are fixed: the page says so, and saving changes nothing
    office.goto(f"{url}/budget/rules/?fy=2567")
    assert "ปิดการประเมินแล้ว" in office.get_by_test_id("rules-locked").inner_text()
    office.get_by_role("button", name="บันทึก", exact=True).click()
    office.get_by_test_id("rules-locked").wait_for()
    assert not Job.objects.filter(kind="feed_rules_scores").exists()

    # every step left its author in the audit log, and no job is left half-way
    assert AuditEntry.objects.filter(actor_label="eval.officer").exists()
    assert AuditEntry.objects.filter(actor_label="bangrak.staff").exists()
    assert not Job.objects.exclude(state__in=[Job.State.DONE]).exists()
    assert AgencyScore.objects.filter(agency__code="1004", period__code="H1", component__isnull=True).exists()
