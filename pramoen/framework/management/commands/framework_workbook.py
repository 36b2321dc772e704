from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.framework.workbook import (
    DATA_SHEETS,
    WorkbookInvalid,
    framework_workbook_export,
    framework_workbook_import,
)
from pramoen.orgs.models import User


class Command(BaseCommand):
    help = (
        "Export a fiscal year's framework to one XLSX workbook, or import one (all or nothing). "
        "See docs/framework_workbook.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the year's framework to an XLSX workbook")
        export.add_argument("--fiscal-year", type=int, required=True, help="Buddhist Era, e.g. 2567")
        export.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        imp = sub.add_parser("import", help="make the year's framework what the workbook says")
        imp.add_argument("--fiscal-year", type=int, required=True, help="Buddhist Era, e.g. 2567")
        imp.add_argument("file", help="the .xlsx workbook")
        imp.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        imp.add_argument("--english", action="store_true", help="error reasons in English")
        for p in (export, imp):
            p.add_argument(
                "--user",
                default="eval.officer",
                help="the evaluation officer acting (default eval.officer); the policy is checked",
            )

    def handle(self, *args: Any, action: str, fiscal_year: int, user: str, **options: Any) -> None:
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {user!r}")
        try:
            with acting_as(actor):
                if action == "export":
                    data = framework_workbook_export(actor=actor, fiscal_year=fiscal_year)
                    Path(options["output"]).write_bytes(data)
                    self.stdout.write(f"{options['output']}: {len(data)} bytes")
                    return
                source = Path(options["file"]).read_bytes()
                report = framework_workbook_import(
                    actor=actor, fiscal_year=fiscal_year, source=source, dry_run=options["dry_run"]
                )
        except WorkbookInvalid as exc:
            for e in exc.errors:
                reason = e.message_en if options.get("english") else e.message
                self.stderr.write(f"{e.sheet}\t{e.row or '—'}\t{e.column or '—'}\t{reason}")
            raise CommandError(exc.message) from exc
        except (ApplicationError, PermissionDenied, OSError) as exc:
            raise CommandError(str(getattr(exc, "message", exc))) from exc
        note = " (dry run: nothing saved)" if report.dry_run else ""
        for spec in DATA_SHEETS:
            c = report.counts[spec.key]
            self.stdout.write(
                f"{spec.key}: {c.created} created, {c.updated} updated, {c.removed} removed, "
                f"{c.unchanged} unchanged{note}"
            )
        for line in report.removed:
            self.stdout.write(f"removed: {line}")
