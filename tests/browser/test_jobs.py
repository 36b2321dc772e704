"""In Chromium: the evaluation officer uploads a Traffy file; the page answers at once with the import
job, which shows it waiting, then — once a worker has run it — its summary and the scores it changed,
without reloading the page (HTMX polling).  The same job page at phone size."""

from __future__ import annotations

import pytest

from pramoen.jobs.models import Job
from pramoen.jobs.worker import run_worker
from tests.browser.conftest import sign_in
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_web_upload_answers_at_once_and_the_job_page_follows_the_import(
    browser, live_server, demo_world, tmp_path
):
    point = inside(1004)
    rows = [api_row(f"2024-BR{i:04d}", offset(point, 50 * i), "2024-01-10 03:00:00+00") for i in range(1, 6)]
    rows.append(api_row("2024-BR9999", point, "not a time"))
    path = write_csv(tmp_path / "traffy.csv", API_HEADER, rows)
    page = sign_in(browser, live_server, "eval.officer", 1280)
    # reached by clicks: ข้อมูลนำเข้า → นำเข้าเรื่องร้องเรียน (Traffy Fondue)
    page.get_by_role("button", name="ข้อมูลนำเข้า").click()
    page.get_by_role("link", name="นำเข้าเรื่องร้องเรียน (Traffy Fondue)").click()
    page.wait_for_url("**/complaints/import/")
    # the file chooser speaks the page's language, not the browser's ("Choose File · No file chosen")
    chooser = page.locator(".pm-file")
    assert chooser.get_by_role("button", name="เลือกไฟล์").is_visible()
    assert chooser.inner_text().endswith("ยังไม่ได้เลือกไฟล์")
    assert page.locator("#import-file").bounding_box()["width"] <= 1  # the browser's own box is not shown
    page.set_input_files("#import-file", str(path))
    assert chooser.locator(".pm-file-name").inner_text() == "traffy.csv"
    page.get_by_role("button", name="นำเข้า", exact=True).click()
    page.wait_for_url("**/jobs/*/")
    assert page.get_by_test_id("job-state").inner_text() == "รอเริ่ม"
    job = Job.objects.get()
    assert job.state == Job.State.QUEUED  # nothing was imported inside the request
    run_worker(burst=True, interval=0)  # the worker (the page keeps polling meanwhile)
    summary = page.get_by_test_id("job-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert "traffy.csv" in text and "คะแนน" in text
    assert page.get_by_test_id("job-rejects").inner_text().count("timestamp") == 1
    phone = sign_in(browser, live_server, "eval.officer", 390)
    # at phone size: the menu button, ข้อมูลนำเข้า → เรื่องร้องเรียน, then the page's import button
    phone.get_by_role("button", name="เมนู").click()
    phone.locator("#pm-nav.collapse.show").wait_for()  # opened, no longer moving
    phone.get_by_role("button", name="ข้อมูลนำเข้า").click()
    phone.get_by_role("link", name="เรื่องร้องเรียน", exact=True).click()
    phone.get_by_test_id("complaints-import").click()
    phone.wait_for_url("**/complaints/import/")
    with phone.expect_file_chooser() as opened:  # the Thai button opens the browser's file dialog
        phone.get_by_role("button", name="เลือกไฟล์").click()
    opened.value.set_files(str(path))
    assert phone.locator(".pm-file-name").inner_text() == "traffy.csv"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.goto(f"{live_server.url}/jobs/{job.pk}/")
    assert phone.get_by_test_id("job-state").inner_text() == "เสร็จแล้ว"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(tmp_path / "job-390.png"))
