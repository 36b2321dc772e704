"""The built-in methods: one context at a time (``compute``) and a whole indicator-period at once
(``compute_figures``, what the engine calls) give the same answers."""

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from pramoen.scoring import methods
from pramoen.scoring.methods import MethodContext, ReportedMethod, get_method
from pramoen.scoring.models import VerifiedResult

STEPS = [
    {"name": "a", "weight": 20, "done": 100, "level": 1},
    {"name": "b", "weight": 30, "done": 50, "level": 2},
]
REPORTED = {
    "value": D("12.5000"),
    "numerator": D(85),
    "denominator": D(100),
    "milestones": STEPS,
    "survey_responses": 200,
    "survey_satisfied": 150,
    "source": "test",
}


def _ctx(reported):
    return MethodContext(
        agency_id=1,
        agency_code="1004",
        fiscal_year=2567,
        period_code="H1",
        period_start=dt.date(2023, 10, 1),
        period_end=dt.date(2024, 3, 31),
        indicator_code="1.1",
        reported=reported,
    )


def test_the_engines_figures_are_fields_of_a_verified_result():
    assert VerifiedResult.FIGURES is methods.FIGURES
    stored = {f.name for f in VerifiedResult._meta.get_fields()}
    assert set(methods.FIGURES) <= stored


@pytest.mark.parametrize(
    ("key", "actual", "unit", "inputs", "sentence"),
    [
        ("value", D("12.5000"), "", {"value": "12.5000"}, "= 12.5"),
        ("ratio", D("85.0000"), "%", {"numerator": "85", "denominator": "100"}, "85 ÷ 100 × 100 = ร้อยละ 85"),
        ("action_plan", D("70.0000"), "%", {"milestones": STEPS}, "(a 100%×20, b 50%×30) = ร้อยละ 70"),
        ("milestone_level", D(1), "ระดับ", {"milestones": STEPS}, "ขั้นตอนครบถึงระดับ 1"),
    ],
)
def test_one_context_and_a_batch_of_figures_agree(key, actual, unit, inputs, sentence):
    method = get_method(key)
    assert isinstance(method, ReportedMethod)
    result = method.compute(_ctx(REPORTED))
    assert (result.actual, result.unit, result.inputs) == (actual, unit, inputs)
    assert sentence in result.explanation
    # the engine's figures: milestones as the stored JSON text, decoded only by the methods that use them
    figures = tuple(json.dumps(v) if f == "milestones" else v for f, v in REPORTED.items())
    assert method.compute_figures([figures, None]) == [
        (actual, inputs, result.explanation),
        method.compute_figures([None])[0],
    ]
    nothing = method.compute(_ctx(None))
    assert nothing.actual is None and nothing.unit == "" and nothing.explanation


def test_no_data_reasons():
    assert get_method("ratio").compute(_ctx({**REPORTED, "denominator": D(0)})).explanation == (
        "ตัวหารเป็นศูนย์ จึงคำนวณร้อยละไม่ได้"
    )
    assert get_method("action_plan").compute(_ctx({**REPORTED, "milestones": []})).actual is None
    # (survey: computed from survey responses by pramoen.feeds.surveys, see tests/feeds/surveys)
