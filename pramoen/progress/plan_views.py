"""The action-plan page of an assignment: steps with dates, weights and levels, and its completeness."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import date_in_range, parse_decimal, parse_int
from pramoen.framework.models import Assignment, FiscalYear
from pramoen.jobs.services import job_enqueue
from pramoen.orgs.policy import Action, can, require
from pramoen.progress.models import ActionPlan, Milestone
from pramoen.progress.plans import MilestoneInput, plan_check, plan_save

BLANK_ROWS = 3
MAX_ROWS = 200  # steps of one plan; the form never posts more


def _date(raw: str, row: int, column: str) -> dt.date | None:
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
        if not date_in_range(day):
            raise ValueError(raw)
        return day
    except ValueError:
        raise ApplicationError(
            _("Row %(row)s, column %(col)s: use a date such as 2024-04-30.") % {"row": row, "col": column}
        ) from None


def _rows(request: HttpRequest) -> list[MilestoneInput]:
    rows: list[MilestoneInput] = []
    for i in range(
        parse_int(request.POST.get("rows"), field="rows", label=_("rows"), default=0, maximum=MAX_ROWS)
    ):
        name = (request.POST.get(f"name_{i}") or "").strip()
        if not name:
            continue
        n = len(rows) + 1
        weight = parse_decimal(
            request.POST.get(f"weight_{i}") or 0,
            field=_("Row %(row)s, column weight") % {"row": n},
            max_digits=6,
            decimal_places=2,
        )
        level_raw = request.POST.get(f"level_{i}") or ""
        rows.append(
            MilestoneInput(
                name=name,
                planned_start=_date(request.POST.get(f"start_{i}") or "", n, _("planned start")),
                planned_end=_date(request.POST.get(f"end_{i}") or "", n, _("planned end")),
                weight=weight,
                level=int(level_raw)
                if level_raw.isascii() and level_raw.isdigit() and len(level_raw) < 3
                else None,
                status=request.POST.get(f"status_{i}") or Milestone.Status.NOT_STARTED,
            )
        )
    return rows


@login_required
def plan(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("indicator", "agency"), pk=assignment_id)
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=assignment.agency_id)
    current = ActionPlan.objects.filter(assignment=assignment).first()
    if request.method == "POST":
        try:
            version = (
                parse_int(request.POST["version"], field="version", label=_("version"))
                if request.POST.get("version")
                else None
            )
            plan_save(
                actor=request.user,
                assignment=assignment,
                version=version,
                target_text=request.POST.get("target_text", "").strip(),
                milestones=_rows(request),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("progress:plan", assignment_id=assignment.pk)
    steps = list(current.milestones.all()) if current else []
    return render(
        request,
        "progress/plan.html",
        {
            "assignment": assignment,
            "plan": current,
            "steps": steps,
            "blank": range(len(steps), len(steps) + BLANK_ROWS),
            "rows": len(steps) + BLANK_ROWS,
            "check": plan_check(assignment, current),
            "statuses": Milestone.Status.choices,
            "editable": can(request.user, Action.EDIT_AGENCY_DATA, agency=assignment.agency_id),
        },
    )


@login_required
def plan_deductions(request: HttpRequest) -> HttpResponse:
    """The evaluation office applies (or lifts) the year's deduction for incomplete plans."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    fy = get_object_or_404(FiscalYear, year=request.POST.get("fy") or 0)
    require(request.user, Action.MANAGE_FRAMEWORK)
    clear = request.POST.get("clear") == "1"
    label = (
        _("Lift the plan deductions of FY%(year)s") if clear else _("Apply the plan deductions of FY%(year)s")
    )
    job = job_enqueue(
        kind="plan_deductions",
        actor=request.user,
        params={"fiscal_year": fy.year, "clear": clear},
        label=label % {"year": fy.year},
    )
    return redirect("jobs:detail", pk=job.pk)
