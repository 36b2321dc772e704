"""The BMA OSS service-records feed in the feed registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db.models import Max, Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.feeds.base import Feed, ImportOutcome, Touched, fiscal_years_between, register_feed
from pramoen.feeds.services.models import ServiceRecord, SystemUsage
from pramoen.feeds.services.services import service_records_import
from pramoen.framework.periods import add_months
from pramoen.jobs.registry import Progress


class ServicesFeed(Feed):
    key = "services"
    label = gettext_lazy("online services (BMA OSS) and digital systems")
    formats = (".csv", ".xlsx")
    page_url_name = "services:import"
    methods = ("online_services",)

    def import_file(
        self, *, path: Path, file_name: str, actor: Any | None, progress: Progress
    ) -> ImportOutcome:
        progress.stage(_("reading and checking every row"))
        batch = service_records_import(actor=actor, upload=path.read_bytes(), filename=file_name)
        # the systems layout writes usage of bureaus and offices; the others, district service records
        model = SystemUsage if batch.file_format == "systems" else ServiceRecord
        records = model.objects.filter(batch=batch)
        span = records.aggregate(lo=Min("month"), hi=Max("month"))
        touched = Touched()
        if span["lo"] is not None:
            end = add_months(span["hi"], 1)
            touched = Touched(
                fiscal_years=fiscal_years_between(span["lo"], span["hi"]),
                agency_ids=set(records.values_list("agency_id", flat=True).distinct()),
                start=span["lo"],
                end=end - dt.timedelta(days=1),  # the last day of the last month
            )
        if batch.file_format == "systems":
            text = _(
                "%(file)s imported: %(rows)d rows, %(created)d months of system use added, "
                "%(updated)d replaced."
            )
        else:
            text = _("%(file)s imported: %(rows)d rows, %(created)d counts added, %(updated)d replaced.")
        line = text % {
            "file": batch.file_name,
            "rows": batch.rows_read,
            "created": batch.figure("created"),
            "updated": batch.figure("updated"),
        }
        summary = {
            "batch": batch.pk,
            "rows_read": batch.rows_read,
            "created": batch.figure("created"),
            "updated": batch.figure("updated"),
        }
        return ImportOutcome(summary=summary, lines=[line], touched=touched)


register_feed(ServicesFeed())
