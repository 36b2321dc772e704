"""``pramoen import_budget FILE…``: import budget files (CSV/XLSX) as the system; the scores they touch
are recomputed in the same job (inline with a progress bar, or queued with ``--enqueue``)."""

from __future__ import annotations

from pramoen.feeds.management_base import FeedImportCommand


class Command(FeedImportCommand):
    help = "Import budget lines, movements and procurement events (CSV or XLSX; docs/budget.md). All or none."
    feed = "budget"
