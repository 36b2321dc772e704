from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.framework.models import Period
from pramoen.jobs.services import job_enqueue
from pramoen.scoring.engine import recompute


class Command(BaseCommand):
    help = "Recompute the scores of a fiscal year for one period (or all). Idempotent; resumes a broken run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fiscal-year", type=int, required=True, help="Buddhist Era, e.g. 2567")
        parser.add_argument("--period", required=True, help="H1, Q2, M03, FY … or 'all'")
        parser.add_argument(
            "--restart", action="store_true", help="start over instead of resuming an unfinished run"
        )
        parser.add_argument("--enqueue", action="store_true", help="queue the recompute for a worker")

    def handle(self, *args: Any, fiscal_year: int, period: str, restart: bool, **options: Any) -> None:
        if options.get("enqueue"):
            with acting_as(label="system:recompute_scores"):
                job = job_enqueue(
                    kind="recompute_scores",
                    actor=None,
                    params={"fiscal_year": fiscal_year, "period": period, "restart": restart},
                    label=f"recompute_scores {fiscal_year} {period}",
                )
            self.stdout.write(f"queued as job #{job.pk}")
            return
        codes = (
            list(
                Period.objects.filter(fiscal_year__year=fiscal_year)
                .order_by("end", "start")
                .values_list("code", flat=True)
            )
            if period == "all"
            else [period]
        )
        if not codes:
            raise CommandError(f"ไม่พบปีงบประมาณ {fiscal_year}")
        with acting_as(label="system:recompute_scores"):
            for code in codes:
                try:
                    s = recompute(
                        fiscal_year=fiscal_year,
                        period_code=code,
                        actor_label="system:recompute_scores",
                        resume=not restart,
                    )
                except ApplicationError as exc:
                    raise CommandError(exc.message) from exc
                note = " (resumed)" if s.resumed else ""
                self.stdout.write(
                    f"{fiscal_year} {code}: {s.assignments} assignments in {s.slots} slots, "
                    f"{s.written} scores written{note}"
                )
