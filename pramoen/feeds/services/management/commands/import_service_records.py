"""``pramoen import_service_records FILE…``: import BMA OSS service records (CSV/XLSX) as the system; the
scores they touch are recomputed in the same job (inline with a progress bar, or queued: ``--enqueue``)."""

from __future__ import annotations

from pramoen.feeds.management_base import FeedImportCommand


class Command(FeedImportCommand):
    help = "Import BMA OSS service-record files (CSV or XLSX; docs/services.md). All rows or none per file."
    feed = "services"
