"""The demo's complaint tickets: real ones.  2,000 Traffy Fondue tickets reported in Bangkok on
26–28 November 2023 (FY2567, month 2), the newest at the time a public export was saved, shipped in
``data/`` with each citizen's comment masked (``tools/build_demo_tickets.py``; source and licence in
``data/SOURCE.md``).  Imported through the complaint feed like any uploaded file, so attribution, dedup
and exclusions apply, and component 4 is scored for the periods this window falls in (M02, Q1, H1).
FY2567's settings are saved first, as the seed report says: the satisfaction stars count in the KPI, at
the demo weight."""

from __future__ import annotations

from pathlib import Path

from pramoen.feeds.base import get_feed
from pramoen.feeds.complaints.models import ComplaintSettings
from pramoen.feeds.complaints.services import settings_defaults
from pramoen.feeds.models import ImportRun
from pramoen.jobs.registry import Progress

DEMO_FILE = (
    Path(__file__).parent / "data" / "teamchadchart_export_2023-11-26_to_2023-11-28_with_durations.csv.gz"
)
DEMO_FISCAL_YEAR = 2567
# the name the import list and the complaint pages show: says the tickets are real, and which ones
DEMO_FILE_NAME = "Traffy Fondue 26–28 พ.ย. 2566 (ข้อมูลจริง 2,000 เรื่อง) " + DEMO_FILE.name


def demo_run() -> ImportRun | None:
    """The demo's import of the real sample, when the demo loaded it."""
    return ImportRun.objects.filter(
        feed="complaints", file_name=DEMO_FILE_NAME[:300], status=ImportRun.Status.DONE
    ).first()


def load_complaints_demo() -> int:
    """Import the real sample once; the number of tickets it put in (0 when it was already in)."""
    if demo_run() is not None:
        return 0
    # before the import scores anything, so no recompute is owed; the values a year without a row has
    values = settings_defaults(DEMO_FISCAL_YEAR)
    ComplaintSettings.objects.get_or_create(fiscal_year=DEMO_FISCAL_YEAR, defaults=values)
    outcome = get_feed("complaints").import_file(
        path=DEMO_FILE, file_name=DEMO_FILE_NAME, actor=None, progress=Progress()
    )
    return int(outcome.summary.get("inserted") or 0)
