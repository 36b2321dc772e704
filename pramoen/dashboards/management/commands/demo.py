from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.appeals.demo import load_appeals_demo, load_demo_cases
from pramoen.core.audit import acting_as
from pramoen.feeds.budget.demo import load_budget_demo
from pramoen.feeds.complaints.demo import load_complaints_demo
from pramoen.feeds.services.demo import load_services_demo
from pramoen.feeds.surveys.demo import load_surveys_demo
from pramoen.framework.demo import load_framework_demo
from pramoen.innovations.demo import load_innovations_demo
from pramoen.monitoring.demo import load_demo_monitoring
from pramoen.orgs.demo import load_demo
from pramoen.progress.demo import load_progress_demo
from pramoen.scoring import signals as scoring_signals
from pramoen.scoring.engine import recompute

DEFAULT_PASSWORD = "Pramoen-2567!"


class Command(BaseCommand):
    help = (
        "Load the BMA demo: agencies, committees, one persona per role, the FY2567 framework with "
        "verified half-year results, generated BMA OSS and budget data, the half-year monitoring round, "
        "and every score. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password for every demo persona")

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("--password: " + " ".join(exc.messages)) from exc
        with acting_as(label="system:demo"):
            personas = load_demo(password=password)
            with scoring_signals.paused():  # recomputed once below instead of per change
                fy = load_framework_demo()
                services = load_services_demo()  # generated, labelled as such (docs/services.md)
                budget = load_budget_demo()  # generated, labelled as such (docs/budget.md)
                innovations = load_innovations_demo(year=fy.year)  # the ones the report names
                responses = load_surveys_demo(year=fy.year)  # one survey per survey indicator, generated
                tickets = load_complaints_demo()  # real: 2,000 Traffy Fondue tickets of 26–28 Nov 2023
            monitoring_round = load_demo_monitoring(reset=False)  # transcribed from the FY2567 report
            progress_items = load_progress_demo(year=fy.year)  # deadlines, action plans, draft reports
            appeal_rules = load_appeals_demo(year=fy.year)  # the year's published appeal rules
            # The demo's data stop at the half-year: later periods would only repeat "no data yet".
            for period in fy.periods.filter(end__lte=fy.periods.get(code="H1").end).order_by("end", "start"):
                recompute(
                    fiscal_year=fy.year, period_code=period.code, actor_label="system:demo", resume=False
                )
            appeals = load_demo_cases(year=fy.year)  # after the scores, so a decision shows before → after
        self.stdout.write(
            f"FY{fy.year}: {fy.indicators.count()} indicators, scores recomputed for every period up to H1; "
            f"generated feed data: {services.rows_read} monthly service counts, "
            f"{budget.figure('lines')} budget lines; "
            f"monitoring round {monitoring_round} from the half-year report; "
            f"{progress_items} draft progress reports ready for บางรัก; "
            f"{appeal_rules} appeal categories published, {len(appeals)} demo appeals filed; "
            f"{innovations} innovations in the Innovation Base; "
            f"{responses} generated survey responses; "
            f"{tickets} real Traffy Fondue tickets (26–28 Nov 2023) imported."
        )
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in at http://127.0.0.1:8000/ as:"))
        width = max(len(p.username) for p in personas)
        for p in personas:
            self.stdout.write(f"  {p.username:<{width}}  {password}   {p.role.label} — {p.scope}")
