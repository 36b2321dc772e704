"""The host's register of past innovations from an XLSX (or CSV) file — the years of innovations สำนักงาน ก.ก.
already holds — written all or nothing: one bad row saves nothing and is named by row, column and reason.

Columns (the export's, so an exported file imports back): ``agency`` (code or Thai name), ``fiscal_year``
(BE), ``title``, ``problem``, ``solution``, ``results``, ``status`` (in_use | developable | retired),
``category``, ``adoptable_by``.  Imported innovations are registered as submitted to the host; a row whose
(agency, title) is already registered updates it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.rows import ErrorList
from pramoen.feeds.services.tabular import read_table
from pramoen.innovations import selectors
from pramoen.innovations.models import Innovation
from pramoen.innovations.text import search_tokens
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require

COLUMNS = (
    "agency",
    "fiscal_year",
    "title",
    "problem",
    "solution",
    "results",
    "status",
    "category",
    "adoptable_by",
)
REQUIRED = ("agency", "fiscal_year", "title", "problem", "solution")


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int


def _choice(value: str, choices: Any, default: str) -> str | None:
    if not value:
        return default
    for code, label in choices:
        if value in (code, str(label)):
            return str(code)
    return None


@transaction.atomic
def import_register(*, actor: Any, upload: IO[bytes] | bytes, file_name: str) -> Imported:
    require(actor, Action.ASSESS_INNOVATION, agency=selectors.host_agency(None))
    header, rows = read_table(upload, file_name)
    errors = ErrorList()
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        errors.add(1, ", ".join(missing), _("these columns are missing."))
        errors.raise_if_errors(file_name)
    agencies = {a.code.lower(): a for a in Agency.objects.all()}
    agencies |= {a.name_th: a for a in agencies.values()}
    clean: list[tuple[Agency, dict[str, Any]]] = []
    seen: dict[tuple[int, str], int] = {}
    for number, cells in rows:
        agency = agencies.get(cells.get("agency", "").lower()) or agencies.get(cells.get("agency", ""))
        if agency is None:
            errors.add(
                number, "agency", _("unknown agency “%(value)s”.") % {"value": cells.get("agency", "")[:60]}
            )
            continue
        year = cells.get("fiscal_year", "")
        if not year.isdigit() or not 2500 <= int(year) <= 2700:
            errors.add(
                number,
                "fiscal_year",
                _("“%(value)s” is not a Buddhist Era year such as 2567.") % {"value": year[:20]},
            )
            continue
        empty = [c for c in ("title", "problem", "solution") if not cells.get(c, "").strip()]
        if empty:
            errors.add(number, empty[0], _("this column is empty."))
            continue
        values: dict[str, Any] = {"fiscal_year": int(year)}
        for column, choices, default in (
            ("status", Innovation.Status.choices, Innovation.Status.IN_USE),
            ("category", Innovation.Category.choices, Innovation.Category.OTHER),
            ("adoptable_by", Innovation.AdoptableBy.choices, Innovation.AdoptableBy.ANY),
        ):
            picked = _choice(cells.get(column, ""), choices, default)
            if picked is None:
                errors.add(
                    number,
                    column,
                    _("“%(value)s” is not one of its choices.") % {"value": cells.get(column, "")[:40]},
                )
                break
            values[column] = picked
        else:
            title = cells["title"].strip()[:300]
            key = (agency.pk, title)
            if key in seen:
                errors.add(
                    number,
                    "title",
                    _("repeats row %(row)d (each key may appear once per file)") % {"row": seen[key]},
                )
                continue
            seen[key] = number
            values |= {
                "problem": cells["problem"],
                "solution": cells["solution"],
                "results": cells.get("results", ""),
                "title": title,
            }
            clean.append((agency, values))
    if not errors and not clean:
        errors.add(2, "", _("the file has a header but no rows"))
    errors.raise_if_errors(file_name)
    created = updated = 0
    now = timezone.now()
    for agency, values in clean:
        innovation = Innovation.objects.filter(agency=agency, title=values["title"]).first()
        if innovation is None:
            innovation = Innovation(
                agency=agency, created_by=actor, state=Innovation.State.SUBMITTED, submitted_at=now
            )
            created += 1
        else:
            updated += 1
        for name, value in values.items():
            setattr(innovation, name, value)
        innovation.search_tokens = search_tokens(
            innovation.title, innovation.problem, innovation.solution, innovation.results
        )
        innovation.save()
    return Imported(created, updated)
