"""What the monitoring pages share: looking up a round or sheet, who may edit, refused writes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from pramoen.core.errors import ApplicationError
from pramoen.monitoring.models import Round, Sheet
from pramoen.orgs.policy import Action, can


def get_round(year: int, period: str) -> Round:
    return get_object_or_404(Round, fiscal_year=year, period=period.upper())


def get_sheet(year: int, period: str, number: int) -> Sheet:
    return get_object_or_404(
        Sheet.objects.select_related("round", "committee__district_group"),
        round__fiscal_year=year,
        round__period=period.upper(),
        committee__number=number,
    )


def can_edit(user: Any, sheet: Sheet) -> bool:
    return not sheet.round.is_published and can(user, Action.RECORD_MONITORING, committee=sheet.committee_id)


def posted_version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def form_errors(form: Any) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(
            f"{label}: {' '.join(str(e) for e in errors)}" if label else " ".join(str(e) for e in errors)
        )
    return "; ".join(parts)


def refused(request: HttpRequest, exc: ApplicationError, status: int = 422) -> HttpResponse:
    """A refused write: 409 when someone else saved first, 422 for bad input.  HTMX shows it in the
    sheet's message area; the autosave script reads the JSON form."""
    status = 409 if exc.extra.get("field") == "version" else status
    if request.headers.get("X-Autosave"):
        return JsonResponse({"message": exc.message, "extra": exc.extra}, status=status)
    response = render(request, "monitoring/_error.html", {"message": exc.message}, status=status)
    response["HX-Retarget"] = "#sheet-messages"
    response["HX-Reswap"] = "innerHTML"
    return response
