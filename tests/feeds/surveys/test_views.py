"""Survey pages and API: the host builds, the evaluation office approves, a supporting agency reads,
another agency is refused; QR codes, templates and imports answer without errors."""

import io

import pytest
from openpyxl import Workbook

from pramoen.feeds.surveys.models import Question, Survey
from tests.feeds.surveys.conftest import answer, build, opened

pytestmark = pytest.mark.django_db


def test_the_host_creates_a_survey_and_builds_its_questionnaire_through_the_pages(
    personas, indicator, client_for
):
    host = client_for("publicworks.reviewer")
    form = {
        "indicator": str(indicator.pk),
        "period": "H1",
        "title": "แบบสำรวจหน้าเว็บ",
        "target_group": "ผู้รับบริการ",
        "population": "1000",
        "sample_rule": "krejcie_morgan",
        "margin": "0.05",
        "rule": "top_two_box",
    }
    response = host.post("/surveys/new/", form)
    survey = Survey.objects.get()
    assert response.status_code == 302
    host.post(f"/surveys/{survey.pk}/questions/", {"text": "ความสะดวก", "kind": "scale", "required": "on"})
    host.post(
        f"/surveys/{survey.pk}/questions/", {"text": "เลือก", "kind": "choice", "choices": "ก"}
    )  # refused: 1 choice
    assert list(Question.objects.values_list("text", flat=True)) == ["ความสะดวก"]
    page = host.get(f"/surveys/{survey.pk}/").content.decode()
    assert "278" in page  # Krejcie–Morgan for 1,000
    assert client_for("bangrak.staff").get("/surveys/new/").status_code == 403
    assert client_for("bangrak.staff").get(f"/surveys/{survey.pk}/").status_code == 403  # a draft


def test_each_step_is_refused_to_someone_who_may_not(personas, indicator, client_for):
    survey = build(personas, indicator)
    client_for("bangrak.staff").post(f"/surveys/{survey.pk}/share/")
    assert Survey.objects.get().state == "draft"
    client_for("publicworks.reviewer").post(f"/surveys/{survey.pk}/share/")
    assert Survey.objects.get().state == "shared"
    assert client_for("bangrak.staff").get(f"/surveys/{survey.pk}/").status_code == 200
    assert client_for("thonburi.staff").get(f"/surveys/{survey.pk}/").status_code == 403
    client_for("publicworks.reviewer").post(f"/surveys/{survey.pk}/review/", {"decision": "approve"})
    assert Survey.objects.get().state == "shared"
    client_for("eval.officer").post(f"/surveys/{survey.pk}/review/", {"decision": "approve"})
    assert Survey.objects.get().state == "approved"
    client_for("eval.officer").post(f"/surveys/{survey.pk}/open/")
    client_for("publicworks.reviewer").post(f"/surveys/{survey.pk}/open/")
    assert Survey.objects.get().state == "open"
    assert client_for("bangrak.staff").post(f"/surveys/{survey.pk}/close/").status_code == 403
    assert Survey.objects.get().state == "open"
    closing = client_for("publicworks.reviewer").post(f"/surveys/{survey.pk}/close/")
    assert Survey.objects.get().state == "closed" and "/jobs/" in closing["Location"]


def test_the_open_survey_shows_links_qr_codes_and_imports_paper(personas, indicator, client_for, run_queued):
    survey = opened(personas, indicator)
    answer(survey, "1004", "5", "4", "บัตร", "ที่จอดรถน้อย")
    host = client_for("publicworks.reviewer")
    page = host.get(f"/surveys/{survey.pk}/").content.decode()
    assert f"/s/{survey.public_key}/1004/" in page and f"/s/{survey.public_key}/1028/" in page
    qr = host.get(f"/surveys/{survey.pk}/qr/1004.svg")
    assert qr.status_code == 200 and b"<svg" in qr.content
    assert host.get(f"/surveys/{survey.pk}/qr/1015.svg").status_code == 404
    assert host.get(f"/surveys/{survey.pk}/paper/template.xlsx").content[:2] == b"PK"
    wb = Workbook()
    wb.active.append(["agency", "Q1", "Q2", "Q3", "Q4"])
    wb.active.append(["1028", 9, 4, "บัตร", ""])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "paper.xlsx"
    response = host.post(f"/surveys/{survey.pk}/paper/", {"file": out})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    [job] = run_queued()
    assert job.state == "failed" and job.rejects[0]["field"] == "Q1" and job.rejects[0]["row"] == 2
    page = host.get(response["Location"]).content.decode()
    assert 'data-testid="job-rejects"' in page
    # a supporting agency sees its own figure only
    own = client_for("sathon.staff").get(f"/surveys/{survey.pk}/").content.decode()
    assert "/s/" + survey.public_key + "/1028/" in own and "/s/" + survey.public_key + "/1004/" not in own


def test_the_api_lists_creates_and_refuses(personas, indicator, client_for):
    survey = opened(personas, indicator)
    answer(survey, "1004", "5", "4", "บัตร")
    answer(survey, "1028", "1", "2", "บัตร")
    mine = client_for("bangrak.staff").get(f"/api/v1/surveys/{survey.pk}/").json()
    assert list(mine["satisfaction"]) == [str(personas["bangrak.staff"].role_assignments.get().agency_id)]
    assert client_for("thonburi.staff").get(f"/api/v1/surveys/{survey.pk}/").status_code == 403
    rows = client_for("eval.officer").get("/api/v1/surveys/", {"fy": 2567, "state": "open"}).json()["results"]
    assert [r["id"] for r in rows] == [survey.pk] and rows[0]["sample_size"] == 286
    body = {
        "fiscal_year": 2567,
        "indicator": "1.11",
        "period": "FY",
        "title": "API",
        "target_group": "ผู้รับบริการ",
        "questions": [{"text": "ความสะดวก"}, {"text": "เลือก", "kind": "choice", "choices": ["ก", "ข"]}],
    }
    created = client_for("publicworks.reviewer").post(
        "/api/v1/surveys/", body, content_type="application/json"
    )
    assert created.status_code == 201 and len(created.json()["questions"]) == 2
    refused = client_for("bangrak.staff").post("/api/v1/surveys/", body, content_type="application/json")
    assert refused.status_code == 403 and "message" in refused.json()
    bad = client_for("publicworks.reviewer").post(
        "/api/v1/surveys/",
        {**body, "questions": [{"text": "x", "kind": "choice", "choices": ["ก"]}]},
        content_type="application/json",
    )
    assert (bad.status_code == 400 and "Question 1" in bad.json()["message"]) or "ข้อ" in bad.json()["message"]
    assert Survey.objects.filter(title="API").count() == 1


def test_results_download_as_xlsx_for_what_the_reader_may_see(personas, indicator, client_for):
    from openpyxl import load_workbook

    survey = opened(personas, indicator)
    answer(survey, "1004", "5", "4", "บัตร")
    answer(survey, "1028", "1", "2", "บัตร")
    book = load_workbook(
        io.BytesIO(client_for("eval.officer").get(f"/surveys/{survey.pk}/results.xlsx").content)
    )
    rows = list(book["agencies"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[6]) for r in rows] == [("1004", 1, 100.0), ("1028", 1, 0.0)]
    assert [r[0] for r in book["items"].iter_rows(min_row=2, values_only=True)] == ["Q1", "Q2", "Q3", "Q4"]
    own = load_workbook(
        io.BytesIO(client_for("sathon.staff").get(f"/surveys/{survey.pk}/results.xlsx").content)
    )
    assert [r[0] for r in own["agencies"].iter_rows(min_row=2, values_only=True)] == ["1028"]
    assert client_for("thonburi.staff").get(f"/surveys/{survey.pk}/results.xlsx").status_code == 403


def test_the_surveys_steps_are_in_the_audit_log_under_who_took_them(
    personas, indicator, client_for, run_queued
):
    from pramoen.core.models import AuditEntry

    survey = build(personas, indicator)
    client_for("publicworks.reviewer").post(
        f"/surveys/{survey.pk}/questions/", {"text": "ความสะอาด", "kind": "scale"}
    )
    client_for("publicworks.reviewer").post(f"/surveys/{survey.pk}/share/")
    client_for("eval.officer").post(f"/surveys/{survey.pk}/review/", {"decision": "approve"})
    client_for("publicworks.reviewer").post(f"/surveys/{survey.pk}/open/")
    client_for("publicworks.reviewer").post(f"/surveys/{survey.pk}/close/")
    moves = [
        (e.actor.username, e.changes["state"][1])
        for e in AuditEntry.objects.filter(model="surveys.Survey", object_pk=str(survey.pk), action="update")
        .select_related("actor")
        .order_by("pk")
        if "state" in e.changes
    ]
    assert moves == [
        ("publicworks.reviewer", "shared"),
        ("eval.officer", "approved"),
        ("publicworks.reviewer", "open"),
        ("publicworks.reviewer", "closed"),
    ]
    added = AuditEntry.objects.get(
        model="surveys.Question", action="create", changes__text=[None, "ความสะอาด"]
    )
    assert added.actor == personas["publicworks.reviewer"]
