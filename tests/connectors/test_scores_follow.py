"""A pulled change of a ticket's state moves the stored component-4 score of its district — no command
run by hand (the connector hands the page to the complaint feed and recomputes what it touched)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from pramoen.connectors.services import connector_pull, connector_start_from
from pramoen.orgs.models import Agency
from pramoen.scoring.models import AgencyScore, ScoreResult
from tests.connectors.conftest import T0, component_4_for, tickets

DONE = "เสร็จสิ้น"


def test_a_pulled_state_change_moves_the_districts_component_4_score(db, traffy):
    bang_rak = Agency.objects.get(code="1004")
    assignment = component_4_for(bang_rak)
    c4 = assignment.indicator.component
    connector_start_from(actor=None, key="traffy", since=T0)
    traffy.put(*tickets(5))  # บางรัก, January 2024 (FY2567 H1), all waiting

    first = connector_pull(key="traffy")
    assert first.scores_changed and first.scores_changed > 0
    before = ScoreResult.objects.get(assignment=assignment, period__code="H1")
    assert (before.status, before.actual) == ("scored", D(0))

    later = T0 + dt.timedelta(days=3)
    for i in range(1, 5):
        traffy.change(f"2024-TST{i:03d}", state=DONE, at=later + dt.timedelta(minutes=i))
    second = connector_pull(key="traffy")
    assert (second.changed, second.state_changes) == (4, 4)

    after = ScoreResult.objects.get(assignment=assignment, period__code="H1")
    assert after.actual == D(80) and after.level == 5 and after.score > before.score
    component = AgencyScore.objects.get(agency=bang_rak, period__code="H1", component=c4)
    assert component.score == after.score
