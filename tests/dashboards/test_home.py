"""Homes that are work lists: what is due and by when, what waits for me, the evaluation office's round."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from pramoen.progress import services
from pramoen.progress.inputs import ReportInput
from pramoen.progress.models import Notification, PeriodControl
from tests.progress.conftest import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_due(personas):
    world = build_world()
    PeriodControl.objects.create(period=world.q3, deadline=dt.date(2099, 7, 15))
    return world


def test_a_district_officer_sees_what_is_due_and_by_when(round_due, client_for):
    html = client_for("bangrak.staff").get("/").content.decode()
    assert 'data-testid="home-due"' in html
    assert "ไตรมาสที่ 3" in html and "15 กรกฎาคม 2642" in html  # the period in Thai words, the deadline in BE
    assert "ส่งแล้ว 0 จาก 2 รายงาน" in html  # 1.4 and 1.3; 4.1 is computed from the complaint feed
    assert f"/progress/?period={round_due.q3.code}" in html
    # an agency with nothing assigned this year has nothing due
    assert 'data-testid="home-due"' not in client_for("thonburi.staff").get("/").content.decode()


def test_the_head_sees_the_report_waiting_for_them_and_the_staff_does_not(round_due, personas, client_for):
    staff = personas["bangrak.staff"]
    report = services.report_open(actor=staff, assignment=round_due.sidewalks, period=round_due.q3)
    report = services.report_save(
        actor=staff,
        report=report,
        version=report.version,
        data=ReportInput(numerator=Decimal(1), denominator=Decimal(2)),
    )
    services.report_send_to_head(actor=staff, report=report, version=report.version)
    head = client_for("bangrak.head").get("/").content.decode()
    assert 'data-testid="home-waiting"' in head and f"/progress/reports/{report.pk}/" in head
    assert 'data-testid="home-notifications"' in head  # the "waiting for you" notification
    assert 'data-testid="home-waiting"' not in client_for("sathon.staff").get("/").content.decode()


def test_the_evaluation_office_sees_the_round_by_agency_group_and_who_is_late(personas, client_for):
    world = build_world()
    PeriodControl.objects.create(period=world.q3, deadline=dt.date(2024, 7, 15))
    html = client_for("eval.officer").get("/").content.decode()
    assert 'data-testid="home-office-round"' in html and "สำนักงานเขต" in html
    assert 'data-testid="home-late"' in html and "สำนักงานเขตบางรัก" in html
    # nobody else gets the office's view
    for username in ("bangrak.head", "executive", "committee1.secretary"):
        assert 'data-testid="home-office-round"' not in client_for(username).get("/").content.decode()


def test_every_home_answers_for_every_persona(round_due, personas, client_for):
    Notification.objects.create(user=personas["executive"], kind="x", message="ข่าว", key="k")
    for username in personas:
        response = client_for(username).get("/")
        assert response.status_code == 200, username
        # each card of the work list says something of its own: no heading twice
        headings = re.findall(r"<h2[^>]*>(.*?)</h2>", response.content.decode(), re.S)
        assert len(headings) == len(set(headings)), (username, headings)


def _card(html: str, testid: str) -> str:
    """The text of the card marked ``data-testid=testid`` (up to its closing </section>)."""
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def test_the_executives_home_is_a_work_list_not_a_list_of_links(personas, client_for, tmp_path):
    from pramoen.framework.models import Period
    from tests.appeals.conftest import build_year

    # nothing set up yet: the home answers, with the latest notifications (none) before the links
    empty = client_for("executive").get("/").content.decode()
    assert "ไม่มีการแจ้งเตือน" in _card(empty, "home-notifications")
    assert 'data-testid="home-executive-round"' not in empty

    build_year(tmp_path)  # บางรัก's H1 scored by the engine: 1.1 and 1.2 reported, 3.2 and 4 from feeds
    q3 = Period.objects.get(fiscal_year__year=2567, code="Q3")
    PeriodControl.objects.create(period=q3, deadline=dt.date(2099, 7, 15))
    Notification.objects.create(
        user=personas["executive"], kind="x", message="ผลรอบครึ่งปีแรกเผยแพร่แล้ว", key="k"
    )
    html = client_for("executive").get("/").content.decode()
    # the round in Thai words with its deadline, and how far each agency group is
    round_card = _card(html, "home-executive-round")
    assert "รอบรายงาน: ไตรมาสที่ 3" in round_card and "15 กรกฎาคม 2642" in round_card
    groups = _card(html, "home-executive-groups").replace("</ul>", "")
    assert "สำนักงานเขต" in groups and "ส่งแล้ว 0 จาก 2 · 0%" in groups
    # who is furthest behind, with one line why that opens how the score was made
    lowest = _card(html, "home-lowest")
    assert "สำนักงานเขตบางรัก" in lowest
    assert re.search(r'<a href="/scores/\d+/">ตัวชี้วัด 3\.2 การเบิกจ่าย ได้ 1\.33 จาก 5', lowest)
    # the overall score's trend, the latest notifications
    assert re.search(r'data-testid="home-mean">\d\.\d\d<', html)
    assert "ครึ่งปีแรก" in _card(html, "home-trend")
    assert "ผลรอบครึ่งปีแรกเผยแพร่แล้ว" in _card(html, "home-notifications")
    # the links stay, after the work list
    assert html.index('data-testid="home-executive"') > html.index('data-testid="home-executive-scores"')
    # the executive's cards are the executive's
    for username in ("eval.officer", "bangrak.head"):
        other = client_for(username).get("/").content.decode()
        assert 'data-testid="home-executive-round"' not in other, username
        assert 'data-testid="home-executive-scores"' not in other, username


def test_the_host_sees_which_supporters_have_submitted_but_not_their_drafts(round_due, personas, client_for):
    """1.4 is hosted by สำนักการโยธา and supported by บางรัก and สาทร: its reviewer's home says who has
    submitted in the round that is due and names who has not — never a draft's content (docs/roles.md)."""
    staff = personas["bangrak.staff"]
    report = services.report_open(actor=staff, assignment=round_due.sidewalks, period=round_due.q3)
    report = services.report_save(
        actor=staff, report=report, version=report.version,
        data=ReportInput(numerator=Decimal(3), denominator=Decimal(4), narrative="ร่างที่ยังไม่ส่ง"),
    )  # fmt: skip

    def hosted() -> tuple[str, str]:
        html = client_for("publicworks.reviewer").get("/").content.decode()
        assert 'data-testid="home-hosted"' in html, "the host reviewer's home has no hosted section"
        counts = re.search(r'data-testid="hosted-counts">(.*?)</p>', html, re.S)
        assert counts is not None
        return re.sub(r"<[^>]+>", "", counts.group(1)), html

    text, html = hosted()
    assert "ส่งแล้ว 0 จาก 2 หน่วยงานสนับสนุน" in text and "สำนักงานเขตบางรัก" in text and "สำนักงานเขตสาทร" in text
    assert "ร่างที่ยังไม่ส่ง" not in html and f"/progress/reports/{report.pk}/" not in html
    report = services.report_send_to_head(actor=staff, report=report, version=report.version)
    assert "ส่งแล้ว 0 จาก 2" in hosted()[0]  # with บางรัก's head: not yet submitted
    services.report_submit(actor=personas["bangrak.head"], report=report, version=report.version)
    text, html = hosted()
    assert "ส่งแล้ว 1 จาก 2 หน่วยงานสนับสนุน" in text and "สำนักงานเขตบางรัก" not in text
    assert f"/progress/reports/{report.pk}/" in html  # now in the review queue beside it
    # nobody else has the section: the supporters' own staff, another agency, an executive
    for username in ("bangrak.staff", "sathon.staff", "executive"):
        assert 'data-testid="home-hosted"' not in client_for(username).get("/").content.decode(), username
