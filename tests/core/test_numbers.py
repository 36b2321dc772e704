"""Numbers as people write them on the pages: counts without decimals ("60", not "60.0000"), large counts and
amounts with thousands separators ("12,345"), and an input's value ready to edit ("1234.5")."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from pramoen.core.templatetags.thai import num, num_input

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("60.0000"), "", "60"),
        (D("1234567.5000"), "", "1,234,567.5"),
        (12345, "", "12,345"),
        ("2.1000", 4, "2.1000"),
        (D("741602000"), 2, "741,602,000.00"),
        (None, "", ""),
        ("", 2, ""),
        ("—", "", "—"),
    ],
)
def test_num_writes_a_number_as_people_do(value, places, expected):
    assert num(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D("60.0000"), "60"), (D("1234.5000"), "1234.5"), (D("0.0000"), "0"), (None, ""), ("12", "12")],
)
def test_num_input_writes_a_value_to_edit(value, expected):
    assert num_input(value) == expected


def test_complaint_counts_have_separators_and_no_decimals():
    kpi = SimpleNamespace(
        kpi_percent=D("81.5000"),
        resolved=10234,
        counted=12557,
        kpi_percent_if_pending_steps_done=D("83.2000"),
        received=13980,
        excluded={"not_relevant": 1044, "forwarded": 210, "duplicate": 169, "appeal": 0},
        mean_star=None,
        rated=1200,
        reopened=35,
        median_days_to_resolve=None,
        median_days_source="",
        per_10k_residents=D("1234.5600"),
    )
    with translation.override("th"):
        html = render_to_string("complaints/_kpi.html", {"kpi": kpi})
    for shown in ("81.5%", "10,234", "12,557", "83.2%", "13,980", "1,044", "(1,200)", "1,234.56"):
        assert shown in html, shown
    assert "0000" not in html and "13980" not in html


def test_an_appeals_effect_shows_figures_without_stored_zeros():
    row = {"period": "ครึ่งปีแรก", "actual_before": "60.0000", "actual_after": "1250.5000"}
    row |= {"score_before": "2.1000", "score_after": "0.0000", "overall_before": None, "overall_after": None}
    context = {"effect_rows": [row], "case": SimpleNamespace(agency=SimpleNamespace(code="1004"))}
    with translation.override("th"):
        html = render_to_string("appeals/_effect.html", context | {"category": None})
    assert "60 → 1,250.5" in html and "2.1000 → 0.0000" in html and "– → –" in html


def test_the_survey_page_writes_its_population_with_separators(personas, client_for):
    from tests.feeds.surveys.conftest import build, make_indicator

    survey = build(personas, make_indicator(), population=600000)
    page = client_for("publicworks.reviewer").get(f"/surveys/{survey.pk}/").content.decode()
    assert "600,000" in page and "600000" not in page
    assert "±0.05)" in page  # the margin as written, not the stored 0.050


def test_the_report_form_shows_a_stored_count_as_it_was_typed(personas, client_for):
    from pramoen.progress import services
    from pramoen.progress.inputs import ReportInput
    from tests.progress.conftest import build_world

    world = build_world()
    staff = personas["bangrak.staff"]
    report = services.report_open(actor=staff, assignment=world.sidewalks, period=world.q3)
    report = services.report_save(
        actor=staff,
        report=report,
        version=report.version,
        data=ReportInput(numerator=D(60), denominator=D("1250.5")),
    )
    page = client_for("bangrak.staff").get(f"/progress/reports/{report.pk}/").content.decode()
    assert 'name="numerator" inputmode="decimal" value="60"' in page
    assert 'name="denominator" inputmode="decimal" value="1250.5"' in page
