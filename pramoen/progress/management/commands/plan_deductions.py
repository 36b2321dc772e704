"""Apply (or clear) the year's deduction for incomplete action plans; scores are recomputed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.framework.models import FiscalYear
from pramoen.orgs.models import User
from pramoen.progress.deductions import plan_deductions_apply


class Command(BaseCommand):
    help = "Deduct the year's points from every plan-computed indicator whose action plan is incomplete."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fiscal-year", type=int, required=True, help="BE year, e.g. 2567")
        parser.add_argument("--user", required=True, help="the evaluation officer applying the check")
        parser.add_argument("--clear", action="store_true", help="lift every deduction of the year")

    def handle(self, *args: Any, fiscal_year: int, user: str, clear: bool, **options: Any) -> None:
        fy = FiscalYear.objects.filter(year=fiscal_year).first()
        if fy is None:
            raise CommandError(f"--fiscal-year: no fiscal year {fiscal_year}")
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"--user: no user {user}")
        try:
            with acting_as(actor):
                done = plan_deductions_apply(actor=actor, fiscal_year=fy, clear=clear)
        except PermissionDenied as exc:
            raise CommandError(f"--user: {exc}") from exc
        self.stdout.write(
            f"FY{fiscal_year}: {done.checked} plans checked, {done.deducted} incomplete plans lose points."
        )
