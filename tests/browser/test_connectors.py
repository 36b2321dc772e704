"""In Chromium: the evaluation office finds the Traffy Fondue connector under ข้อมูลนำเข้า, pauses its schedule,
pulls now and follows the pull as a job to its summary; at phone size it sees the pull on the connectors page
and resumes the schedule.  District staff get a 403 and no menu entry."""

from __future__ import annotations

import pytest

from pramoen.connectors.services import connector_start_from
from pramoen.jobs.models import Job, Schedule
from pramoen.jobs.worker import run_worker
from tests.browser.conftest import sign_in
from tests.connectors.conftest import T0, tickets
from tests.connectors.conftest import traffy as traffy  # the fake Traffy API, as a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_pauses_the_schedule_pulls_now_and_sees_the_pull_as_a_job(
    browser, live_server, demo_world, traffy, tmp_path
):
    connector_start_from(actor=None, key="traffy", since=T0)
    traffy.put(*tickets(3))
    page = sign_in(browser, live_server, "eval.officer", 1280)
    page.get_by_role("button", name="ข้อมูลนำเข้า").click()
    page.get_by_role("link", name="การเชื่อมต่อข้อมูล").click()
    page.wait_for_url("**/connectors/")
    card = page.get_by_test_id("connector-traffy")
    assert "บริการค้นหา" in card.get_by_test_id("source").inner_text()
    card.get_by_role("button", name="หยุดดึงตามกำหนดเวลาชั่วคราว").click()
    page.get_by_text("หยุดไว้", exact=True).wait_for()
    assert Schedule.objects.get(kind="complaints_pull").paused
    page.get_by_test_id("connector-traffy").get_by_role("button", name="ดึงข้อมูลทันที").click()
    page.wait_for_url("**/jobs/*/")
    assert page.get_by_test_id("job-state").inner_text() == "รอเริ่ม"
    job = Job.objects.get(kind="complaints_pull")
    assert job.state == Job.State.QUEUED and job.started_by.username == "eval.officer"
    run_worker(burst=True, interval=0)  # the worker; the page keeps polling meanwhile
    summary = page.get_by_test_id("job-summary")
    summary.wait_for()
    assert "ใหม่ 3 เรื่อง" in summary.inner_text()
    assert page.get_by_test_id("job-state").inner_text() == "เสร็จแล้ว"

    phone = sign_in(browser, live_server, "eval.officer", 390)
    phone.goto(f"{live_server.url}/connectors/")
    card = phone.get_by_test_id("connector-traffy")
    assert "หยุดไว้" in card.inner_text() and "ดำเนินการแล้ว" in card.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(tmp_path / "connectors-390.png"), full_page=True)
    card.get_by_role("button", name="กลับมาดึงตามกำหนดเวลา").click()
    phone.get_by_text("กลับมาดึงข้อมูลตามกำหนดเวลาแล้ว").wait_for()
    assert not Schedule.objects.get(kind="complaints_pull").paused

    staff = sign_in(browser, live_server, "bangrak.staff", 390)
    staff.get_by_role("button", name="เมนู").click()
    assert staff.get_by_role("link", name="การเชื่อมต่อข้อมูล").count() == 0
    response = staff.goto(f"{live_server.url}/connectors/")
    assert response is not None and response.status == 403
    assert "เฉพาะสำนักงานผู้ประเมิน" in staff.content()
    assert Job.objects.count() == 1
