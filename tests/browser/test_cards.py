"""Below 576 px every table becomes cards: on a 390-px phone the scorecard's and the ranking's rows are
cards the width of the screen, each value beside its column's name, the indicator's name on whole lines
and the score, light and trend inside the screen; 1280 px keeps the tables."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CELLS = """sel => Array.from(document.querySelectorAll(sel)).map(tr => Array.from(tr.children).map(td => {
  const r = td.getBoundingClientRect();
  return {label: td.dataset.label || '', left: r.left, right: r.right, width: r.width, text: td.innerText.trim()};
}))"""


def _rows(page: Any, selector: str) -> list[list[dict[str, Any]]]:
    return list(page.evaluate(CELLS, selector))


def test_the_scorecard_and_the_ranking_are_cards_on_a_phone(browser, live_server, published):
    page = sign_in(browser, live_server, "executive", 390)
    page.goto(f"{live_server.url}/scores/agency/1028/?fy=2567&period=H1")
    rows = _rows(page, "tr[data-indicator]")
    assert rows, "the scorecard has indicator lines"
    for cells in rows:
        name = cells[0]
        assert name["width"] > 250, name  # the indicator's name spans the card, not a word a line
        assert all(c["right"] <= 390 and c["left"] >= 0 for c in cells), cells  # score, light, trend inside
        assert {c["label"] for c in cells[1:]} >= {"คะแนน", "สถานะ", "แนวโน้ม"}
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{live_server.url}/scores/ranking/?fy=2567&period=H1")
    rows = _rows(page, "[data-testid=ranking] tbody tr")
    assert rows
    for cells in rows:
        assert all(c["right"] <= 390 and c["left"] >= 0 and c["width"] > 250 for c in cells), cells
        assert all(c["label"] for c in cells), cells
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()


def test_a_wide_screen_keeps_the_tables(browser, live_server, published):
    page = sign_in(browser, live_server, "executive", 1280)
    page.goto(f"{live_server.url}/scores/agency/1028/?fy=2567&period=H1")
    cells = _rows(page, "tr[data-indicator]")[0]
    assert len({round(c["left"]) for c in cells}) == len(cells)  # side by side, one row
    page.context.close()
