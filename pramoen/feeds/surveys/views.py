"""Survey pages for the host, the supporting agencies and the evaluation office (sign-in), thin over the
selectors and services; the public response form is in public_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.feeds.selectors import recent_runs
from pramoen.feeds.surveys import importer, selectors, services
from pramoen.feeds.surveys.feed import paper_import_start
from pramoen.feeds.surveys.forms import PaperForm, QuestionForm, SurveyForm
from pramoen.feeds.surveys.models import Question, Survey
from pramoen.framework.models import Indicator, Period
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _survey(request: HttpRequest, pk: int) -> Survey:
    survey = get_object_or_404(
        Survey.objects.select_related("indicator__host_agency", "indicator__fiscal_year", "period"), pk=pk
    )
    if not selectors.can_read(request.user, survey):
        raise PermissionDenied(str(selectors.READ_REFUSED))
    return survey


def _manageable_indicators(user: Any) -> list[Indicator]:
    rows = (
        Indicator.objects.filter(method="survey")
        .select_related("fiscal_year")
        .order_by("-fiscal_year__year", "code")
    )
    return [i for i in rows if can(user, Action.MANAGE_SURVEY, agency=i.host_agency_id)]


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = selectors.visible(request.user)
    return render(
        request,
        "surveys/list.html",
        {"surveys": surveys, "can_create": bool(_manageable_indicators(request.user))},
    )


def _periods(indicator: Indicator | None) -> list[tuple[str, str]]:
    qs = Period.objects.filter(fiscal_year=indicator.fiscal_year) if indicator else Period.objects.none()
    return [(p.code, p.name) for p in qs.order_by("end", "start")]


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    survey = _survey(request, pk) if pk else None
    indicators = [survey.indicator] if survey else _manageable_indicators(request.user)
    if not indicators or (survey and not selectors.can_manage(request.user, survey)):
        raise PermissionDenied(_("Only the indicator's host agency designs its survey."))
    chosen = survey.indicator if survey else indicators[0]
    if not survey and request.POST.get("indicator", "").isdigit():
        chosen = next((i for i in indicators if i.pk == int(request.POST["indicator"])), chosen)
    initial: dict[str, Any] = {"period": "FY", "margin": "0.05"}
    if survey:
        initial = {
            "indicator": str(survey.indicator_id),
            "period": survey.period.code,
            "title": survey.title,
            "intro": survey.intro,
            "target_group": survey.target_group,
            "population": survey.population,
            "sample_rule": survey.sample_rule,
            "margin": survey.margin,
            "rule": survey.rule,
            "version": survey.version,
        }
    form = SurveyForm(request.POST or None, initial=initial, indicators=indicators, periods=_periods(chosen))
    if request.method == "POST" and form.is_valid():
        try:
            if survey is None:
                survey = services.survey_create(actor=request.user, indicator=chosen, data=form.to_input())
            else:
                survey = services.survey_update(
                    actor=request.user,
                    survey=survey,
                    data=form.to_input(),
                    version=form.cleaned_data.get("version") or 0,
                )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The survey was saved."))
            return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/form.html", {"form": form, "survey": survey})


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    user = request.user
    manage = selectors.can_manage(user, survey)
    agencies = list(Agency.objects.filter(pk__in=selectors.agency_ids(survey)).order_by("code"))
    mine = [a for a in agencies if can(user, Action.VIEW_SURVEY, agency=a)]
    shown = selectors.results_scope(user, survey)
    by_agency = selectors.answers_by_agency(survey, shown)
    per_agency = [
        (a, selectors.satisfaction(survey, by_agency.get(a.pk, [])))
        for a in agencies
        if shown is None or a.pk in shown
    ]
    # a joint KPI's one figure: every participant's responses together (what its score is computed from)
    joint = (
        selectors.satisfaction(survey, [r for rows in by_agency.values() for r in rows])
        if survey.indicator.is_joint
        else None
    )
    links = [
        (a, request.build_absolute_uri(reverse("survey-public", args=[survey.public_key, a.code])))
        for a in (agencies if manage else mine)
    ]
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": selectors.questions(survey),
            "sample": selectors.required_sample(survey),
            "items": selectors.item_results(survey, shown),
            "per_agency": per_agency,
            "joint": joint,
            "links": links if survey.state in (Survey.State.OPEN, Survey.State.CLOSED) else [],
            "manage": manage,
            "editable": manage and survey.state in services.EDITABLE,
            "can_review": can(user, Action.APPROVE_SURVEY) and survey.state == Survey.State.SHARED,
            "question_form": QuestionForm(),
            "paper_form": PaperForm(),
            "imports": recent_runs("surveys", 10, subject_pk=survey.pk),
        },
    )


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        action(survey)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("surveys:detail", survey.pk)


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the question and choose its kind."))
        return redirect("surveys:detail", pk)
    return _act(
        request,
        pk,
        lambda s: services.question_add(actor=request.user, survey=s, data=form.to_input()),
        _("The question was added."),
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=question_pk, survey_id=pk)
    return _act(
        request,
        pk,
        lambda _s: services.question_delete(actor=request.user, question=question),
        _("The question was removed."),
    )


@login_required
@require_POST
def survey_share(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda s: services.survey_share(actor=request.user, survey=s),
        _("The questionnaire was shared with the supporting agencies."),
    )


@login_required
@require_POST
def survey_review(request: HttpRequest, pk: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"
    return _act(
        request,
        pk,
        lambda s: services.survey_review(
            actor=request.user, survey=s, approve=approve, note=request.POST.get("note", "")
        ),
        _("The method was approved.") if approve else _("The survey went back to its host."),
    )


@login_required
@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda s: services.survey_open(actor=request.user, survey=s),
        _("The survey is taking responses."),
    )


@login_required
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        closed = services.survey_close(actor=request.user, survey=survey)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:detail", survey.pk)
    messages.success(
        request, _("The survey was closed; the indicator's scores are being recomputed from its responses.")
    )
    return redirect("jobs:detail", pk=closed.job.pk)


@login_required
@require_POST
def paper_import(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = PaperForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an XLSX or CSV file."))
        return redirect("surveys:detail", pk)
    try:
        job = paper_import_start(actor=request.user, survey=survey, upload=form.cleaned_data["file"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("surveys:detail", args=[pk]) + "#paper")
    return redirect("jobs:detail", pk=job.pk)


@login_required
def paper_template(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    response = HttpResponse(importer.template_xlsx(survey), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-paper.xlsx"'
    return response


@login_required
def qr_code(request: HttpRequest, pk: int, agency_code: str) -> HttpResponse:
    import io

    import segno

    survey = _survey(request, pk)
    agency = get_object_or_404(Agency, code=agency_code, pk__in=selectors.agency_ids(survey))
    url = request.build_absolute_uri(reverse("survey-public", args=[survey.public_key, agency.code]))
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Satisfaction by agency and results per question, for what the reader may see."""
    import io

    from openpyxl import Workbook

    survey = _survey(request, pk)
    shown = selectors.results_scope(request.user, survey)
    by_agency = selectors.answers_by_agency(survey, shown)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "agencies"
    ws.append(["agency", "name", "responses", "answers", "top_two", "mean", "percent"])
    for agency in Agency.objects.filter(pk__in=selectors.agency_ids(survey)).order_by("code"):
        if shown is not None and agency.pk not in shown:
            continue
        f = selectors.satisfaction(survey, by_agency.get(agency.pk, []))
        mean = None if f.mean is None else float(f.mean)
        percent = None if f.percent is None else float(f.percent)
        ws.append([agency.code, agency.name_th, f.responses, f.answers, f.top_two, mean, percent])
    items = wb.create_sheet("items")
    items.append(["question", "text", "answered", "counts", "mean", "top_two_percent"])
    for item in selectors.item_results(survey, shown):
        counts = "; ".join(f"{value}: {count}" for value, count in item.counts)
        if item.topics:
            counts = "; ".join(f"{words} ({len(texts)})" for words, texts in item.topics)
        items.append(
            [
                f"Q{item.number}",
                item.question.text,
                item.answered,
                counts,
                None if item.mean is None else float(item.mean),
                None if item.top_two_percent is None else float(item.top_two_percent),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.xlsx"'
    return response
