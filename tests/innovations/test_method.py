"""The ``innovation`` method: the host's scored levels, capped by kind, plus spread; the best counts."""

from decimal import Decimal as D

import pytest

from pramoen.innovations.models import InnovationCriteria
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult
from tests.innovations.conftest import make, scored

pytestmark = pytest.mark.django_db


def _score(assignment):
    recompute(fiscal_year=2567, period_code="H1", resume=False)
    return ScoreResult.objects.get(assignment=assignment, period__code="H1")


def test_the_best_scored_innovation_of_the_year_counts_and_the_trail_names_it(
    personas, host_reviewer, component2
):
    scored(personas, host_reviewer, "1004", "ดีพอใช้", (3, 3, 3, 3))
    scored(personas, host_reviewer, "1004", "ดีมาก", (5, 4, 4, 5))  # (125 + 100 + 120 + 100) / 100 = 4.45
    scored(personas, host_reviewer, "1004", "ปีก่อน", (5, 5, 5, 5), fiscal_year=2566)  # another year
    make(personas["bangrak.staff"], "1004", "ยังเป็นร่าง")
    s = _score(component2["1004"])
    assert (s.actual, s.score) == (D("4.4500"), D("4.4500"))
    assert "«ดีมาก»" in s.explanation and "ดีที่สุดจาก 2 นวัตกรรม" in s.explanation
    assert _score(component2["1015"]).status == "no_data"


def test_a_kind_caps_the_level_and_each_adopter_adds_the_years_bonus(personas, host_reviewer, component2):
    InnovationCriteria.objects.create(
        fiscal_year=2567, kind_caps={"new": "5", "improved": "4", "adopted": "3"}, spread_bonus=D("0.25")
    )
    origin = scored(
        personas, host_reviewer, "1004", "ต้นแบบปีก่อน", (4, 4, 4, 4), fiscal_year=2565, adoptable_by="any"
    )
    # an earlier year's innovation counts in 2567 only because others adopted it in 2567
    assert _score(component2["1004"]).status == "no_data"
    scored(personas, host_reviewer, "1028", "สาทรนำมาใช้", (5, 5, 5, 5), kind="adopted", adopted_from=origin)
    scored(personas, host_reviewer, "1015", "ธนบุรีนำมาใช้", (5, 5, 5, 5), kind="adopted", adopted_from=origin)
    s = _score(component2["1004"])
    assert s.actual == D("4.5000")  # 4 + 2 × 0.25
    assert "ขยายผลไปยัง 2 หน่วยงาน" in s.explanation
    assert _score(component2["1028"]).actual == D("3.0000")  # an adoption reaches at most 3 this year


def test_the_value_never_passes_five(personas, host_reviewer, component2):
    origin = scored(personas, host_reviewer, "1004", "สูงสุด", (5, 5, 5, 5))
    scored(personas, host_reviewer, "1028", "นำไปใช้", (3, 3, 3, 3), kind="adopted", adopted_from=origin)
    assert _score(component2["1004"]).actual == D(5)
