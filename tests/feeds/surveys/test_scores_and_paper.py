"""Closing a survey recomputes its indicator from the responses (the trail names the survey and the count);
paper responses from XLSX: all rows or none, errors by row, column and reason."""

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from pramoen.core.errors import ApplicationError
from pramoen.feeds.surveys import importer, services
from pramoen.feeds.surveys.models import Response
from pramoen.framework.models import Assignment, Period
from pramoen.scoring.engine import recompute
from pramoen.scoring.methods import MethodContext, get_method
from pramoen.scoring.models import ScoreResult, VerifiedResult
from tests.feeds.surveys.conftest import answer, opened

pytestmark = pytest.mark.django_db


def _score(code, period="H1"):
    return ScoreResult.objects.get(
        assignment__agency__code=code, assignment__indicator__code="1.11", period__code=period
    )


def test_closing_the_survey_recomputes_the_indicator_from_its_responses(personas, indicator, run_queued):
    # before: the agency's reported and verified counts (as before surveys ran in pramoen)
    bang_rak = Assignment.objects.get(indicator=indicator, agency__code="1004")
    VerifiedResult.objects.create(
        assignment=bang_rak,
        period=Period.objects.get(fiscal_year=indicator.fiscal_year, code="H1"),
        survey_responses=100,
        survey_satisfied=60,
    )
    recompute(fiscal_year=2567, period_code="H1")
    assert _score("1004").actual == D(60)
    survey = opened(personas, indicator)
    for a, b in ((5, 5), (5, 4), (4, 4), (3, 5)):
        answer(survey, "1004", str(a), str(b), "บัตร")
    answer(survey, "1028", "1", "2", "ทะเบียน")
    recompute(fiscal_year=2567, period_code="H1")
    assert _score("1004").actual == D(60)  # an open survey does not count yet
    closed = services.survey_close(actor=personas["publicworks.reviewer"], survey=survey)
    assert _score("1004").actual == D(60)  # until the job has run
    [job] = run_queued()
    assert job.pk == closed.job.pk and job.state == "done" and job.summary["scores_changed"] >= 2
    s = _score("1004")
    assert (s.actual, s.score) == (D("87.5000"), D("4.5000"))  # 7 of 8 answers are 4–5; 85 → 4, 90 → 5
    assert f"«{survey.title}» (#{survey.pk})" in s.explanation and "ผู้ตอบ 4 คน" in s.explanation
    assert "4–5 จำนวน 7 จาก 8" in s.explanation
    assert _score("1028").actual == D(0)
    # only the periods that had scores are rewritten: later ones nobody scored stay without rows
    assert set(ScoreResult.objects.values_list("period__code", flat=True)) == {"H1"}
    # a period that ends before the survey's period still reads the reported figures
    recompute(fiscal_year=2567, period_code="Q1")
    assert _score("1004", "Q1").status == "no_data"


def test_the_method_uses_the_mean_rule_and_falls_back_to_reported_counts(personas, indicator):
    survey = opened(personas, indicator, rule="mean")
    answer(survey, "1004", "5", "3", "บัตร")
    services.survey_close(actor=personas["publicworks.reviewer"], survey=survey)
    method = get_method("survey")
    ctx = MethodContext(
        agency_id=Assignment.objects.get(indicator=indicator, agency__code="1004").agency_id,
        agency_code="1004",
        fiscal_year=2567,
        period_code="FY",
        period_start=indicator.fiscal_year.start,
        period_end=indicator.fiscal_year.end,
        indicator_code="1.11",
    )
    result = method.compute(ctx)
    assert (
        result.actual == D(80) and result.inputs["responses"] == 1 and "ค่าเฉลี่ย 4 จาก 5" in result.explanation
    )
    other = MethodContext(
        **{
            **ctx.__dict__,
            "indicator_code": "9.9",
            "reported": {"survey_responses": 200, "survey_satisfied": 150},
        }
    )
    fallback = method.compute(other)
    assert fallback.actual == D(75) and "150 จาก 200 คน = ร้อยละ 75" in fallback.explanation
    assert (
        method.compute(MethodContext(**{**other.__dict__, "reported": {"survey_responses": 0}})).actual
        is None
    )


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_paper_responses_are_imported_all_or_nothing(personas, indicator):
    """(the importer itself; the same file through the feed's job is the next test)"""
    survey = opened(personas, indicator)
    host = personas["publicworks.reviewer"]
    header = ["agency", "Q1 ความสะดวก", "Q2", "Q3", "Q4"]
    bad = _xlsx([header, ["1004", 5, 4, "บัตร", ""], ["1028", 6, 4, "บัตร", ""], ["1015", 5, 5, "บัตร", ""]])
    with pytest.raises(ApplicationError) as err:
        importer.import_paper(actor=host, survey=survey, upload=bad, file_name="paper.xlsx")
    errors = err.value.extra["errors"]
    assert (
        errors[0] == {"row": 3, "field": "Q1", "reason": errors[0]["reason"]} and "6" in errors[0]["reason"]
    )
    assert errors[1]["row"] == 4 and errors[1]["field"] == "agency"
    assert not Response.objects.exists()
    good = _xlsx([header, ["1004", 5, 4, "บัตร", "ดีมาก"], ["สำนักงานเขตสาทร", "๓", 2, "ทะเบียน", None]])
    outcome = importer.import_paper(actor=host, survey=survey, upload=good, file_name="paper.xlsx")
    assert outcome.rows == 2 and Response.objects.filter(channel="paper").count() == 2
    assert sorted(Response.objects.values_list("paper_row", flat=True)) == [2, 3]
    with pytest.raises(ApplicationError) as err:  # a missing question column is named
        importer.import_paper(
            actor=host, survey=survey, upload=_xlsx([["agency", "Q1"], ["1004", 5]]), file_name="p.xlsx"
        )
    assert "Q2" in err.value.extra["errors"][0]["field"]
    with pytest.raises(PermissionDenied):
        importer.import_paper(
            actor=personas["bangrak.staff"], survey=survey, upload=good, file_name="paper.xlsx"
        )
    template = importer.template_xlsx(survey)
    assert template[:2] == b"PK"


def test_paper_responses_go_through_the_import_job_and_a_closed_survey_recomputes(
    personas, indicator, run_queued
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pramoen.feeds.surveys.feed import paper_import_start

    survey = opened(personas, indicator)
    answer(survey, "1004", "1", "1", "บัตร")
    services.survey_close(actor=personas["publicworks.reviewer"], survey=survey)
    run_queued()
    assert _score("1004").actual == D(0)
    host = personas["publicworks.reviewer"]
    rows = [["agency", "Q1", "Q2", "Q3", "Q4"], ["1004", 5, 5, "บัตร", ""], ["1004", 5, 4, "บัตร", ""]]
    bad = paper_import_start(
        actor=host,
        survey=survey,
        upload=SimpleUploadedFile("late.xlsx", _xlsx([*rows, ["1004", 0, 5, "บัตร", ""]])),
    )
    good = paper_import_start(actor=host, survey=survey, upload=SimpleUploadedFile("late.xlsx", _xlsx(rows)))
    with pytest.raises(PermissionDenied):
        paper_import_start(
            actor=personas["bangrak.staff"], survey=survey, upload=SimpleUploadedFile("x.xlsx", b"x")
        )
    jobs = {j.pk: j for j in run_queued()}
    assert jobs[bad.pk].state == "failed" and jobs[bad.pk].rejects[0]["row"] == 4
    assert jobs[bad.pk].rejects[0]["field"] == "Q1"
    assert jobs[good.pk].state == "done" and jobs[good.pk].summary["responses"] == 2
    from pramoen.feeds.models import ImportRun

    (run,) = ImportRun.objects.filter(feed="surveys")  # the refused file left none
    assert (run.job_id, run.subject_pk, run.figures, run.imported_by) == (
        good.pk,
        survey.pk,
        {"responses": 2},
        host,
    )
    assert set(run.paper_responses.values_list("paper_row", flat=True)) == {2, 3}
    assert jobs[good.pk].summary["scores_changed"] >= 1
    assert _score("1004").actual == D("66.6667")  # 4 of the 6 answers are 4–5 now
