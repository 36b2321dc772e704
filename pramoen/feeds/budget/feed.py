"""The budget feed in the feed registry: importing budget files, and the appeal hooks that leave budget
lines out of KPI 3.2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.feeds.base import Feed, ImportOutcome, Touched, register_feed
from pramoen.feeds.budget.models import BudgetLine, BudgetLineExclusion
from pramoen.feeds.budget.services import budget_import, budget_line_exclude, budget_line_include
from pramoen.jobs.registry import Progress


class BudgetFeed(Feed):
    key = "budget"
    label = gettext_lazy("budget disbursement")
    formats = (".csv", ".xlsx")
    page_url_name = "budget:import"
    appeal_effect = "budget_lines"
    appeal_item_kind = "budget_line"
    methods = ("budget_disbursement",)

    def import_file(
        self, *, path: Path, file_name: str, actor: Any | None, progress: Progress
    ) -> ImportOutcome:
        progress.stage(_("reading and checking every row"))
        batch = budget_import(actor=actor, upload=path.read_bytes(), filename=file_name)
        # disbursement is cumulative: a line or payment changes every period of its year
        lines = BudgetLine.objects.filter(
            Q(batch=batch) | Q(movements__batch=batch) | Q(procurement_events__batch=batch)
        ).distinct()
        touched = Touched(
            fiscal_years=set(lines.values_list("fiscal_year", flat=True).distinct()),
            agency_ids=set(lines.values_list("agency_id", flat=True).distinct()),
        )
        line = _(
            "%(file)s imported: %(rows)d rows, %(lines)d budget lines, %(entries)d movements and events."
        ) % {
            "file": batch.file_name,
            "rows": batch.rows_read,
            "lines": batch.figure("lines"),
            "entries": batch.figure("entries"),
        }
        summary = {
            "batch": batch.pk,
            "rows_read": batch.rows_read,
            "lines": batch.figure("lines"),
            "entries": batch.figure("entries"),
        }
        return ImportOutcome(summary=summary, lines=[line], touched=touched)

    # --- appeals -------------------------------------------------------------------------------------------
    def _lines(self, case: Any, refs: list[str]) -> dict[str, BudgetLine]:
        return {
            line.code: line
            for line in BudgetLine.objects.filter(
                agency_id=case.agency_id, fiscal_year=case.category.fiscal_year.year, code__in=refs
            )
        }

    def appeal_resolve(self, case: Any, refs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        lines = self._lines(case, refs)
        found: dict[str, str] = {}
        errors: dict[str, str] = {}
        for ref in refs:
            line = lines.get(ref)
            if line is None:
                errors[ref] = _("the agency has no budget line with this code in fiscal year %(year)s") % {
                    "year": case.category.fiscal_year.year
                }
            else:
                found[ref] = f"{line.name} ({line.approved:,.2f})"
        return found, errors

    def appeal_candidates(self, case: Any, query: str, limit: int) -> list[dict[str, str]]:
        taken = set(case.items.values_list("ref", flat=True))
        lines = BudgetLine.objects.filter(
            agency_id=case.agency_id, fiscal_year=case.category.fiscal_year.year
        )
        if query:
            lines = lines.filter(Q(code__icontains=query) | Q(name__icontains=query))
        return [
            {"ref": line.code, "label": f"{line.name} · {line.approved:,.2f}"}
            for line in lines.order_by("code")[:limit]
            if line.code not in taken
        ]

    def appeal_exclude(self, case: Any, refs: list[str]) -> list[str]:
        lines = self._lines(case, refs)
        already = set(
            BudgetLineExclusion.objects.filter(line__in=lines.values()).values_list("line__code", flat=True)
        )
        applied = []
        for ref in refs:
            if ref in lines and ref not in already:
                budget_line_exclude(
                    actor=None, line=lines[ref], reference=case.number, decided_on=timezone.localdate()
                )
                applied.append(ref)
        return applied

    def appeal_include(self, case: Any, refs: list[str]) -> None:
        for line in self._lines(case, refs).values():
            budget_line_include(actor=None, line=line)

    def appeal_summary(self, count: int) -> str:
        return _("%(n)s budget lines left out of the disbursement figure (reason: appeal)") % {"n": count}


register_feed(BudgetFeed())
