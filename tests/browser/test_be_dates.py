"""Dates are chosen in the Buddhist Era with Thai month names (day · month · year พ.ศ.), never the browser's
Gregorian mm/dd/yyyy input; the form still sends the ISO date.  At 390 px, on the third quarter."""

from __future__ import annotations

import datetime as dt

import pytest

from pramoen.progress.models import PeriodControl
from tests.browser.conftest import sign_in
from tests.progress.conftest import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(demo_world: None) -> World:
    return build_world()


def test_a_deadline_is_chosen_in_the_buddhist_era_with_thai_month_names(browser, live_server, world):
    page = sign_in(browser, live_server, "eval.officer", 390)
    page.goto(f"{live_server.url}/progress/periods/?period=Q3")
    form = page.locator("form:has(input[name=what][value=deadline])")
    assert form.locator('input[type="date"]').count() == 0  # no Gregorian browser picker left
    day, month, year = (form.get_by_label(name, exact=True) for name in ("วัน", "เดือน", "ปี พ.ศ."))
    months = month.locator("option").all_inner_texts()
    assert months[1:4] == ["มกราคม", "กุมภาพันธ์", "มีนาคม"] and len(months) == 13
    years = year.locator("option").all_inner_texts()[1:]
    assert all(2500 < int(y) < 2700 for y in years) and "2567" in years
    day.select_option("15")
    month.select_option(label="กรกฎาคม")  # the third quarter ends in June
    year.select_option(label="2567")
    assert form.locator("input[type=hidden][name=deadline]").input_value() == "2024-07-15"
    with page.expect_navigation():
        form.get_by_role("button").click()
    control = PeriodControl.objects.get(period=world.q3)
    assert control.deadline == dt.date(2024, 7, 15)  # 15 July 2567 BE is 15 July 2024
    # the saved date comes back in the same choosers
    form = page.locator("form:has(input[name=what][value=deadline])")
    assert form.get_by_label("ปี พ.ศ.", exact=True).locator("option:checked").inner_text() == "2567"
    assert form.get_by_label("เดือน", exact=True).locator("option:checked").inner_text() == "กรกฎาคม"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()
