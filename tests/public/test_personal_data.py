"""Tickets whose comments hold a telephone, a 13-digit ID number and an e-mail: none of them appears on
any portal page, in any open-data file, in any export or in any answer the API gives without sign-in."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from pramoen.appeals import services as appeal_services
from pramoen.public.data import DATASETS

from .conftest import SECRETS

pytestmark = pytest.mark.django_db


def text_of(resp) -> str:
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    if body[:2] == b"PK":  # XLSX and DOCX: every XML part
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return body.decode("utf-8", "replace")


def assert_clean(client: Client, url: str, **params) -> str:
    resp = client.get(url, params)
    assert resp.status_code == 200, url
    text = text_of(resp)
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, f"{url} {params}: {leaked}"
    return text


def test_no_page_file_export_or_anonymous_answer_holds_the_personal_data(published, personas, client_for):
    anonymous = Client()
    year, period = 2567, "H1"
    urls = [
        reverse("public:round", args=[year, period]),
        reverse("public:methods", args=[year, period]),
        reverse("public:complaints", args=[year, period]),
        reverse("public:reports"),
        reverse("public:report", args=[year, period, "html"]),
        reverse("public:report", args=[year, period, "docx"]),
        reverse("public:appeal-rules"),
        reverse("public:data"),
        reverse("public:data-rounds"),
    ]
    for fmt in ("csv", "json"):
        urls += [reverse("public:data-file", args=[year, period, key, fmt]) for key in DATASETS]
        urls.append(reverse("public:data-ledger", args=[year, period, 1004, fmt]))
    for code in ("1004", "1028"):
        urls.append(reverse("public:agency", args=[year, period, code]))
    for url in urls:
        assert_clean(anonymous, url)
    ledger = assert_clean(anonymous, reverse("public:ledger", args=[year, period, 1004]))
    assert "2024-PD0001" in ledger  # the ticket is there, its personal data is not
    assert_clean(anonymous, reverse("public:ledger", args=[year, period, 1004]), format="csv")
    # the API without sign-in
    for name in ("api:agency-list", "api:district-list", "api:committee-list", "api:district-group-list"):
        assert_clean(anonymous, reverse(name))
    assert anonymous.get(
        reverse("complaints-api:kpi"), {"from": "2024-01-01", "to": "2024-03-31"}
    ).status_code in {
        401,
        403,
    }
    # every export, even for the district office that may read the comment on the ticket's page
    staff = client_for("bangrak.staff")
    window = {"from": "2024-01-01", "to": "2024-03-31"}
    for fmt in ("csv", "xlsx"):
        assert_clean(staff, reverse("complaints:district", args=[1004]), export=fmt, **window)
    officer = client_for("eval.officer")
    assert_clean(officer, reverse("complaints:executive"), export="xlsx", **window)
    assert_clean(officer, reverse("scorecard", args=["1004"]), fy="2567", period="H1", format="xlsx")
    assert_clean(officer, reverse("complaints-api:kpi"), **window)
    # an appeal listing the ticket: its page and the register's exports
    case = appeal_services.appeal_create(
        actor=personas["bangrak.staff"],
        category=published["categories"]["tickets-prank"],
        assignment=published["a"]["4"],
        reason="เหตุผล",
    )
    appeal_services.appeal_items_add(actor=personas["bangrak.staff"], case=case, refs=["2024-PD0001"])
    assert "2024-PD0001" in assert_clean(staff, reverse("appeal", args=[case.number]))
    assert_clean(officer, reverse("appeals"), format="xlsx")
