"""The demo, opened as a new user would: every period of FY2567 on the scorecards, the ranking and the
explain pages, as the evaluation officer and as an agency's staff — never a 5xx, "no data yet" where
nothing is stored (issue 17, "Done when")."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from pramoen.framework.models import Period
from pramoen.orgs.models import Agency, User
from pramoen.scoring.models import ScoreResult

pytestmark = pytest.mark.django_db

NO_DATA = 'data-testid="no-data"'  # the "ยังไม่มีข้อมูล" notice of a period with nothing stored


@pytest.fixture
def demo(personas: dict[str, Any]) -> None:
    call_command("demo", password="Demo-pass-2567!", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))  # after the demo set the passwords again
    return client


def _ok(client: Client, path: str, **params: Any) -> str:
    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    return response.content.decode() if response.get("Content-Type", "").startswith("text/") else ""


def test_every_period_opens_on_scorecards_rankings_and_explain_pages(demo):
    officer, staff = _client("eval.officer"), _client("bangrak.staff")
    periods = list(Period.objects.filter(fiscal_year__year=2567).order_by("end", "start"))
    assert len(periods) == 19  # 12 months, 4 quarters, 2 halves, the year
    stored = set(
        ScoreResult.objects.filter(status="scored").values_list("period__code", flat=True).distinct()
    )
    agencies = list(Agency.objects.filter(assignments__isnull=False).distinct().order_by("code"))
    # one agency of each kind opens at every period, in both languages' pages and the API
    sample = {a.kind: a for a in agencies}
    for period in periods:
        for agency in sample.values():
            text = _ok(officer, f"/scores/agency/{agency.code}/", fy=2567, period=period.code)
            assert (NO_DATA in text) is (period.code not in stored), (agency.code, period.code)
            _ok(officer, f"/api/v1/scorecards/{agency.code}/", fiscal_year=2567, period=period.code)
        text = _ok(staff, "/scores/agency/1004/", fy=2567, period=period.code)
        assert "Decimal" not in text and "None" not in text
        _ok(staff, "/scores/agency/1004/", fy=2567, period=period.code, format="xlsx")
        for kind in Agency.Kind.values:
            text = _ok(officer, "/scores/ranking/", fy=2567, period=period.code, kind=kind)
            if period.code not in stored:
                assert NO_DATA in text
        _ok(officer, "/scores/ranking/", fy=2567, period=period.code, format="xlsx")
    # every demo agency's scorecard at a period with scores and at one without
    for agency in agencies:
        for code in ("H1", "FY"):
            _ok(officer, f"/scores/agency/{agency.code}/", fy=2567, period=code)
    # the explain page of one score of every (indicator, period, status), and of every score of บางรัก
    seen: set[tuple[int, int, str]] = set()
    picks = []
    for pk, indicator, period_id, status in ScoreResult.objects.order_by("pk").values_list(
        "pk", "assignment__indicator", "period", "status"
    ):
        if (indicator, period_id, status) not in seen:
            seen.add((indicator, period_id, status))
            picks.append(pk)
    own = list(ScoreResult.objects.filter(assignment__agency__code="1004").values_list("pk", flat=True))
    assert len(picks) > 100 and len(own) > 50
    for pk in picks:
        _ok(officer, f"/scores/{pk}/")
        _ok(officer, f"/api/v1/scores/{pk}/")
    for pk in own:
        _ok(staff, f"/scores/{pk}/")
    # staff of another agency still may not
    assert _client("sathon.staff").get(f"/scores/{own[0]}/").status_code == 403
