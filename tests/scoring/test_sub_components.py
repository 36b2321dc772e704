"""Sub-components (องค์ประกอบย่อย): scored from their own indicators, then one weighted part of their
component; the overall score counts top-level components only.  Figures recomputed by hand."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from pramoen.framework.models import Assignment, Component, Indicator, Period
from pramoen.scoring import rollup
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import AgencyScore, VerifiedResult
from pramoen.scoring.selectors import ranking, scorecard

pytestmark = pytest.mark.django_db(transaction=False)


def test_roll_up_by_hand():
    nodes = {
        1: rollup.Node(1, None, D(60)),
        11: rollup.Node(11, 1, D(20)),
        3: rollup.Node(3, None, D(40)),
    }
    scored = {1: [(D(10), D(4)), (D(30), D(2))], 11: [(D(5), D(5)), (D(5), D(3))], 3: [(D(100), D(1))]}
    assigned = {1: D(50), 11: D(10), 3: D(100)}
    parts, overall = rollup.roll_up(nodes, scored, assigned)
    assert parts[11] == rollup.Rolled(D("4.0000"), D(10), D(10))  # (5×5 + 5×3) / 10
    # component 1: its own 10×4 + 30×2 and the sub-component as a part of weight 20 scoring 4
    assert parts[1] == rollup.Rolled(D("3.0000"), D(60), D(70))  # (40 + 60 + 80) / 60; 50 + 20 assigned
    assert parts[3].score == D("1.0000")
    assert overall == rollup.Rolled(D("2.2000"), D(100), D(100))  # (60×3 + 40×1) / 100


def test_a_sub_component_without_scores_drops_out_and_one_alone_makes_its_parent():
    nodes = {1: rollup.Node(1, None, D(60)), 11: rollup.Node(11, 1, D(20))}
    parts, overall = rollup.roll_up(nodes, {1: [(D(10), D(3))]}, {1: D(10), 11: D(5)})
    assert parts[11].score is None and parts[1] == rollup.Rolled(D("3.0000"), D(10), D(30))
    parts, overall = rollup.roll_up(nodes, {11: [(D(5), D(2))]}, {11: D(5)})
    assert parts[1] == rollup.Rolled(D("2.0000"), D(20), D(20)) and overall.score == D("2.0000")


@pytest.fixture
def with_function_base(small_year):
    """small_year plus sub-component 1.1 (weight 20 within component 1) holding indicator 1.9."""
    fy, a = small_year
    c1 = Component.objects.get(fiscal_year=fy, code="1")
    fb = Component.objects.create(
        fiscal_year=fy, code="1.1", name_th="ฟังก์ชัน", name_en="Function Base", weight=D(20), order=2, parent=c1
    )
    served = Indicator.objects.create(
        fiscal_year=fy,
        component=fb,
        code="1.9",
        name_th="คำขอที่ให้บริการได้ภายในเวลา",
        method="ratio",
        t1=D(80),
        t2=D(85),
        t3=D(90),
        t4=D(95),
        t5=D(100),
    )
    a[("1004", "1.9")] = Assignment.objects.create(
        indicator=served, agency=a[("1004", "1.1")].agency, weight=D(5)
    )
    return fy, a


def _verify(assignment, **figures):
    period = Period.objects.get(fiscal_year=assignment.indicator.fiscal_year, code="H1")
    VerifiedResult.objects.create(assignment=assignment, period=period, source="test", **figures)


def test_the_engine_stores_the_sub_component_its_component_and_the_overall(with_function_base, client_for):
    fy, a = with_function_base
    _verify(a[("1004", "1.1")], numerator=D(85), denominator=D(100))  # 3.5
    _verify(a[("1004", "1.2")], value=D(12))  # 4.6
    _verify(a[("1004", "1.9")], numerator=D(92), denominator=D(100))  # 3.4
    _verify(a[("1004", "2.1")], milestones=[{"level": 1, "done": 100}, {"level": 2, "done": 100}])  # 2
    recompute(fiscal_year=2567, period_code="H1")
    stored = {
        s.component.code if s.component else "overall": s
        for s in AgencyScore.objects.filter(agency__code="1004", period__code="H1").select_related(
            "component"
        )
    }
    assert (stored["1.1"].score, stored["1.1"].weight_total) == (D("3.4000"), D(5))
    # component 1: 10×3.5 + 30×4.6 + 20×3.4 over 60 (the joint 1.3 has no data: weight 10 assigned, not scored)
    assert stored["1"].score == D("4.0167")
    assert (stored["1"].weight_scored, stored["1"].weight_total) == (D(60), D(70))
    assert stored["overall"].score == D("3.2100")  # (60×4.0167 + 40×2) / 100: the sub-component not again

    card = scorecard(agency=a[("1004", "1.1")].agency, fiscal_year=fy, period=fy.periods.get(code="H1"))
    assert [c.component.code for c in card.components] == ["1", "2"]
    assert [c.component.code for c in card.components[0].children] == ["1.1"]
    assert [line.indicator.code for line in card.components[0].children[0].lines] == ["1.9"]
    assert "1.9" not in [line.indicator.code for line in card.components[0].lines]

    # the ranking's roll-up is the same rule: with every indicator kept, it ranks on the stored overall
    fy.ranking_min_coverage = D(0)
    fy.save()
    row = next(r for r in ranking(fiscal_year=fy, period=fy.periods.get(code="H1"), kind="district_office").rows
               if r.agency.code == "1004")  # fmt: skip
    assert row.score == stored["overall"].score

    page = client_for("eval.officer").get("/scores/agency/1004/?fy=2567&period=H1")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="sub-component"' in body and "4.0167" in body
    api = client_for("eval.officer").get("/api/v1/scorecards/1004/?fiscal_year=2567&period=H1").json()
    assert [(c["code"], c["parent"]) for c in api["components"]] == [("1", None), ("1.1", "1"), ("2", None)]
    assert client_for("sathon.staff").get("/scores/agency/1004/?fy=2567&period=H1").status_code == 403


def test_a_sub_component_must_be_one_level_in_the_same_year(with_function_base):
    from django.core.exceptions import ValidationError

    from pramoen.framework.services import fiscal_year_ensure

    fy, _a = with_function_base
    fb = Component.objects.get(fiscal_year=fy, code="1.1")
    deeper = Component(fiscal_year=fy, code="1.1.1", name_th="x", name_en="x", weight=D(1), parent=fb)
    with pytest.raises(ValidationError, match="องค์ประกอบย่อยมีองค์ประกอบย่อยของตนเองไม่ได้"):
        deeper.full_clean()
    other = fiscal_year_ensure(year=2568)
    elsewhere = Component(fiscal_year=other, code="9", name_th="x", name_en="x", weight=D(1), parent=fb)
    with translation.override("en"), pytest.raises(ValidationError, match="same fiscal year"):
        elsewhere.full_clean()
