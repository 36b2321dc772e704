"""Pages of the progress app: thin views over services and selectors."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import parse_int
from pramoen.framework.models import Assignment, Period
from pramoen.orgs.models import Agency, District
from pramoen.orgs.policy import Action, can, require
from pramoen.progress import evidence, notify, periods, selectors, services
from pramoen.progress.facts import report_facts
from pramoen.progress.inputs import METHOD_FIELDS, parse_form
from pramoen.progress.models import Aspect, Evidence, ProgressReport
from pramoen.progress.photo_checks import flags_of
from pramoen.progress.plans import plan_check
from pramoen.scoring.models import ScoreResult

WARNING_AGENCIES_PER_PAGE = 10


def _period_from(request: HttpRequest) -> Period | None:
    fy = selectors.current_year()
    if fy is None:
        return None
    code = request.GET.get("period") or ""
    period = Period.objects.filter(fiscal_year=fy, code=code).first() if code else None
    if period is None:  # the round that is due, else the month we are in, else the year's first month
        today = periods.today()
        period = (
            periods.due_period(fy.pk, on=today)
            or Period.objects.filter(fiscal_year=fy, kind="month", start__lte=today, end__gte=today).first()
            or Period.objects.filter(fiscal_year=fy, kind="month").first()
        )
    return period


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    period = _period_from(request)
    agencies = selectors.editable_agencies(request.user)
    tables = []
    if period is not None:
        state = periods.reporting_state(period)
        tables = [
            (a, selectors.agency_period_rows(agency=a, period=period), state.note_for(a.pk)) for a in agencies
        ]
    return render(
        request,
        "progress/home.html",
        {
            "period": period,
            "periods": Period.objects.filter(fiscal_year=period.fiscal_year_id) if period else [],
            "control": periods.control_of(period) if period else None,
            "tables": tables,
            "queue": selectors.review_queue(request.user)[:200],
            "can_manage_periods": can(request.user, Action.VERIFY_RESULTS),
        },
    )


@require_POST
@login_required
def report_open(request: HttpRequest, assignment_id: int, code: str) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("indicator"), pk=assignment_id)
    period = get_object_or_404(Period, fiscal_year=assignment.indicator.fiscal_year_id, code=code)
    try:
        report = services.report_open(actor=request.user, assignment=assignment, period=period)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('progress:home')}?period={period.code}")
    return redirect("progress:report", pk=report.pk)


def _report(request: HttpRequest, pk: int) -> ProgressReport:
    report = get_object_or_404(
        ProgressReport.objects.select_related(
            "assignment__indicator__host_agency", "assignment__agency", "period__fiscal_year"
        ),
        pk=pk,
    )
    services.require_view(request.user, report)
    return report


def _district_code(agency: Agency) -> int | None:
    return District.objects.filter(office=agency).values_list("code", flat=True).first()


@require_GET
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    indicator = report.assignment.indicator
    feed = services.is_feed_computed(indicator)
    obstacles = list(report.obstacles.all())
    return render(
        request,
        "progress/report.html",
        {
            "report": report,
            "indicator": indicator,
            "actions": services.allowed_actions(request.user, report),
            "fields": METHOD_FIELDS.get(indicator.method, ("value",)) if not feed else (),
            "feed": feed,
            "computed": ScoreResult.objects.filter(
                assignment=report.assignment, period=report.period
            ).first(),
            "preview": services.report_value_preview(report),
            "obstacles": obstacles,
            "aspects": Aspect.choices,
            "blank_obstacles": range(len(obstacles), len(obstacles) + 2),
            "evidence": [
                (e, flags_of(e))
                for e in report.evidence.select_related(
                    "same_as__report__assignment__agency",
                    "same_as__report__assignment__indicator",
                    "same_as__report__period",
                )
            ],
            "events": report.events.select_related("actor"),
            "district_code": _district_code(report.assignment.agency),
            "plan": plan_check(report.assignment),
            "deadline": periods.control_of(report.period),
            "closed": periods.closed_note(report.period, report.assignment.agency_id),
            "facts": report_facts(report),
        },
    )


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_POST
@login_required
def report_save(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    status = 200
    error = ""
    try:
        version = parse_int(request.POST.get("version"), field="version", label=_("version"), default=0)
        data = parse_form(request.POST, milestone_count=len(report.milestones))
        report = services.report_save(actor=request.user, report=report, version=version, data=data)
    except services.ConflictError as exc:
        status, error = 409, exc.message
    except ApplicationError as exc:
        status, error = 400, exc.message
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Saved."))
        return redirect("progress:report", pk=pk)
    return render(
        request,
        "progress/_save_status.html",
        {
            "report": report,
            "error": error,
            "conflict": status == 409,
            "preview": services.report_value_preview(report),
        },
        status=status,
    )


@require_POST
@login_required
def report_action(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    steps = {
        "send_to_head": lambda v: services.report_send_to_head(actor=request.user, report=report, version=v),
        "submit": lambda v: services.report_submit(actor=request.user, report=report, version=v),
        "review": lambda v: services.report_host_review(
            actor=request.user, report=report, version=v, comment=comment
        ),
        "verify": lambda v: services.report_verify(
            actor=request.user, report=report, version=v, comment=comment
        ),
        "send_back": lambda v: services.report_send_back(
            actor=request.user, report=report, version=v, comment=comment
        ),
    }
    if action not in steps:
        raise Http404
    try:
        steps[action](parse_int(request.POST.get("version"), field="version", label=_("version"), default=0))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done: the report is now “%(status)s”.") % {"status": _status_label(pk)})
    return redirect("progress:report", pk=pk)


def _status_label(pk: int) -> str:
    return str(ProgressReport.objects.get(pk=pk).get_status_display())


@require_POST
@login_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a photo or a document first."))
        return redirect("progress:report", pk=pk)
    try:
        item = evidence.evidence_add(
            actor=request.user,
            report=report,
            upload=upload,
            caption=request.POST.get("caption", ""),
            latitude=request.POST.get("latitude"),
            longitude=request.POST.get("longitude"),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if item.location_source == "exif":
            messages.success(request, _("Uploaded. The location was read from the photo."))
        elif item.location_source == "map":
            messages.success(request, _("Uploaded with the location picked on the map."))
        else:
            messages.warning(request, _("Uploaded. The photo has no location: tap the map to add one."))
    return HttpResponseRedirect(reverse("progress:report", args=[pk]) + "#evidence")


def _evidence(request: HttpRequest, pk: int) -> Evidence:
    item = get_object_or_404(Evidence.objects.select_related("report__assignment__indicator"), pk=pk)
    services.require_view(request.user, item.report)
    return item


@require_POST
@login_required
def evidence_location(request: HttpRequest, pk: int) -> HttpResponse:
    item = _evidence(request, pk)
    try:
        evidence.evidence_set_location(
            actor=request.user,
            evidence=item,
            latitude=request.POST.get("latitude"),
            longitude=request.POST.get("longitude"),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Location saved."))
    return HttpResponseRedirect(reverse("progress:report", args=[item.report_id]) + "#evidence")


@require_POST
@login_required
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _evidence(request, pk)
    report_id = item.report_id
    try:
        evidence.evidence_delete(actor=request.user, evidence=item)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(reverse("progress:report", args=[report_id]) + "#evidence")


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int, which: str) -> FileResponse:
    item = _evidence(request, pk)
    field = item.thumbnail if which == "thumb" else item.file
    if not field:
        raise Http404
    response = FileResponse(
        field.open("rb"), content_type="image/jpeg" if which == "thumb" else item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    if item.kind == "document":
        response["Content-Disposition"] = f'attachment; filename="evidence-{item.pk}{_suffix(item)}"'
    return response


def _suffix(item: Evidence) -> str:
    name = item.file.name or ""
    return name[name.rfind(".") :] if "." in name else ""


@require_GET
@login_required
def trail(request: HttpRequest, assignment_id: int, code: str) -> HttpResponse:
    """One trail page for a score: the scoring app's explain page (labelled lines, or "no data yet")."""
    assignment = get_object_or_404(Assignment, pk=assignment_id)
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=assignment.agency_id)
    return redirect("score-explain-period", assignment_id=assignment.pk, code=code)


@require_GET
@login_required
def warnings(request: HttpRequest) -> HttpResponse:
    fy = selectors.current_year()
    raw = request.GET.get("on") or ""
    try:
        on = dt.date.fromisoformat(raw) if raw else periods.today()
    except ValueError:
        on = periods.today()
    lags = selectors.early_warning_lags(fiscal_year=fy, on=on, user=request.user) if fy else []
    # a page of agencies at a time: the executives' list covers every agency
    page = Paginator(selectors.lags_by_agency(lags), WARNING_AGENCIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown = selectors.hydrate([w for group in page for w in group])
    return render(
        request,
        "progress/warnings.html",
        {
            "on": on,
            "fiscal_year": fy,
            "groups": selectors.warnings_by_agency(shown),
            "page": page,
            "count": len(lags),
            "summary": selectors.warnings_summary(lags),
            "tolerance": periods.rules_for(fy.pk).warning_tolerance if fy else None,
        },
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notify.notifications_mark_read(user=request.user)
        return redirect("progress:notifications")
    items = notify.notifications_for(request.user)
    return render(request, "progress/notifications.html", {"items": items})


@login_required
def period_controls(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VERIFY_RESULTS):
        raise PermissionDenied(_("Only the evaluation office sets deadlines and locks periods."))
    period = _period_from(request)
    if request.method == "POST" and period is not None:
        try:
            what = request.POST.get("what")
            if what == "deadline":
                raw = request.POST.get("deadline") or ""
                periods.period_set_deadline(
                    actor=request.user, period=period, deadline=dt.date.fromisoformat(raw) if raw else None
                )
            elif what in ("lock", "unlock"):
                periods.period_lock(actor=request.user, period=period, locked=what == "lock")
            elif what == "exception":
                agency = get_object_or_404(Agency, code=request.POST.get("agency", ""))
                raw = request.POST.get("until") or ""
                periods.lock_exception_grant(
                    actor=request.user,
                    period=period,
                    agency=agency,
                    until=dt.date.fromisoformat(raw) if raw else None,
                    reason=request.POST.get("reason", ""),
                )
            elif what == "revoke":
                agency = get_object_or_404(Agency, code=request.POST.get("agency", ""))
                periods.lock_exception_revoke(actor=request.user, period=period, agency=agency)
        except ValueError:
            messages.error(request, _("deadline: use a date such as 2024-04-30."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{reverse('progress:periods')}?period={period.code}")
    return render(
        request,
        "progress/periods.html",
        {
            "period": period,
            "periods": Period.objects.filter(fiscal_year=period.fiscal_year_id) if period else [],
            "control": periods.control_of(period) if period else None,
            "exceptions": period.lock_exceptions.select_related("agency") if period else [],
            "agencies": Agency.objects.filter(is_active=True).order_by("kind", "code"),
        },
    )
