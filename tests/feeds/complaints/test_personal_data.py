"""A ticket whose comment names its reporter: who reads it unmasked, and every other place masks it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pramoen.feeds.complaints.models import Ticket

from .conftest import API_HEADER, api_row, inside, write_csv

PHONE, NATIONAL_ID, EMAIL = "089-555-0142", "3-1005-01234-56-7", "malee.s@example.com"
COMMENT = f"ผู้แจ้ง : นางสาวมาลี ศรีสุข โทร {PHONE} เลขบัตร {NATIONAL_ID} อีเมล {EMAIL} ไฟทางดับทั้งซอย"
SECRETS = (PHONE, NATIONAL_ID, EMAIL, "มาลี")


@pytest.fixture
def ticket(tmp_path, run_import, personas):
    row = api_row(
        "2022-PD0001", inside(1004), "2022-11-01 01:00:00+00", comment=COMMENT, address=f"โทร {PHONE}"
    )
    run_import(write_csv(tmp_path / "pd.csv", API_HEADER, [row]))
    return Ticket.objects.get(ticket_id="2022-PD0001")


@pytest.mark.parametrize("username", ["bangrak.staff", "bangrak.head", "eval.officer"])
def test_the_district_office_and_the_evaluation_office_read_the_comment_unmasked(
    ticket, client_for, username
):
    resp = client_for(username).get(reverse("complaints:ticket", args=[ticket.ticket_id]))
    text = resp.content.decode()
    assert resp.status_code == 200
    assert PHONE in text and EMAIL in text
    assert 'data-testid="masked-note"' not in text


@pytest.mark.parametrize("username", ["executive", "committee1.member", "committee1.secretary", "admin"])
def test_every_other_role_reads_it_masked(ticket, client_for, username):
    resp = client_for(username).get(reverse("complaints:ticket", args=[ticket.ticket_id]))
    text = resp.content.decode()
    assert resp.status_code == 200
    assert not any(s in text for s in SECRETS)
    assert "ไฟทางดับทั้งซอย" in text and 'data-testid="masked-note"' in text


def test_a_district_that_may_not_read_the_ticket_still_gets_a_refusal(ticket, client_for):
    assert (
        client_for("sathon.staff").get(reverse("complaints:ticket", args=[ticket.ticket_id])).status_code
        == 403
    )


def test_the_admin_change_form_masks_the_texts(ticket, client_for):
    resp = client_for("admin").get(f"/admin/complaints/ticket/{ticket.pk}/change/")
    text = resp.content.decode()
    assert resp.status_code == 200
    assert not any(s in text for s in SECRETS)
    assert "ไฟทางดับทั้งซอย" in text


def test_the_district_exports_hold_no_personal_data(ticket, client_for):
    c = client_for("bangrak.staff")
    window = {"from": "2022-10-01", "to": "2022-12-31"}
    body = c.get(reverse("complaints:district", args=[1004]), {**window, "export": "csv"}).content.decode()
    assert "2022-PD0001" in body and not any(s in body for s in SECRETS)
