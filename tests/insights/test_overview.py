"""The executive overview: numbers, laggards with their reasons, the map's data, drill-down, refusal,
and a cache that a recompute makes fresh."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pramoen.core.audit import acting_as
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult, VerifiedResult
from tests.public.conftest import build_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(personas, tmp_path):
    return build_published(tmp_path)


def test_the_executive_sees_who_is_behind_and_why_and_drills_down(year, client_for):
    c = client_for("executive")
    resp = c.get(reverse("insights:overview"), {"fy": "2567", "period": "H1", "kind": "district_office"})
    assert resp.status_code == 200
    o = resp.context["o"]
    rows = {r.code: r for r in o.rows}
    assert set(rows) >= {"1004", "1028"} and all(r.kind == "district_office" for r in o.rows)
    assert rows["1028"].overall < rows["1004"].overall
    lowest = o.lowest[0]
    assert lowest.code == "1028" and "1.1" in lowest.reason_th and lowest.score_id is not None
    assert o.district_scores[1028]["overall"] == float(rows["1028"].overall)
    text = resp.content.decode()
    # one tap: the scorecard; two: how the score was made
    card_url = reverse("scorecard", args=["1028"]) + "?fy=2567&amp;period=H1"
    assert card_url in text and reverse("score-explain", args=[lowest.score_id]) in text
    card = c.get(reverse("scorecard", args=["1028"]), {"fy": "2567", "period": "H1"})
    assert reverse("score-explain", args=[lowest.score_id]) in card.content.decode()
    assert c.get(reverse("score-explain", args=[lowest.score_id])).status_code == 200
    # a bureau filter has no district office; a district group keeps only its districts
    bureaus = c.get(reverse("insights:overview"), {"kind": "bureau"}).context["o"].rows
    assert bureaus and all(r.kind == "bureau" for r in bureaus)
    south = c.get(reverse("insights:overview"), {"group": "1"}).context["o"].rows  # any group: filtered
    assert all(r.group_code == 1 for r in south)


def test_only_those_who_read_everything_open_it(year, client_for):
    assert client_for("bangrak.staff").get(reverse("insights:overview")).status_code == 403
    assert client_for("committee1.member").get(reverse("insights:overview")).status_code == 403
    assert Client().get(reverse("insights:overview")).status_code == 302  # to the sign-in page
    assert client_for("eval.officer").get(reverse("insights:overview")).status_code == 200
    home = client_for("eval.officer").get(reverse("home")).content.decode()
    assert 'data-testid="home-overview"' in home
    # the executive's home shows the overview's laggards and trend themselves, and opens the overview
    home = client_for("executive").get(reverse("home")).content.decode()
    assert 'data-testid="home-executive-scores"' in home and reverse("insights:overview") in home
    assert (
        'data-testid="home-overview"' not in client_for("bangrak.staff").get(reverse("home")).content.decode()
    )


def _heat_overall(html: str, code: str) -> str:
    """The overall score the heat map shows for an agency (a cached fragment of the page)."""
    found = re.search(
        rf'/scores/agency/{code}/\?fy=2567&amp;period=H1" data-testid="heat-overall">([^<]+)<', html
    )
    assert found, html[:500]
    return found.group(1)


def test_a_recompute_refreshes_the_cached_overview(year, client_for, django_capture_on_commit_callbacks):
    c = client_for("executive")
    page = c.get(reverse("insights:overview"), {"period": "H1"})
    sathon = {r.code: r for r in page.context["o"].rows}["1028"].overall
    assert _heat_overall(page.content.decode(), "1028") == str(sathon)
    # the same generation: the same rows, in Thai; in English the same fragment is rendered in English
    again = c.get(reverse("insights:overview"), {"period": "H1"}).content.decode()
    assert _heat_overall(again, "1028") == str(sathon) and "สำนักงานเขตสาทร" in again
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = c.get(reverse("insights:overview"), {"period": "H1"}).content.decode()
    assert "Sathon District Office" in english and "สำนักงานเขตสาทร" not in english
    del c.cookies[settings.LANGUAGE_COOKIE_NAME]
    result = VerifiedResult.objects.get(assignment__agency__code="1028", period=year["h1"])
    with django_capture_on_commit_callbacks(execute=True), acting_as(label="system:test"):
        result.value = D("4.5")
        result.save()
        recompute(fiscal_year=2567, period_code="H1", resume=False)
    page = c.get(reverse("insights:overview"), {"period": "H1"})
    after = {r.code: r for r in page.context["o"].rows}
    assert after["1028"].overall > sathon
    assert _heat_overall(page.content.decode(), "1028") == str(after["1028"].overall)  # not the old fragment
    assert ScoreResult.objects.filter(assignment__agency__code="1028", score=D("4.5")).exists()


def test_while_another_request_builds_the_new_overview_the_page_is_the_previous_one_whole(
    year, client_for, django_capture_on_commit_callbacks
):
    """The rows and their cached fragment come from one generation: a page answered from the previous
    data while another request builds the new one must not leave its old fragment under the new key."""
    from django.core.cache import cache

    from pramoen.core import generation

    c = client_for("executive")
    sathon = {r.code: r for r in c.get(reverse("insights:overview"), {"period": "H1"}).context["o"].rows}
    before = sathon["1028"].overall
    result = VerifiedResult.objects.get(assignment__agency__code="1028", period=year["h1"])
    with django_capture_on_commit_callbacks(execute=True), acting_as(label="system:test"):
        result.value = D("4.5")
        result.save()
        recompute(fiscal_year=2567, period_code="H1", resume=False)
    name = "overview:2567:H1::None:"  # year, period, kind, group, agency
    building = f"pramoen:building:{generation.current()}:{name}"
    assert cache.add(building, 1)  # another request is building the new generation's overview
    meanwhile = c.get(reverse("insights:overview"), {"period": "H1"})
    assert {r.code: r for r in meanwhile.context["o"].rows}["1028"].overall == before
    assert _heat_overall(meanwhile.content.decode(), "1028") == str(before)
    cache.delete(building)  # that build failed: the next request builds it
    page = c.get(reverse("insights:overview"), {"period": "H1"})
    now = {r.code: r for r in page.context["o"].rows}["1028"].overall
    assert now > before
    assert _heat_overall(page.content.decode(), "1028") == str(now)  # not the fragment of the old rows


def test_bad_filters_fall_back_instead_of_failing(year, client_for):
    c = client_for("executive")
    for params in ({"fy": "abc"}, {"fy": "1999"}, {"period": "ZZ"}, {"kind": "x"}, {"group": "-1"}):
        resp = c.get(reverse("insights:overview"), params)
        assert resp.status_code in {200, 404}
