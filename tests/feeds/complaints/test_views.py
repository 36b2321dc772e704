from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pramoen.feeds.complaints.models import Ticket

from .conftest import API_HEADER, api_row, inside, write_csv

WINDOW = {"from": "2022-10-01", "to": "2022-12-31"}


@pytest.fixture
def tickets(tmp_path, run_import, personas):
    p = inside(1004)
    rows = [
        api_row("2022-V00001", p, "2022-11-01 01:00:00+00", state="เสร็จสิ้น", star="5"),
        api_row("2022-V00002", p, "2022-11-02 01:00:00+00", state="กำลังดำเนินการ"),  # duplicate of V00001
        api_row("2022-V00003", (p[1], p[0]), "2022-11-03 01:00:00+00", state="ไม่เกี่ยวข้อง"),  # swapped
        api_row("2022-V00004", inside(1015), "2022-11-03 01:00:00+00"),
    ]
    run_import(write_csv(tmp_path / "v.csv", API_HEADER, rows))


def test_district_staff_see_their_dashboard_and_not_another_district(tickets, client_for):
    c = client_for("bangrak.staff")
    resp = c.get(reverse("complaints:district", args=[1004]), WINDOW)
    assert resp.status_code == 200
    text = resp.content.decode()
    assert "2022-V00001" in text and "2022-V00004" not in text
    assert resp.context["kpi"]["counted"] == 1 and resp.context["kpi"]["kpi_percent"] == 100.0
    assert "2022-V00002" in text and resp.context["rows"][1]["reason"] == "duplicate"
    assert c.get(reverse("complaints:district", args=[1015]), WINDOW).status_code == 403
    assert c.get(reverse("complaints:home")).url == reverse("complaints:district", args=[1004])


def test_the_district_list_exports_csv_and_xlsx(tickets, client_for):
    c = client_for("bangrak.staff")
    resp = c.get(reverse("complaints:district", args=[1004]), {**WINDOW, "export": "csv"})
    body = resp.content.decode()
    assert resp["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("ticket_id,created_at,state")
    assert "2022-V00003" in body and len(body.splitlines()) == 4
    resp = c.get(reverse("complaints:district", args=[1004]), {**WINDOW, "export": "xlsx"})
    assert resp.content[:2] == b"PK"


def test_the_ticket_page_explains_why_and_shows_history_and_group(tickets, client_for):
    c = client_for("bangrak.staff")
    resp = c.get(reverse("complaints:ticket", args=["2022-V00002"]))
    assert resp.status_code == 200
    text = resp.content.decode()
    assert "2022-V00001" in text  # its original
    assert resp.context["attributions"][0]["counted"] is False
    assert len(resp.context["history"]) == 1
    assert c.get(reverse("complaints:ticket", args=["2022-V00004"])).status_code == 403
    assert client_for("executive").get(reverse("complaints:ticket", args=["2022-V00004"])).status_code == 200


def test_the_geo_quality_page_lists_swapped_points(tickets, client_for):
    resp = client_for("bangrak.staff").get(reverse("complaints:geo", args=[1004]), WINDOW)
    assert resp.status_code == 200
    assert [t.ticket_id for t in resp.context["page"]] == ["2022-V00003"]
    assert client_for("thonburi.staff").get(reverse("complaints:geo", args=[1004]), WINDOW).status_code == 403


def test_executives_compare_all_districts_and_staff_may_not(tickets, client_for):
    resp = client_for("executive").get(reverse("complaints:executive"), WINDOW)
    assert resp.status_code == 200
    assert len(resp.context["report"]["districts"]) == 50
    assert '"1004": 100.0' in resp.context["choropleth_json"]
    assert (
        client_for("executive").get(reverse("complaints:executive"), {**WINDOW, "export": "xlsx"}).content[:2]
        == b"PK"
    )
    assert client_for("bangrak.staff").get(reverse("complaints:executive"), WINDOW).status_code == 403
    # a committee member reviews the districts of its group
    assert (
        client_for("committee1.member").get(reverse("complaints:district", args=[1004]), WINDOW).status_code
        == 200
    )


def test_evaluation_officers_import_from_the_web_and_others_may_not(tmp_path, client_for, personas, run_jobs):
    path = write_csv(tmp_path / "w.csv", API_HEADER, [api_row("2022-W00001", inside(1001), "2022-11-01 01:00:00+00"),
                                                      api_row("2022-W00002", inside(1001), "bad")])  # fmt: skip
    upload = SimpleUploadedFile("w.csv", path.read_bytes(), content_type="text/csv")
    client = client_for("eval.officer")
    resp = client.post(reverse("complaints:import"), {"file": upload})
    assert resp.status_code == 302  # to the job's page, at once: nothing is imported yet
    assert not Ticket.objects.filter(ticket_id="2022-W00001").exists()
    (job,) = run_jobs()
    page = client.get(resp["Location"])
    assert job.state == "done" and job.summary["inserted"] == 1 and job.rejects[0]["field"] == "timestamp"
    assert len(job.outcome) == 2 and all(line in page.content.decode() for line in job.outcome)
    assert Ticket.objects.filter(ticket_id="2022-W00001").exists()
    assert client_for("bangrak.staff").get(resp["Location"]).status_code == 403
    bad = SimpleUploadedFile("x.csv", b"a,b\n1,2\n", content_type="text/csv")
    client.post(reverse("complaints:import"), {"file": bad})
    (job,) = run_jobs()
    assert job.state == "failed" and "x.csv" in job.error
    upload = SimpleUploadedFile("w.csv", path.read_bytes(), content_type="text/csv")
    assert client_for("bangrak.staff").post(reverse("complaints:import"), {"file": upload}).status_code == 403
    assert client_for("executive").get(reverse("complaints:import")).status_code == 403


def test_the_all_districts_page_has_the_import_button_only_for_those_who_may_import(client_for):
    import_url = reverse("complaints:import")
    officer = client_for("eval.officer")
    page = officer.get(reverse("complaints:home"), follow=True)  # the menu's เรื่องร้องเรียน
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == reverse("complaints:executive")
    assert 'data-testid="complaints-import"' in html and f'href="{import_url}"' in html
    assert "นำเข้าไฟล์ Traffy Fondue" in html
    assert officer.get(import_url).status_code == 200
    # an executive reads every district but does not import: no button, and the page refuses
    html = client_for("executive").get(reverse("complaints:executive")).content.decode()
    assert 'data-testid="complaints-import"' not in html and import_url not in html
    assert client_for("executive").get(import_url).status_code == 403
    # a district officer has their own district's page: no button there, and the page refuses
    for username in ("bangrak.staff", "bangrak.head", "committee1.member"):
        html = client_for(username).get(reverse("complaints:home"), follow=True).content.decode()
        assert import_url not in html, username
        assert client_for(username).get(import_url).status_code == 403, username


def test_the_import_page_points_to_the_scheduled_pull(client_for):
    page = client_for("eval.officer").get(reverse("complaints:import"))
    html = page.content.decode()
    assert 'data-testid="import-pull-pointer"' in html and f'href="{reverse("connectors:home")}"' in html
    assert "ดึงเรื่องใหม่และเรื่องที่เปลี่ยนแปลงจาก Traffy Fondue" in html
    assert client_for("eval.officer").get(reverse("connectors:home")).status_code == 200


def test_the_api_gives_the_kpi_of_the_districts_the_caller_may_read(tickets, client_for):
    url = reverse("complaints-api:kpi")
    data = client_for("executive").get(url, WINDOW).json()
    assert len(data["districts"]) == 50
    data = client_for("bangrak.staff").get(url, WINDOW).json()
    assert [d["code"] for d in data["districts"]] == ["1004"]
    assert data["districts"][0]["counted"] == 1
    bad = client_for("executive").get(url, {"from": "1/10/2565", "to": "2022-12-31"})
    assert bad.status_code == 400 and bad.json()["extra"] == {"field": "from"}
    from django.test import Client

    assert Client().get(url, WINDOW).status_code in {401, 403}


def test_the_pages_write_a_zero_share_and_say_where_resolution_times_came_from(tickets, client_for):
    table = client_for("executive").get(reverse("complaints:executive"), WINDOW).content.decode()
    rows = table.split('data-testid="executive-table"')[1].split("</table>")[0].split("<tr>")
    thonburi = next(r for r in rows if "ธนบุรี" in r)  # one counted ticket, none resolved: 0 %, not "no data"
    assert "<td>0.00</td>" in thonburi and "<td>100.00</td>" in next(r for r in rows if "บางรัก" in r)
    # where the median's resolution times came from, in words (the stored keys were shown as they are)
    from django.template.loader import render_to_string
    from django.utils import translation

    kpi = {"counted": 4, "median_days_to_resolve": 2.5, "median_days_source": "last_activity+state_history"}
    with translation.override("th"):
        card = render_to_string("complaints/_kpi.html", {"kpi": kpi})
    source = card.split('data-testid="median-source">')[1].split("</small>")[0]
    assert source == "เวลาที่เสร็จสิ้นจากเวลาเคลื่อนไหวล่าสุดของเรื่อง และการนำเข้าครั้งแรกที่พบว่าเสร็จสิ้นแล้ว"
