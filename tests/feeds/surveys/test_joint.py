"""A satisfaction indicator shared by a host and supporting agencies (a joint KPI): the host shares the
questionnaire before negotiation — the supporting agencies read it, nobody else edits it — and once the
survey closes, the ``survey_scores`` job gives the host and every supporting agency the one figure computed
from all the participants' responses, as the joint-KPI rule says (docs/scoring.md)."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pramoen.core.errors import ApplicationError
from pramoen.feeds.surveys import selectors, services
from pramoen.feeds.surveys.feed import paper_import_start
from pramoen.feeds.surveys.models import Question, Survey
from pramoen.framework.models import Assignment, Indicator, Period
from pramoen.orgs.models import Agency
from pramoen.scoring.engine import recompute
from pramoen.scoring.explain import JOINT
from pramoen.scoring.models import ScoreResult, VerifiedResult
from tests.feeds.surveys.conftest import answer, build, make_indicator

pytestmark = pytest.mark.django_db

HOST, SUPPORTERS, OUTSIDER = "public-works", ("1004", "1028"), "1015"
PARTICIPANTS = (HOST, *SUPPORTERS)


@pytest.fixture
def joint(personas) -> Indicator:
    """1.21, hosted by สำนักการโยธา (H) with บางรัก and สาทร supporting (R); ธนบุรี is not concerned.  Its H1
    figure so far: the host's reported and verified counts, 60 satisfied of 100."""
    ind = make_indicator(
        code="1.21",
        name_th="ร้อยละความพึงพอใจของประชาชนต่อทางเท้าที่ปรับปรุง",
        targets=(60, 65, 70, 75, 80),
        joint=True,
    )
    VerifiedResult.objects.create(
        assignment=Assignment.objects.get(indicator=ind, agency__code=HOST),
        period=Period.objects.get(fiscal_year=ind.fiscal_year, code="H1"),
        survey_responses=100,
        survey_satisfied=60,
    )
    recompute(fiscal_year=2567, period_code="H1")
    return ind


def _h1(code: str) -> ScoreResult:
    return ScoreResult.objects.get(
        assignment__agency__code=code, assignment__indicator__code="1.21", period__code="H1"
    )


def _edits(personas, username: str, survey: Survey) -> list[str]:
    """Each way of changing the questionnaire or moving the survey on that ``username`` is allowed."""
    user = personas[username]
    question = survey.questions.order_by("order").first()
    assert question is not None
    tries = {
        "update": lambda: services.survey_update(
            actor=user,
            survey=survey,
            data=services.SurveyInput(title="แก้", target_group="ใครก็ได้", period_code="H1"),
            version=survey.version,
        ),
        "question_add": lambda: services.question_add(
            actor=user, survey=survey, data=services.QuestionInput("ข้อใหม่")
        ),
        "question_delete": lambda: services.question_delete(actor=user, question=question),
        "open": lambda: services.survey_open(actor=user, survey=survey),
        "close": lambda: services.survey_close(actor=user, survey=survey),
    }
    allowed = []
    for name, attempt in tries.items():
        try:
            attempt()
        except PermissionDenied:
            continue
        except ApplicationError:  # allowed, but refused for another reason (the survey's state)
            pass
        allowed.append(name)
    return allowed


def test_before_negotiation_the_supporting_agencies_read_the_questionnaire_and_no_other_agency_edits_it(
    personas, joint, client_for
):
    survey = build(personas, joint, title="ความพึงพอใจต่อทางเท้า")
    assert selectors.agency_ids(survey) == sorted(
        Agency.objects.filter(code__in=PARTICIPANTS).values_list("pk", flat=True),
        key=lambda pk: Agency.objects.get(pk=pk).code,
    )
    for code in (*SUPPORTERS, OUTSIDER):  # a draft stays with the host
        staff = {"1004": "bangrak.staff", "1028": "sathon.staff", "1015": "thonburi.staff"}[code]
        assert not selectors.can_read(personas[staff], survey)
        assert client_for(staff).get(f"/surveys/{survey.pk}/").status_code == 403
    services.survey_share(actor=personas["publicworks.reviewer"], survey=survey)
    survey.refresh_from_db()
    for staff in ("bangrak.staff", "bangrak.head", "sathon.staff"):
        assert selectors.can_read(personas[staff], survey), staff
        page = client_for(staff).get(f"/surveys/{survey.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        assert "ความสะดวก" in text and "ผู้รับบริการที่สำนักงานเขต" in text  # the questions, the target group
        assert [s.pk for s in selectors.visible(personas[staff])] == [survey.pk]
    assert not selectors.can_read(personas["thonburi.staff"], survey)
    assert client_for("thonburi.staff").get(f"/surveys/{survey.pk}/").status_code == 403
    assert selectors.visible(personas["thonburi.staff"]) == []
    # reading is not editing: neither a supporting agency (staff or head) nor an agency not concerned
    # changes a word of it, nor moves it on — through the services or the pages
    for username in ("bangrak.staff", "bangrak.head", "sathon.staff", "thonburi.staff", "socialdev.reviewer"):
        assert _edits(personas, username, survey) == [], username
        client = client_for(username)
        tries = [
            client.post(f"/surveys/{survey.pk}/questions/", {"text": "ข้อแทรก", "kind": "scale"}),
            client.post(
                f"/surveys/{survey.pk}/edit/",
                {"indicator": joint.pk, "period": "H1", "title": "แก้", "target_group": "x", "version": "1"},
            ),
            client.post(f"/surveys/{survey.pk}/open/"),
        ]
        assert [r.status_code for r in tries] == [403, 403, 403], username
    survey.refresh_from_db()
    assert survey.title == "ความพึงพอใจต่อทางเท้า" and survey.state == Survey.State.SHARED
    assert list(Question.objects.filter(survey=survey).values_list("text", flat=True)) == [
        "ความสะดวก",
        "ความรวดเร็ว",
        "มาเรื่องใด",
        "ข้อเสนอแนะ",
    ]
    # the host still edits it until the evaluation office approves the method
    assert _edits(personas, "publicworks.reviewer", survey)[:3] == [
        "update",
        "question_add",
        "question_delete",
    ]


def test_the_closed_surveys_figure_reaches_the_host_and_every_supporting_agency(
    personas, joint, run_queued, client_for
):
    before = {code: _h1(code) for code in PARTICIPANTS}
    assert {s.actual for s in before.values()} == {D(60)}  # the host's reported counts, for everyone
    survey = build(personas, joint, title="ความพึงพอใจต่อทางเท้า")
    host = personas["publicworks.reviewer"]
    services.survey_share(actor=host, survey=survey)
    services.survey_review(actor=personas["eval.officer"], survey=survey, approve=True)
    survey = services.survey_open(actor=host, survey=survey)
    # each participant's public link carries its own responses: 8 five-point answers, 6 of them 4–5
    answer(survey, HOST, "5", "4", "บัตร")
    answer(survey, "1004", "5", "5", "บัตร")
    answer(survey, "1004", "4", "4", "ทะเบียน")
    answer(survey, "1028", "2", "1", "ทะเบียน")
    with pytest.raises(ApplicationError):  # no link for an agency the indicator is not assigned to
        services.token_issue(survey=survey, agency=Agency.objects.get(code=OUTSIDER))
    recompute(fiscal_year=2567, period_code="H1")
    assert {_h1(code).actual for code in PARTICIPANTS} == {D(60)}  # an open survey does not count
    closed = services.survey_close(actor=host, survey=survey)
    assert {_h1(code).actual for code in PARTICIPANTS} == {D(60)}  # until its job has run
    [job] = run_queued()
    assert job.pk == closed.job.pk and job.state == "done"
    assert job.summary["scores_changed"] >= len(PARTICIPANTS)
    after = {code: _h1(code) for code in PARTICIPANTS}
    for code, score in after.items():
        # not บางรัก's own 100 % nor สาทร's 0 %: all participants' answers, 6 of 8 → 75 % → level 4
        assert (score.actual, score.score) == (D("75.0000"), D("4.0000")), code
        assert score.score != before[code].score
        assert f"«{survey.title}» (#{survey.pk})" in score.explanation and "ผู้ตอบ 4 คน" in score.explanation
        assert "4–5 จำนวน 6 จาก 8" in score.explanation and JOINT in score.explanation
        assert score.inputs["survey"] == survey.pk and score.inputs["responses"] == 4
    # a supporting agency's page shows the figure its score came from, not its own responses alone
    page = client_for("sathon.staff").get(f"/surveys/{survey.pk}/").content.decode()
    assert 'data-testid="joint-figure"' in page and "75.00" in page and "สนข.บางรัก" in page
    xlsx = client_for("sathon.staff").get(f"/surveys/{survey.pk}/results.xlsx")
    assert xlsx.status_code == 200
    api = client_for("sathon.staff").get(f"/api/v1/surveys/{survey.pk}/").json()
    assert sum(v["responses"] for v in api["satisfaction"].values()) == 4
    assert client_for("thonburi.staff").get(f"/api/v1/surveys/{survey.pk}/").status_code == 403
    # paper forms of one supporting agency typed after the survey closed move every participant's score
    wb = Workbook()
    ws = wb.active
    ws.append(["agency", "Q1", "Q2", "Q3", "Q4"])
    for _ in range(2):
        ws.append(["1028", 5, 5, "บัตร", ""])
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("paper.xlsx", out.getvalue())
    paper_import_start(actor=host, survey=survey, upload=upload)
    [imported, *_rest] = run_queued()
    assert imported.state == "done", imported.error
    for code in PARTICIPANTS:  # 10 of 12 answers are 4–5 → 83.3333 % → level 5
        score = _h1(code)
        assert (score.actual, score.score) == (D("83.3333"), D("5.0000")), code
        assert "ผู้ตอบ 6 คน" in score.explanation
