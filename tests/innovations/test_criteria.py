"""A year's innovation criteria on /innovations/criteria/ and /api/v1/innovations/criteria/: read by anyone
signed in, set by the host's head or the evaluation office — checked as a whole (nothing saved on an
error), recorded in the audit log, the year's assessments re-levelled and component 2 recomputed by a job;
fixed once a round of the year has closed."""

from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import timezone

from pramoen.core.models import AuditEntry
from pramoen.framework.models import EvaluationRound, FiscalYear
from pramoen.framework.services import apply_round_state
from pramoen.innovations.models import InnovationAssessment, InnovationCriteria
from pramoen.jobs.models import Job
from pramoen.orgs.models import Role, RoleAssignment, User
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult
from tests.innovations.conftest import HOST, scored

pytestmark = pytest.mark.django_db

URL = "/innovations/criteria/?fy=2567"
# novelty 40, usefulness 20, results 20, spread 20; caps 4.2 / 4 / 3.5; 0.25 per adopting agency
CHANGED = {
    "fiscal_year": "2567",
    "weight_novelty": "40",
    "weight_usefulness": "20",
    "weight_results": "20",
    "weight_spread": "20",
    "cap_new": "4.2",
    "cap_improved": "4",
    "cap_adopted": "3.5",
    "spread_bonus": "0.25",
}


@pytest.fixture
def host_head(personas) -> User:
    """The demo's head of สำนักงาน ก.ก. (pramoen/orgs/demo.py)."""
    user = personas["ocsc.head"]
    assert RoleAssignment.objects.filter(user=user, role=Role.APPROVER, agency__code=HOST).exists()
    return user


@pytest.fixture
def spread(personas, host_reviewer, component2):
    """บางรัก's new innovation marked 5, 4, 4, 5 and adopted by สาทร (marked 5, 5, 5, 5), both scored; the
    H1 scores computed under the default criteria."""
    origin = scored(personas, host_reviewer, "1004", "ระบบแจ้งการมาเรียน", (5, 4, 4, 5))
    copy = scored(
        personas, host_reviewer, "1028", "นำมาใช้ที่สาทร", (5, 5, 5, 5), kind="adopted", adopted_from=origin
    )
    recompute(fiscal_year=2567, period_code="H1", resume=False)
    return {"origin": origin, "copy": copy}


def _h1(assignment) -> ScoreResult:
    return ScoreResult.objects.get(assignment=assignment, period__code="H1")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anyone_signed_in_reads_the_years_criteria_in_thai_and_finds_them_from_the_list(
    client_for, component2
):
    client = client_for("bangrak.staff")
    listing = client.get("/innovations/").content.decode()
    assert 'href="/innovations/criteria/?fy=2567"' in listing and "เกณฑ์การประเมินนวัตกรรมปี 2567" in listing
    page = client.get(URL)
    text = page.content.decode()
    assert page.status_code == 200
    for shown in ("ความใหม่", "ประโยชน์ต่องาน", "ผลลัพธ์ที่มีหลักฐาน", "ขยายผลสู่หน่วยงานอื่นได้", "นวัตกรรมใหม่"):
        assert shown in text
    assert 'data-testid="criteria-defaults"' in text  # FY2567 has no criteria of its own: the defaults
    assert 'data-testid="criteria-form"' not in text and 'data-testid="criteria-who"' in text
    # the worked example in the year's numbers: 4, 5, 4, 5 → (100 + 125 + 120 + 100) / 100 = 4.45
    assert "ระดับ 4.45" in text
    assert Client().get(URL).status_code == 302  # signed out: to the sign-in page


def test_the_review_queue_links_the_criteria(client_for, host_reviewer, component2):
    text = _client(host_reviewer).get("/innovations/review/").content.decode()
    assert 'href="/innovations/criteria/?fy=2567"' in text


def test_the_host_head_changes_the_criteria_and_component_2_follows(host_head, spread, component2, run_jobs):
    # under the defaults: บางรัก (5·25 + 4·25 + 4·30 + 5·20) / 100 = 4.45, new (cap 5) + 0.5 for สาทร = 4.95;
    # สาทร 5, capped at 4 for an adopted innovation
    assert (_h1(component2["1004"]).actual, _h1(component2["1028"]).actual) == (D("4.95"), D(4))
    client = _client(host_head)
    form = client.get(URL).content.decode()
    assert 'data-testid="criteria-form"' in form and 'href="#criteria-form"' in form
    response = client.post(URL, CHANGED)
    assert response.status_code == 302 and response["Location"] == URL
    saved = InnovationCriteria.objects.get(fiscal_year=2567)
    assert [(r["key"], r["weight"]) for r in saved.rubric] == [
        ("novelty", 40),
        ("usefulness", 20),
        ("results", 20),
        ("spread", 20),
    ]
    assert saved.kind_caps == {"new": "4.2", "improved": "4", "adopted": "3.5"} and saved.spread_bonus == D(
        "0.25"
    )
    entry = AuditEntry.objects.get(model="innovations.InnovationCriteria", object_pk=str(saved.pk))
    assert (
        entry.actor == host_head and entry.action == "create" and entry.changes["spread_bonus"][1] == "0.25"
    )
    # re-levelled from the marks by the new weights: (5·40 + 4·20 + 4·20 + 5·20) / 100 = 4.6
    assert InnovationAssessment.objects.get(innovation=spread["origin"]).level == D("4.6")
    assert AuditEntry.objects.filter(
        model="innovations.InnovationAssessment", changes__has_key="level"
    ).exists()
    (job,) = run_jobs()
    assert job.kind == "innovation_scores" and job.state == Job.State.DONE, job.error
    # บางรัก min(4.6, 4.2) + 0.25 × 1 = 4.45; สาทร min(5, 3.5) = 3.5; ธนบุรี still has none
    assert (_h1(component2["1004"]).actual, _h1(component2["1004"]).score) == (D("4.45"), D("4.45"))
    assert _h1(component2["1028"]).actual == D("3.5")
    assert _h1(component2["1015"]).status == "no_data"
    page = client.get(URL).content.decode()
    assert 'data-testid="criteria-recompute"' in page and 'data-testid="criteria-last-change"' in page
    assert host_head.full_name_th in page and 'data-testid="criteria-defaults"' not in page


def test_saving_the_same_criteria_writes_nothing(client_for, spread):
    values = {
        "fiscal_year": "2567",
        "weight_novelty": "25",
        "weight_usefulness": "25",
        "weight_results": "30",
        "weight_spread": "20",
        "cap_new": "5",
        "cap_improved": "4.50",
        "cap_adopted": "4",
        "spread_bonus": "0.5",
    }
    assert client_for("eval.officer").post(URL, values).status_code == 302
    assert not InnovationCriteria.objects.exists() and not Job.objects.exists()


@pytest.mark.parametrize("username", ["bangrak.staff", "bangrak.head", "executive", "committee1.secretary"])
def test_one_who_may_not_set_the_criteria_is_refused_and_nothing_is_saved(client_for, spread, username):
    client = client_for(username)
    assert 'data-testid="criteria-form"' not in client.get(URL).content.decode()
    assert client.post(URL, CHANGED).status_code == 403
    assert not InnovationCriteria.objects.exists() and not Job.objects.exists()
    assert InnovationAssessment.objects.get(innovation=spread["origin"]).level == D("4.45")


def test_the_hosts_reviewer_marks_innovations_but_does_not_set_the_criteria(host_reviewer, spread):
    assert _client(host_reviewer).post(URL, CHANGED).status_code == 403
    assert not InnovationCriteria.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"weight_spread": "10"}, "weights", "น้ำหนักรวมกันได้ 90 ต้องรวมกันได้ 100"),
        ({"weight_novelty": "-5", "weight_usefulness": "65"}, "weight_novelty", "น้ำหนักของ “ความใหม่”"),
        ({"weight_results": "20.5"}, "weight_results", "ไม่ใช่จำนวนเต็มตั้งแต่ 0 ถึง 100"),
        ({"cap_new": "6"}, "cap_new", "ระดับสูงสุดของ “นวัตกรรมใหม่”: “6” ไม่ใช่ตัวเลขตั้งแต่ 1 ถึง 5"),
        ({"cap_adopted": "0.5"}, "cap_adopted", "ไม่ใช่ตัวเลขตั้งแต่ 1 ถึง 5"),
        ({"cap_improved": "4.5", "cap_new": "4.4"}, "cap_improved", "สูงกว่าของ “นวัตกรรมใหม่” (4.4)"),
        ({"spread_bonus": "abc"}, "spread_bonus", "คะแนนเพิ่มต่อหน่วยงานที่นำไปใช้: “abc”"),
        ({"spread_bonus": "5.5"}, "spread_bonus", "ไม่ใช่ตัวเลขตั้งแต่ 0 ถึง 5"),
        ({"cap_new": ""}, "cap_new", "ต้องกรอกระดับสูงสุดของ “นวัตกรรมใหม่”"),
    ],
)
def test_bad_input_is_named_in_thai_and_nothing_is_saved(client_for, spread, change, field, message):
    response = client_for("eval.officer").post(URL, {**CHANGED, **change})
    text = response.content.decode()
    assert response.status_code == 400 and 'data-testid="criteria-errors"' in text
    assert message in text, text[text.find("criteria-errors") :][:800]
    if field.startswith(("weight_", "cap_", "spread")):
        assert f'aria-describedby="{field}-error"' in text  # the message sits under its field
    assert not InnovationCriteria.objects.exists() and not Job.objects.exists()
    assert InnovationAssessment.objects.get(innovation=spread["origin"]).level == D("4.45")


def test_every_problem_is_listed_at_once(client_for, spread):
    bad = {**CHANGED, "weight_spread": "10", "cap_new": "9", "spread_bonus": "-1"}
    text = client_for("eval.officer").post(URL, bad).content.decode()
    for field in ("cap_new", "spread_bonus"):
        assert f'id="{field}-error"' in text
    assert 'data-testid="weights-error"' in text


def test_a_closed_round_fixes_the_years_criteria_until_the_evaluation_office_reopens_it(client_for, spread):
    fy = FiscalYear.objects.get(year=2567)
    apply_round_state(fy, "H1", EvaluationRound.State.PUBLISHED)
    client = client_for("eval.officer")
    page = client.get(URL).content.decode()
    assert 'data-testid="criteria-locked"' in page and 'data-testid="criteria-form"' not in page
    assert "รอบครึ่งปีแรก ปีงบประมาณ 2567 ปิดรับรายงานผลแล้ว" in page
    refused = client.post(URL, CHANGED)
    assert refused.status_code == 400 and "รอบครึ่งปีแรก ปีงบประมาณ 2567" in refused.content.decode()
    assert not InnovationCriteria.objects.exists()
    apply_round_state(fy, "H1", EvaluationRound.State.OPEN)  # the rounds page's "set the round"
    assert client.post(URL, CHANGED).status_code == 302 and InnovationCriteria.objects.exists()
    apply_round_state(fy, "H1", EvaluationRound.State.PUBLISHED)
    fy.refresh_from_db()
    fy.closed_at = timezone.now()
    fy.save()
    page = client.get(URL).content.decode()
    assert "ปีงบประมาณ 2567 ปิดแล้ว เกณฑ์การประเมินนวัตกรรมของปีนี้จึงแก้ไขไม่ได้อีก" in page


def test_a_coming_year_may_be_set_ahead_and_needs_no_recompute(client_for, component2):
    response = client_for("eval.officer").post(
        "/innovations/criteria/?fy=2568", {**CHANGED, "fiscal_year": "2568"}
    )
    assert response.status_code == 302
    assert InnovationCriteria.objects.get(fiscal_year=2568).spread_bonus == D("0.25")
    assert not Job.objects.exists()  # FY2568 has no framework yet: no score to recompute


def test_the_api_reads_and_replaces_the_criteria(client_for, spread, component2, run_jobs):
    read = client_for("bangrak.staff").get("/api/v1/innovations/criteria/", {"fy": 2567}).json()
    assert read["own"] is False and read["editable"] is False and read["locked"] is None
    assert [(r["key"], r["weight"]) for r in read["rubric"]] == [
        ("novelty", 25),
        ("usefulness", 25),
        ("results", 30),
        ("spread", 20),
    ]
    assert (
        read["kind_caps"] == {"new": "5", "improved": "4.5", "adopted": "4"} and read["spread_bonus"] == "0.5"
    )
    body = {
        "fiscal_year": 2567,
        "weights": {"novelty": 40, "usefulness": 20, "results": 20, "spread": 20},
        "kind_caps": {"new": "4.2", "improved": "4", "adopted": "3.5"},
        "spread_bonus": "0.25",
    }
    put = "/api/v1/innovations/criteria/"
    refused = client_for("bangrak.staff").put(put, body, content_type="application/json")
    assert refused.status_code == 403 and "message" in refused.json()
    officer = client_for("eval.officer")
    assert officer.get(put).json()["editable"] is True
    bad = officer.put(
        put, {**body, "weights": {**body["weights"], "spread": 30}}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["extra"]["field"] == "weights"
    assert "110" in bad.json()["message"] and not InnovationCriteria.objects.exists()
    out_of_range = officer.get(put, {"fy": "99999"})
    assert out_of_range.status_code == 400 and out_of_range.json()["extra"]["field"] == "fy"
    done = officer.put(put, body, content_type="application/json")
    assert done.status_code == 200, done.content
    answer = done.json()
    # only บางรัก's 5, 4, 4, 5 moves (4.45 → 4.6); สาทร's 5, 5, 5, 5 stays 5 under any weights
    assert answer["changed"] is True and answer["relevelled"] == 1 and answer["job"] is not None
    assert answer["criteria"]["own"] is True and answer["criteria"]["kind_caps"]["new"] == "4.2"
    run_jobs()
    assert _h1(component2["1004"]).actual == D("4.45")
