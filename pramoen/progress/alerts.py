"""Early-warning notifications: the agency's staff hear once per indicator and period that they lag."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from pramoen.framework.models import FiscalYear
from pramoen.progress.notify import agency_staff, notify
from pramoen.progress.selectors import early_warnings


def warnings_send(*, fiscal_year: FiscalYear, on: dt.date) -> int:
    sent = 0
    for w in early_warnings(fiscal_year=fiscal_year, on=on):
        a = w.assignment
        sent += notify(
            users=agency_staff(a.agency_id),
            kind="warning",
            message=_(
                "%(indicator)s is behind: %(actual)s at the end of %(period)s against %(expected)s on the "
                "straight-line path to the year's target — please speed up."
            )
            % {
                "indicator": a.indicator.code,
                "actual": f"{w.actual:.2f}",
                "period": w.period.name,
                "expected": w.expected,
            },
            url=f"/progress/trail/{a.pk}/{w.period.code}/",
            key=f"warning:{a.pk}:{w.period.pk}",
        )
    return sent
