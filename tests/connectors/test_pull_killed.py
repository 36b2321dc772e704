"""``pramoen pull_complaints`` killed with ``kill -9`` while it waits for its second page: the first page
and its cursor are committed, nothing of the second is; the next pull closes the dead pull as failed (it
does not wait two hours for it), starts at the page that was in flight, reads no ticket twice, and
recomputes the scores the dead pull's committed page touched.  A real separate process, so PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from pramoen.connectors.models import ConnectorState, Pull
from pramoen.connectors.services import connector_pull, connector_start_from
from pramoen.feeds.complaints.models import Ticket
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from pramoen.scoring.models import ScoreResult
from tests.conftest import checkout_env
from tests.connectors.conftest import T0, component_4_for, tickets

pytestmark = pytest.mark.django_db(transaction=True)


def _puller(env: dict[str, str]) -> subprocess.Popen[bytes]:
    pramoen = Path(sys.executable).parent / "pramoen"
    return subprocess.Popen(
        [str(pramoen), "pull_complaints"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def test_a_pull_killed_mid_page_is_closed_by_the_next_which_goes_on_from_its_cursor(traffy):
    if connection.vendor != "postgresql":
        pytest.skip("a second process needs the test database on a server (PostgreSQL)")
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    bang_rak = Agency.objects.get(code="1004")
    assignment = component_4_for(bang_rak)
    connector_start_from(actor=None, key="traffy", since=T0)
    # page 1 (5 tickets, page size 5): บางรัก; pages 2 and 3: พระนคร only
    traffy.put(*tickets(5, code=1004))
    traffy.put(*tickets(7, code=1001, start=T0 + dt.timedelta(hours=1), prefix="2024-PNK"))
    traffy.hold_at = 5

    db = connection.settings_dict
    env = {
        **checkout_env(),
        "PRAMOEN_TESTING": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "PRAMOEN_TRAFFY_URL": traffy.url,
        "PRAMOEN_TRAFFY_PAGE_SIZE": "5",
        "PRAMOEN_TRAFFY_RETRIES": "1",
        "PRAMOEN_TRAFFY_TIMEOUT": "120",
    }
    puller = _puller(env)
    try:
        assert traffy.arrived.wait(120), "the puller never asked for its second page"
        os.kill(puller.pid, signal.SIGKILL)
        puller.wait(30)
    finally:
        if puller.poll() is None:
            puller.kill()
        traffy.release.set()
    assert puller.returncode == -signal.SIGKILL

    # what the dead process left: page 1 and the cursor after it, a pull still marked running
    assert sorted(Ticket.objects.values_list("ticket_id", flat=True)) == [
        f"2024-TST{i:03d}" for i in range(1, 6)
    ]
    assert ConnectorState.objects.get(key="traffy").cursor == {
        "since": (T0 + dt.timedelta(minutes=5)).isoformat(),
        "offset": 1,
    }
    dead = Pull.objects.get()
    assert (dead.state, dead.pages, dead.new) == (Pull.State.RUNNING, 1, 5)
    assert dead.pending["agency_ids"] == [bang_rak.pk]  # touched, never recomputed
    assert not ScoreResult.objects.filter(assignment=assignment).exists()

    # the next pull (the schedule's, an hour later, or "pull now") is not refused
    traffy.requests.clear()
    run = connector_pull(key="traffy")
    dead.refresh_from_db()
    assert dead.state == Pull.State.FAILED and str(dead.pid) in dead.error and dead.pending == {}
    assert (run.state, run.new, run.changed, run.unchanged) == ("done", 7, 0, 0)  # no ticket read twice
    assert traffy.requests[0]["last_activity_start"] == (T0 + dt.timedelta(minutes=5)).isoformat()
    assert Ticket.objects.count() == 12
    # บางรัก's score comes from the dead pull's page: only the inherited pending recompute made it
    assert ScoreResult.objects.filter(assignment=assignment, period__code="H1", status="scored").exists()
    assert run.pending == {}


def test_a_silent_pull_on_another_machine_is_closed_after_the_connectors_limit(db, traffy):
    other = Pull.objects.create(connector="traffy", host="another-web-server", pid=4242)
    with pytest.raises(Exception, match=r"already running|กำลังดึงข้อมูล"):
        connector_pull(key="traffy")
    Pull.objects.filter(pk=other.pk).update(alive_at=other.alive_at - dt.timedelta(hours=3))
    connector_pull(key="traffy")
    other.refresh_from_db()
    assert other.state == Pull.State.FAILED and other.error


def test_a_dead_process_on_this_machine_is_known_at_once(db, traffy):
    from pramoen.connectors.services import HOST

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    gone = int(finished.stdout)
    dead = Pull.objects.create(connector="traffy", host=HOST, pid=gone)  # alive_at: just now
    connector_pull(key="traffy")
    dead.refresh_from_db()
    assert dead.state == Pull.State.FAILED and str(gone) in dead.error
