"""The pages, the API and the register exports — each also tried by a user who may not."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from pramoen.appeals.models import AppealCase

from .helpers import PDF, decide, file

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text as pdftotext (poppler) extracts it: what copying and searching give."""
    import subprocess

    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def test_rules_are_readable_on_a_page_and_in_the_api_before_filing(year, client_for):
    page = client_for("bangrak.staff").get("/appeals/rules/?fy=2567")
    assert page.status_code == 200 and "หมวด budget-line" in page.content.decode()
    api = client_for("sathon.staff").get("/api/v1/appeals/rules/?fy=2567").json()
    assert api["fiscal_year"] == 2567
    codes = {c["code"]: c for c in api["categories"]}
    assert codes["budget-line"]["required_documents"][0]["code"] == "letter"
    assert codes["budget-line"]["component"] == "3.2"


def test_unpublished_rules_are_seen_by_the_evaluation_office_only(year, client_for, personas):
    category = year["categories"]["force-majeure"]
    category.published_at = None
    category.save()
    assert "force-majeure" not in client_for("bangrak.staff").get("/api/v1/appeals/rules/").content.decode()
    assert "force-majeure" in client_for("eval.officer").get("/api/v1/appeals/rules/").content.decode()
    refused = client_for("bangrak.head").post(f"/appeals/rules/{category.pk}/publish/")
    assert refused.status_code == 403
    client_for("eval.officer").post(f"/appeals/rules/{category.pk}/publish/")
    assert "force-majeure" in client_for("bangrak.staff").get("/api/v1/appeals/rules/").content.decode()


def test_a_district_files_through_the_pages_and_the_officer_decides(year, client_for):
    staff, head, officer = client_for("bangrak.staff"), client_for("bangrak.head"), client_for("eval.officer")
    form = staff.get("/appeals/new/?fy=2567&category=budget-line")
    assert form.status_code == 200 and "3.2" in form.content.decode()
    created = staff.post(
        "/appeals/new/",
        {
            "fy": "2567",
            "category": "budget-line",
            "assignment": year["a"]["3.2"].pk,
            "reason": "ประกวดราคาไม่ได้",
        },
    )
    case = AppealCase.objects.get()
    assert created.status_code == 302 and created["Location"].endswith(f"/appeals/{case.number}/")
    url = f"/appeals/{case.number}/"
    assert "INV" in staff.get(url).content.decode()  # offered in the pick list
    assert staff.post(url + "items/", {"ids": "INV\nNOPE"}).status_code == 400
    staff.post(url + "items/", {"pick": ["INV"]})
    refused = staff.post(url + "submit/")
    assert refused.status_code == 403
    bad = staff.post(
        url + "evidence/", {"document": "letter", "file": SimpleUploadedFile("x.pdf", b"MZ\x00")}
    )
    assert bad.status_code == 400
    staff.post(url + "evidence/", {"document": "letter", "file": SimpleUploadedFile("letter.pdf", PDF)})
    assert head.post(url + "submit/").status_code == 302
    assert head.post(url + "decide/", {"outcome": "approved", "decision_reason": "x"}).status_code == 403
    assert client_for("sathon.staff").get(url).status_code == 403
    officer.post(url + "review/")
    done = officer.post(url + "decide/", {"outcome": "approved", "decision_reason": "หลักฐานครบ"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "approved" and case.scores_after["H1"]["actual"] == "50.0000"
    page = staff.get(url).content.decode()
    assert "25 → 50" in page
    evidence = case.evidence.get()
    assert staff.get(f"{url}evidence/{evidence.pk}/").status_code == 200
    assert client_for("thonburi.staff").get(f"{url}evidence/{evidence.pk}/").status_code == 403


def test_the_register_filters_and_exports_for_the_committee_meeting(year, client_for, personas):
    approved = file(personas, year["categories"]["budget-line"], year["a"]["3.2"], items=["INV"])
    decide(personas, approved)
    file(personas, year["categories"]["force-majeure"], year["a"]["1.1"])
    officer = client_for("eval.officer")
    page = officer.get("/appeals/?fy=2567").content.decode()
    assert approved.number in page and "ครึ่งปีแรก: 1.33 → 3.00" in page  # the 3.2 score before → after
    # the agency and component are picked from lists of what there is, not typed as codes
    assert '<select class="form-select" id="agency" name="agency">' in page and '<option value="1004"' in page
    assert '<select class="form-select" id="component" name="component">' in page
    assert '<option value="3.2"' in page
    only = officer.get("/appeals/?fy=2567&status=approved&component=3.2").content.decode()
    assert approved.number in only and "APL-2567-0002" not in only
    xlsx = officer.get("/appeals/?fy=2567&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "เลขที่" and sheet.max_row == 3
    pdf = officer.get("/appeals/?fy=2567&format=pdf")
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    # its text layer gives back the Thai (the patched font: "การ" and "ประจำ", never "กำร" or "ประจา")
    text = pdf_text(pdf.content)
    assert "ทะเบียนคำขออุทธรณ์ผลการประเมิน" in text and "ประจำปีงบประมาณ" in text and "กำร" not in text
    # agencies see only their own cases; committee members those of the agencies they review
    theirs = client_for("sathon.staff").get("/appeals/?fy=2567").content.decode()
    assert approved.number not in theirs and '<option value="1004"' not in theirs
    api = client_for("sathon.staff").get("/api/v1/appeals/?fy=2567").json()
    assert api["results"] == []
    mine = client_for("bangrak.staff").get(f"/api/v1/appeals/{approved.number}/").json()
    assert mine["status"] == "approved" and mine["items"] == [
        {"kind": "budget_line", "id": "INV", "decision": "approved"}
    ]
    assert client_for("sathon.staff").get(f"/api/v1/appeals/{approved.number}/").status_code == 404


def test_the_explain_page_names_the_appeal(year, client_for, personas):
    case = file(personas, year["categories"]["force-majeure"], year["a"]["1.1"])
    decide(personas, case)
    result = year["a"]["1.1"].scores.get(period__code="H1")
    page = client_for("bangrak.staff").get(f"/scores/{result.pk}/").content.decode()
    assert case.number in page and "ไม่นับน้ำหนัก" in page
    card = client_for("bangrak.staff").get("/scores/agency/1004/?fy=2567&period=H1").content.decode()
    assert 'data-testid="excluded"' in card


def test_the_register_offers_filing_only_to_an_agency_s_own_staff(year, client_for):
    assert "/appeals/new/" in client_for("bangrak.staff").get("/appeals/?fy=2567").content.decode()
    reviewer = client_for("publicworks.reviewer")
    page = reviewer.get("/appeals/?fy=2567")
    assert page.status_code == 200 and "/appeals/new/" not in page.content.decode()
    assert reviewer.get("/appeals/new/").status_code == 403
