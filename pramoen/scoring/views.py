"""Scorecards, rankings and the "explain this score" page: thin views over selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pramoen.framework.models import Assignment, FiscalYear, Period
from pramoen.framework.selectors import current_round
from pramoen.jobs import selectors as job_selectors
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can, require, roles_of
from pramoen.scoring import exports, selectors
from pramoen.scoring.models import ScoreResult

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_and_period(request: HttpRequest) -> tuple[FiscalYear, Period]:
    years = selectors.fiscal_years()
    year = request.GET.get("fy")
    fy = (
        years.filter(year=int(year)).first()
        if year and year.isascii() and year.isdigit() and len(year) <= 4
        else selectors.default_fiscal_year()
    )
    if fy is None:
        raise Http404(_("No fiscal year has been set up yet."))
    code = request.GET.get("period")
    period = Period.objects.filter(fiscal_year=fy, code=code).first() if code else None
    return fy, period or selectors.default_period(fy)


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def my_scores(request: HttpRequest) -> HttpResponse:
    """Straight to one's own agency; people who read every agency choose from the ranking."""
    agencies = sorted(roles_of(request.user).by_agency)
    if agencies:
        target = reverse("scorecard", kwargs={"code": Agency.objects.get(pk=agencies[0]).code})
    elif can(request.user, Action.VIEW_ALL):
        target = reverse("ranking")
    else:
        raise PermissionDenied(_("Your role has no agency scorecard."))
    query = request.GET.urlencode()  # the year and period asked for go along
    return redirect(f"{target}?{query}" if query else target)


@require_GET
@login_required
def scorecard(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=agency)
    fy, period = _year_and_period(request)
    card = selectors.scorecard(agency=agency, fiscal_year=fy, period=period)
    if request.GET.get("format") == "xlsx":
        return _download(
            exports.scorecard_xlsx(card), f"scorecard-{agency.code}-{fy.year}-{period.code}.xlsx"
        )
    return render(
        request,
        "scoring/scorecard.html",
        {
            "card": card,
            "periods": fy.periods.order_by("end", "start"),
            "years": selectors.fiscal_years(),
            "current_round": current_round(fy.year),
            "computed_job_link": bool(
                card.computed
                and card.computed.job
                and job_selectors.can_view(request.user, card.computed.job)
            ),
        },
    )


@require_GET
@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    fy, period = _year_and_period(request)
    if not (fy.scores_published or can(request.user, Action.VIEW_ALL)):
        raise PermissionDenied(_("Rankings are shown to everyone once the evaluation office publishes them."))
    kind = request.GET.get("kind") or Agency.Kind.DISTRICT_OFFICE
    if kind not in Agency.Kind.values:
        kind = Agency.Kind.DISTRICT_OFFICE
    result = selectors.ranking(fiscal_year=fy, period=period, kind=kind)
    if request.GET.get("format") == "xlsx":
        title = f"การจัดอันดับ {Agency.Kind(kind).label} ปีงบประมาณ พ.ศ. {fy.year} ({period.name_th})"
        return _download(exports.ranking_xlsx(result, title), f"ranking-{kind}-{fy.year}-{period.code}.xlsx")
    return render(
        request,
        "scoring/ranking.html",
        {
            "ranking": result,
            "fy": fy,
            "kinds": Agency.Kind.choices,
            "periods": fy.periods.order_by("end", "start"),
            "years": selectors.fiscal_years(),
            "current_round": current_round(fy.year),
        },
    )


@require_GET
@login_required
def score_explain(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        result = selectors.score_detail(pk=pk)
    except ScoreResult.DoesNotExist as exc:
        raise Http404 from exc
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=result.assignment.agency_id)
    verification = selectors.score_verification(result)
    trail = selectors.score_trail(result, verification)
    return render(
        request, "scoring/explain.html", {"result": result, "trail": trail, "verification": verification}
    )


@require_GET
@login_required
def score_explain_period(request: HttpRequest, assignment_id: int, code: str) -> HttpResponse:
    """The explain page of an assignment in a period: the stored score's, or "no data yet" when nothing
    is stored for that period (never an error)."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("agency", "indicator__fiscal_year"), pk=assignment_id
    )
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=assignment.agency_id)
    period = get_object_or_404(Period, fiscal_year_id=assignment.indicator.fiscal_year_id, code=code)
    stored = ScoreResult.objects.filter(assignment=assignment, period=period).values_list("pk", flat=True)
    if stored:
        return redirect("score-explain", pk=stored[0])
    return render(request, "scoring/explain_empty.html", {"assignment": assignment, "period": period})
