"""``pramoen demo_services_budget``: the GENERATED demo data of KPI 3.1 (online services) and 3.2 (budget)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pramoen.core.audit import acting_as
from pramoen.feeds.budget.demo import load_budget_demo
from pramoen.feeds.services.demo import load_services_demo


class Command(BaseCommand):
    help = (
        "Load generated (not real) demo data for the online-service share and budget disbursement: the demo "
        "process catalogue and FY2567 H1 figures for all 50 districts, FY2567 budget lines for every agency "
        "(run after `pramoen demo` so the bureaus exist). Seeded; safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(label="system:demo_services_budget"):
            services = load_services_demo()
            budget = load_budget_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Online services: {services.rows_read} generated monthly counts (FY2567 H1, 50 districts)."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Budget: {budget.figure('lines')} generated lines, "
                f"{budget.figure('entries')} movements and procurement events "
                "(FY2567 H1, every agency)."
            )
        )
