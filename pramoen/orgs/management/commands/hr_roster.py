"""``pramoen hr_roster FILE [--keep NAME]… [--dry-run]``: end the accounts of people no longer employed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.orgs.accounts import roster_apply, roster_read


class Command(BaseCommand):
    help = (
        "Apply the HR roster (CSV/XLSX with a 'username' column: everyone employed today): accounts not "
        "on it are deactivated, accounts on it again are reactivated. Superusers and --keep names are "
        "left alone. Run it after every roster export (e.g. nightly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--keep", action="append", default=[], help="a system account to leave alone")
        parser.add_argument("--dry-run", action="store_true", help="say what would change; change nothing")
        parser.add_argument(
            "--max-share",
            type=float,
            default=0.5,
            help="refuse a roster that would end more than this share of all accounts (default 0.5)",
        )

    def handle(
        self, *args: Any, file: Path, keep: list[str], dry_run: bool, max_share: float, **_: Any
    ) -> None:
        try:
            employed = roster_read(file.read_bytes(), file.name)
            with acting_as(label="system:hr_roster"):
                result = roster_apply(
                    actor=None, employed=employed, keep=set(keep), dry_run=dry_run, max_share=max_share
                )
        except (OSError, ApplicationError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{file.name}: {result.rows_read} people on the roster, {result.kept} accounts kept"
        )
        self.stdout.write(
            f"{len(result.deactivated)} accounts {verb} deactivated: {', '.join(result.deactivated)}"
        )
        if result.reactivated:
            self.stdout.write(
                f"{len(result.reactivated)} accounts {verb} reactivated: {', '.join(result.reactivated)}"
            )
        if result.unknown:
            self.stdout.write(
                f"{len(result.unknown)} on the roster have no account: {', '.join(result.unknown)}"
            )
