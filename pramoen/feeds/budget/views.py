"""Budget pages: thin views over selectors and services; the policy decides who sees what."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pramoen.core.errors import ApplicationError
from pramoen.feeds.base import rules_locked
from pramoen.feeds.budget import selectors, services
from pramoen.feeds.budget.importer import COLUMNS
from pramoen.feeds.budget.models import BudgetLine, BudgetRules
from pramoen.feeds.jobs import feed_import_start
from pramoen.feeds.selectors import recent_runs
from pramoen.feeds.services.importer import parse_date
from pramoen.feeds.services.tabular import table_response
from pramoen.feeds.services.views import UploadForm
from pramoen.framework.periods import (
    current_fiscal_year,
    parse_fiscal_year,
    parse_period,
    period_bounds,
    period_choices,
)
from pramoen.framework.selectors import working_fiscal_year
from pramoen.framework.workbook.spec import PLAN_CURVE
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can, require, visible_agency_ids


def can_see_any_budget(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    ids = visible_agency_ids(user)
    return ids is None or bool(ids)


def _choice(request: HttpRequest) -> dict[str, Any]:
    latest = BudgetLine.objects.aggregate(y=Max("fiscal_year"))["y"] or current_fiscal_year()
    fiscal_year = parse_fiscal_year(request.GET.get("fy"), latest)
    period = parse_period(request.GET.get("period"))
    _start, end = period_bounds(fiscal_year, period)
    as_of = parse_date(request.GET.get("as_of") or "") or min(end, dt.date.today())
    return {
        "fiscal_year": fiscal_year,
        "period": period,
        "periods": period_choices(fiscal_year),
        "as_of": as_of,
        "rules": selectors.rules_for(fiscal_year),
        "plan": selectors.plan_for(fiscal_year),
        "criteria": selectors.criteria_for_period(fiscal_year, period),
    }


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    ids = visible_agency_ids(request.user)
    if ids is not None and not ids:
        raise PermissionDenied(_("Budget figures are shown to the agency itself and those who review it."))
    choice = _choice(request)
    rows = selectors.overview(
        fiscal_year=choice["fiscal_year"],
        as_of=choice["as_of"],
        criteria=choice["criteria"],
        agency_ids=ids,
        plan=choice["plan"],
    )
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return table_response(
            f"budget-disbursement-{choice['fiscal_year']}-{choice['as_of']}",
            fmt,
            [
                "agency",
                "name",
                "approved",
                "transfer_in",
                "transfer_out",
                "budget_after_transfers",
                "committed",
                "disbursed",
                "percent",
                "planned_percent",
                "projected_year_end",
                "behind",
                "level",
                "score",
            ],
            [
                [
                    r.agency.code,
                    r.agency.name_th,
                    float(r.figure.approved),
                    float(r.figure.transfer_in),
                    float(r.figure.transfer_out),
                    float(r.figure.base),
                    float(r.figure.committed),
                    float(r.figure.disbursed),
                    _f(r.figure.percent),
                    float(r.projection.planned_now),
                    _f(r.projection.year_end),
                    r.projection.behind,
                    r.level,
                    _f(r.score),
                ]
                for r in rows
            ],
        )
    chart = {
        "labels": [r.agency.short_name for r in rows],
        "values": [_f(r.figure.percent) for r in rows],
        "planned": float(choice["plan"].planned_on(choice["as_of"])),
    }
    return render(
        request,
        "budget/overview.html",
        {
            **choice,
            "rows": rows,
            "chart": chart,
            "planned_now": choice["plan"].planned_on(choice["as_of"]),
            "demo": selectors.has_demo_lines(agency_ids=ids),
            "can_import": can(request.user, Action.MANAGE_FRAMEWORK),
        },
    )


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _agency(request: HttpRequest, code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=agency)
    return agency


@require_GET
@login_required
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(request, code)
    choice = _choice(request)
    rules, plan = choice["rules"], choice["plan"]
    figure = selectors.disbursement(
        agency_id=agency.pk, fiscal_year=choice["fiscal_year"], as_of=choice["as_of"], rules=rules
    )
    actual = figure.percent
    criteria = choice["criteria"]
    score, level = criteria.score(actual) if criteria and actual is not None else (None, None)
    return render(
        request,
        "budget/agency_detail.html",
        {
            **choice,
            "agency": agency,
            "figure": figure,
            "projection": selectors.projection(actual=actual, plan=plan, as_of=choice["as_of"]),
            "quarters": selectors.quarter_table(
                agency_id=agency.pk, rules=rules, plan=plan, as_of=choice["as_of"]
            ),
            "stuck": selectors.stuck_in_procurement(
                agency_id=agency.pk, fiscal_year=choice["fiscal_year"], as_of=choice["as_of"]
            ),
            "level": level,
            "score": score,
            "demo": selectors.has_demo_lines(agency_ids=[agency.pk]),
        },
    )


@require_GET
@login_required
def agency_download(request: HttpRequest, code: str, what: str, fmt: str) -> HttpResponse:
    """The lines (with why each counts or not) or the movements behind the figure, as CSV or XLSX."""
    agency = _agency(request, code)
    choice = _choice(request)
    name = f"budget-{what}-{agency.code}-{choice['fiscal_year']}-{choice['as_of']}"
    if what == "lines":
        figure = selectors.disbursement(
            agency_id=agency.pk,
            fiscal_year=choice["fiscal_year"],
            as_of=choice["as_of"],
            rules=choice["rules"],
        )
        return table_response(
            name,
            fmt,
            [
                "line",
                "name",
                "budget_type",
                "source",
                "welfare",
                "approved",
                "transfer_in",
                "transfer_out",
                "budget_after_transfers",
                "committed",
                "disbursed",
                "excluded_because",
            ],
            [
                [
                    f.line.code,
                    f.line.name,
                    f.line.budget_type,
                    f.line.source,
                    f.line.welfare,
                    float(f.line.approved),
                    float(f.transfer_in),
                    float(f.transfer_out),
                    float(f.base),
                    float(f.committed),
                    float(f.disbursed),
                    f.excluded or "",
                ]
                for f in figure.lines
            ],
        )
    movements = selectors.movements_for_download(
        agency_id=agency.pk, fiscal_year=choice["fiscal_year"], as_of=choice["as_of"]
    )
    return table_response(
        name, fmt, ["line", "kind", "ref", "date", "amount"],
        [[m.line.code, m.kind, m.ref, m.date.isoformat(), float(m.amount)] for m in movements],
    )  # fmt: skip


TEMPLATE_ROWS = [
    [
        "line",
        "1004",
        "2567",
        "OP-01",
        "ค่าตอบแทน ใช้สอยและวัสดุ",
        "operating",
        "annual",
        "no",
        "12,500,000",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "transfer_out",
        "1004",
        "2567",
        "OP-01",
        "",
        "",
        "",
        "",
        "",
        "2024-01-15",
        "250000",
        "TR-67-001",
        "",
        "",
    ],
    [
        "disbursement",
        "1004",
        "2567",
        "OP-01",
        "",
        "",
        "",
        "",
        "",
        "15/12/2566",
        "1,200,000.50",
        "DV-67-0001",
        "",
        "",
    ],
    [
        "line",
        "1004",
        "2567",
        "INV-01",
        "ปรับปรุงทางเท้า ซอยเจริญกรุง 36",
        "งบลงทุน",
        "",
        "",
        "8000000",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "procurement",
        "1004",
        "2567",
        "INV-01",
        "",
        "",
        "",
        "",
        "",
        "2023-12-01",
        "",
        "EB-67-010",
        "announced",
        "e-GP",
    ],
    [
        "procurement",
        "1004",
        "2567",
        "INV-01",
        "",
        "",
        "",
        "",
        "",
        "2024-01-10",
        "",
        "EB-67-010",
        "no_bidder",
        "",
    ],
]


@require_GET
@login_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    return table_response("budget-template", fmt, list(COLUMNS), TEMPLATE_ROWS)


@require_http_methods(["GET", "POST"])
@login_required
def import_budget(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_FRAMEWORK)
    form = UploadForm(request.POST or None, request.FILES or None)
    error: ApplicationError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            job = feed_import_start(feed="budget", upload=form.cleaned_data["file"], actor=request.user)
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "budget/import.html",
        {"form": form, "error": error, "imports": recent_runs("budget")},
        status=400 if error else 200,
    )


class RulesForm(forms.ModelForm[BudgetRules]):
    class Meta:
        model = BudgetRules
        fields = [
            "fiscal_year", "exclude_personnel", "exclude_welfare", "exclude_supplementary",
            "exclude_government_subsidy", "exclude_carried_over", "note",
        ]  # fmt: skip

    def validate_unique(self) -> None:  # the service replaces the year's rules
        pass


def _left_out(rules: BudgetRules) -> list[str]:
    """The budgets the year's rules leave out, by their labels (never the reason keys)."""
    labels = {f.name: str(f.verbose_name) for f in BudgetRules._meta.fields}
    return [labels[f"exclude_{reason}"] for reason, on in rules.excluded_reasons().items() if on]


def _locked_message(fiscal_year: int) -> str:
    """Why the rules of ``fiscal_year`` may no longer change, or ""."""
    try:
        rules_locked(fiscal_year)
    except ApplicationError as exc:
        return exc.message
    return ""


@require_http_methods(["GET", "POST"])
@login_required
def rules(request: HttpRequest) -> HttpResponse:
    may_edit = can(request.user, Action.MANAGE_FRAMEWORK)
    fiscal_year = parse_fiscal_year(request.GET.get("fy"), working_fiscal_year())
    form = RulesForm(request.POST or None, instance=selectors.rules_for(fiscal_year))
    refused = ""
    if request.method == "POST":
        require(request.user, Action.MANAGE_FRAMEWORK)
        if form.is_valid():
            try:
                saved = services.budget_rules_set(actor=request.user, rules=form.save(commit=False))
            except ApplicationError as exc:
                refused = exc.message
            else:
                year = {"year": saved.rules.fiscal_year}
                if saved.job is not None:
                    said = _("Rules of FY %(year)s saved; KPI 3.2 is being recomputed.") % year
                    messages.success(request, said)
                    return redirect("jobs:detail", pk=saved.job.pk)
                if saved.changed:
                    messages.success(request, _("Rules of FY %(year)s saved.") % year)
                else:
                    said = _("These are the rules of FY %(year)s already; nothing changed.") % year
                    messages.info(request, said)
                return redirect(f"{reverse('budget:rules')}?fy={saved.rules.fiscal_year}")
    elif may_edit:
        refused = _locked_message(fiscal_year)
    return render(
        request,
        "budget/rules.html",
        {
            "form": form,
            "may_edit": may_edit,
            "saved": [(r, _left_out(r)) for r in BudgetRules.objects.all()],
            "fiscal_year": fiscal_year,
            "refused": refused,
            "plan": selectors.plan_for(fiscal_year),
            "plan_sheet": PLAN_CURVE.title,
        },
        status=400 if form.errors or (refused and request.method == "POST") else 200,
    )
