"""Every demo login, from its home, following the links it is shown (depth 2, bounded), at 1280 px and
390 px: no 5xx, no 403 or 404 through a shown link, no page wider than the window, no English left in the
Thai UI outside the names allowed in crawl.ALLOWED_LATIN, and axe finds no serious or critical violation.
Each login opens its own pages (a report, a scorecard, a job of its own), and the evaluation office also
the page of an import job the demo's data went through."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from pramoen.dashboards.management.commands.demo import DEFAULT_PASSWORD
from pramoen.feeds.complaints.demo import DEMO_FILE
from pramoen.feeds.jobs import feed_import_path
from pramoen.jobs.models import Job
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from tests.browser.crawl import crawl

# It loads the whole demo and opens over a hundred pages (minutes of CPU): slow, and run once, on PostgreSQL.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

USERNAMES = (
    "bangrak.staff", "bangrak.head", "thonburi.staff", "publicworks.reviewer", "eval.officer",
    "committee1.secretary", "committee1.member", "committee4.secretary", "executive", "admin",
    "sathon.staff", "socialdev.reviewer", "ocsc.head",
)  # fmt: skip
# Pages per login and width: 13 logins x 2 widths x 12 pages, axe once per address shape, took about
# 3.4 minutes on the 2-core machine (PostgreSQL, the demo loaded first).  Within a login, a page whose address
# differs from one it already checked only by its numbers (another report, another district) is not
# opened again, so the bound reaches further.
MAX_PAGES = 12


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the crawl runs once per suite, on PostgreSQL (make test-postgres): it takes minutes")
    settings.MEDIA_ROOT = tmp_path
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  (the demo's own password)
    # the demo's real tickets once more, as the evaluation office's import job: its page and summary
    officer = get_user_model().objects.get(username="eval.officer")
    job = feed_import_path(feed="complaints", path=DEMO_FILE, actor=officer)
    assert job.state == Job.State.DONE
    return job


def test_every_demo_login_can_follow_every_link_it_is_shown(browser, live_server, demo):
    problems = []
    visited: dict[tuple[str, int], list[str]] = {}
    axe_seen: set[str] = set()
    job_page = f"/jobs/{demo.pk}/"
    for width in (1280, 390):
        for username in USERNAMES:
            found = crawl(
                browser,
                live_server.url,
                username,
                DEFAULT_PASSWORD,
                width=width,
                max_pages=MAX_PAGES,
                axe=width == 1280,  # axe's rules do not depend on the width; the width checks do
                axe_seen=axe_seen,
                also=(job_page,) if username == "eval.officer" else (),
            )
            visited[username, width] = found.visited
            problems += found.problems
    print({f"{u}@{w}": len(v) for (u, w), v in visited.items()}, "axe:", len(axe_seen))  # pytest -s
    assert [str(p) for p in problems] == []
    # every login went past its home on its own, however much another login had already seen
    assert all(len(paths) >= 8 for paths in visited.values()), {k: len(v) for k, v in visited.items()}
    assert sum(map(len, visited.values())) > 250
    assert job_page in visited["eval.officer", 390] and job_page in visited["eval.officer", 1280]
    assert len(axe_seen) > 30
