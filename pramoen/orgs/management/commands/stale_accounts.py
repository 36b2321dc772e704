"""``pramoen stale_accounts [--days 90] [--deactivate]``: accounts not used for a while."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pramoen.core.audit import acting_as
from pramoen.orgs.accounts import STALE_AFTER_DAYS, stale_accounts


class Command(BaseCommand):
    help = "List active accounts not signed in for --days (default 90); --deactivate ends them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=STALE_AFTER_DAYS)
        parser.add_argument("--deactivate", action="store_true")

    def handle(self, *args: Any, days: int, deactivate: bool, **_: Any) -> None:
        users = list(stale_accounts(days=max(1, days)))
        for user in users:
            last = f"{user.last_login:%Y-%m-%d}" if user.last_login else "never"
            self.stdout.write(f"{user.username}\tlast sign-in {last}\tcreated {user.date_joined:%Y-%m-%d}")
        if deactivate:
            with acting_as(label="system:stale_accounts"):
                for user in users:
                    user.is_active = False
                    user.save(update_fields=["is_active"])
        verb = "deactivated" if deactivate else "not used"
        self.stdout.write(f"{len(users)} accounts {verb} for {days} days or more")
