"""Recompute: scores, roll-ups, joint KPIs, idempotence, resumption and automatic recompute."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import transaction

from pramoen.framework.models import Period, Target
from pramoen.scoring import explain
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import AgencyScore, RecomputeRun, RecomputeSlot, ScoreResult, VerifiedResult

pytestmark = pytest.mark.django_db(transaction=False)


def _verify(assignment, period_code, **figures):
    period = Period.objects.get(fiscal_year=assignment.indicator.fiscal_year, code=period_code)
    return VerifiedResult.objects.create(assignment=assignment, period=period, source="test", **figures)


def _score(assignment, period_code="H1"):
    return ScoreResult.objects.get(assignment=assignment, period__code=period_code)


def test_scores_and_roll_ups(small_year):
    _fy, a = small_year
    _verify(a[("1004", "1.1")], "H1", numerator=D(85), denominator=D(100))
    _verify(a[("1004", "1.2")], "H1", value=D(12))  # lower is better: between T4=15 and T5=10
    _verify(
        a[("1004", "2.1")],
        "H1",
        milestones=[{"level": 1, "done": 100}, {"level": 2, "done": 100}, {"level": 3, "done": 60}],
    )
    recompute(fiscal_year=2567, period_code="H1")
    s11, s12, s21 = _score(a[("1004", "1.1")]), _score(a[("1004", "1.2")]), _score(a[("1004", "2.1")])
    assert (s11.actual, s11.score, s11.level) == (D("85.0000"), D("3.5000"), 3)
    assert (s12.actual, s12.score, s12.level) == (D("12.0000"), D("4.6000"), 4)
    assert (s21.actual, s21.score, s21.level) == (D("2.0000"), D("2.0000"), 2)  # no interpolation
    assert (
        "85 ÷ 100 × 100" in s11.explanation and "คะแนน = 3 + (85 − 80) ÷ (90 − 80) = 3.5" in s11.explanation
    )
    assert s11.inputs == {"numerator": "85.0000", "denominator": "100.0000", "source": "test"}
    # the joint KPI has no host result yet: no data, its weight drops out of the component
    assert _score(a[("1004", "1.3")]).status == "no_data"
    c1 = AgencyScore.objects.get(agency__code="1004", period__code="H1", component__code="1")
    assert c1.score == D("4.3250")  # (10×3.5 + 30×4.6) / 40
    assert (c1.weight_scored, c1.weight_total) == (D(40), D(50))
    overall = AgencyScore.objects.get(agency__code="1004", period__code="H1", component=None)
    assert overall.score == D("3.3950")  # (60×4.325 + 40×2) / 100


def test_a_joint_kpi_gives_every_participant_the_hosts_score(small_year):
    _fy, a = small_year
    _verify(a[("traffic-transport", "1.3")], "H1", numerator=D(72), denominator=D(100))
    _verify(
        a[("1004", "1.3")], "H1", numerator=D(10), denominator=D(100)
    )  # a supporter's own figure is ignored
    recompute(fiscal_year=2567, period_code="H1")
    scores = {code: _score(a[(code, "1.3")]) for code in ("traffic-transport", "1004", "1028")}
    assert {s.score for s in scores.values()} == {D("2.2000")}
    assert {s.actual for s in scores.values()} == {D("72.0000")}
    assert explain.JOINT in scores["1028"].explanation.splitlines()
    assert "Joint" not in scores["1028"].explanation  # Thai only


def test_an_explanation_stored_with_the_english_gloss_reads_in_thai():
    old = "ผลงาน 72\nตัวชี้วัดร่วม (Joint KPI): ทุกหน่วยงานที่ร่วมดำเนินการได้ผลและคะแนนเดียวกัน"
    assert explain.explanation_lines(old) == ["ผลงาน 72", explain.JOINT]


def test_recompute_is_idempotent_and_writes_only_changes(small_year, django_assert_max_num_queries):
    _fy, a = small_year
    _verify(a[("1004", "1.1")], "H1", numerator=D(85), denominator=D(100))
    first = recompute(fiscal_year=2567, period_code="H1")
    assert first.written == first.assignments == 9
    again = recompute(fiscal_year=2567, period_code="H1")
    assert again.written == 0
    VerifiedResult.objects.filter(assignment=a[("1004", "1.1")]).update(numerator=D(95))
    third = recompute(fiscal_year=2567, period_code="H1")
    assert third.written == 1 and _score(a[("1004", "1.1")]).score == D("4.5000")


def test_an_interrupted_run_resumes_where_it_stopped(small_year, monkeypatch):
    from pramoen.scoring import engine

    _fy, a = small_year
    _verify(a[("1004", "1.1")], "H1", numerator=D(85), denominator=D(100))
    calls = {"n": 0}
    real = engine._compute_slot

    def crash_on_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "_compute_slot", crash_on_second)
    with pytest.raises(RuntimeError):
        recompute(fiscal_year=2567, period_code="H1", slot_size=1)
    run = RecomputeRun.objects.get()
    assert run.status == "started"
    assert RecomputeSlot.objects.filter(run=run, done=True).count() == 1
    monkeypatch.setattr(engine, "_compute_slot", real)
    summary = recompute(fiscal_year=2567, period_code="H1", slot_size=1)
    assert summary.resumed and summary.run_id == run.pk
    run.refresh_from_db()
    assert run.status == "done" and not RecomputeSlot.objects.filter(run=run, done=False).exists()
    assert ScoreResult.objects.filter(period__code="H1").count() == 9


def test_scores_follow_their_inputs_automatically(small_year, django_capture_on_commit_callbacks):
    _fy, a = small_year
    with django_capture_on_commit_callbacks(execute=True):
        vr = _verify(a[("1028", "1.1")], "Q1", numerator=D(65), denominator=D(100))
    assert _score(a[("1028", "1.1")], "Q1").score == D("1.5000")
    with django_capture_on_commit_callbacks(execute=True):
        vr.numerator = D(100)
        vr.save()
    assert _score(a[("1028", "1.1")], "Q1").score == D("5.0000")
    with django_capture_on_commit_callbacks(execute=True):
        Target.objects.create(assignment=a[("1028", "1.1")], period=vr.period, value=D(80))
    assert _score(a[("1028", "1.1")], "Q1").target == D("80.0000")


def test_unknown_methods_give_no_data_not_a_crash(small_year):
    from pramoen.framework.models import Indicator

    _fy, a = small_year
    Indicator.objects.filter(code="1.1").update(method="not_installed_yet")
    recompute(fiscal_year=2567, period_code="H1")
    score = _score(a[("1004", "1.1")])
    assert score.status == "no_data" and "not_installed_yet" in score.explanation


def test_the_command(small_year, capsys):
    call_command("recompute_scores", "--fiscal-year", "2567", "--period", "H1")
    assert "2567 H1: 9 assignments" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2599"):
        call_command("recompute_scores", "--fiscal-year", "2599", "--period", "H1")
    with transaction.atomic():
        call_command("recompute_scores", "--fiscal-year", "2567", "--period", "all")
    assert ScoreResult.objects.filter(period__code="FY").count() == 9


def test_deleting_an_assignment_or_a_period_deletes_its_scores(small_year):
    # ScoreResult's foreign keys have no database constraint (docs/scoring.md "Speed"): Django deletes them
    _fy, a = small_year
    recompute(fiscal_year=2567, period_code="H1")
    recompute(fiscal_year=2567, period_code="Q1")
    assert ScoreResult.objects.filter(assignment=a[("1004", "1.1")]).count() == 2
    a[("1004", "1.1")].delete()
    assert not ScoreResult.objects.filter(assignment_id=a[("1004", "1.1")].pk).exists()
    Period.objects.filter(fiscal_year=_fy, code="Q1").delete()
    assert not ScoreResult.objects.filter(period__code="Q1").exists()
    assert ScoreResult.objects.filter(period__code="H1").count() == 8
    periods = set(Period.objects.values_list("pk", flat=True))
    assert {s.period_id for s in ScoreResult.objects.all()} <= periods  # no orphans left behind


def test_a_joint_kpi_is_scored_from_its_host_even_when_the_host_is_in_another_slot(small_year):
    _fy, a = small_year
    _verify(a[("traffic-transport", "1.3")], "H1", numerator=D(72), denominator=D(100))
    _verify(a[("1004", "2.1")], "H1", milestones=[{"level": 1, "done": 100}, {"level": 2, "done": 40}])
    summary = recompute(fiscal_year=2567, period_code="H1", slot_size=1)
    assert summary.slots == 3
    assert {_score(a[(code, "1.3")]).score for code in ("traffic-transport", "1004", "1028")} == {D("2.2000")}
    assert _score(a[("1028", "1.3")]).inputs == {
        "numerator": "72.0000",
        "denominator": "100.0000",
        "source": "test",
    }
    s21 = _score(a[("1004", "2.1")])
    assert (s21.actual, s21.score, s21.level) == (D(1), D("1.0000"), 1)
    assert s21.inputs["milestones"] == [{"level": 1, "done": 100}, {"level": 2, "done": 40}]


def test_the_recompute_job_names_its_period_in_thai_words(small_year):
    """The job page shows the summary line as written: a period's name, never its code (H1, all)."""
    from django.utils import translation

    from pramoen.jobs.services import job_run_inline

    with translation.override("th"):
        one = job_run_inline(
            kind="recompute_scores", actor=None, params={"fiscal_year": 2567, "period": "H1"}
        )
        every = job_run_inline(
            kind="recompute_scores", actor=None, params={"fiscal_year": 2567, "period": "all"}
        )
    assert "ครึ่งปีแรก" in one.outcome[0] and "H1" not in one.outcome[0]
    assert "ทุกช่วง" in every.outcome[0] and "all" not in every.outcome[0]
