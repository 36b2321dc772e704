"""Monitoring rounds: the list, a round's page, publishing, the report download, XLSX export/import,
open items and the recurring-obstacle matrices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.core.pdf_fonts import FACES, SOURCE_DIR
from pramoen.monitoring import selectors, services, xlsx
from pramoen.monitoring.documents import INLINE_FORMATS, document_request, stored_document
from pramoen.monitoring.forms import ImportForm, RoundForm
from pramoen.monitoring.models import Sheet
from pramoen.monitoring.render import FORMATS
from pramoen.monitoring.render import render as render_document
from pramoen.monitoring.report import build_report
from pramoen.monitoring.selectors import Access
from pramoen.monitoring.views.common import can_edit, form_errors, get_round
from pramoen.orgs.policy import Action, can


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/home.html",
        {
            "rounds": selectors.rounds_for(request.user),
            "can_manage": can(request.user, Action.MANAGE_FRAMEWORK),
            "form": RoundForm(),
        },
    )


@require_POST
@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            rnd = services.round_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("monitoring:round", rnd.fiscal_year, rnd.period)
    else:
        messages.error(request, form_errors(form))
    return redirect("monitoring:home")


@require_GET
@login_required
def round_detail(request: HttpRequest, year: int, period: str) -> HttpResponse:
    rnd = get_round(year, period)
    sheets = (
        Sheet.objects.filter(round=rnd).select_related("committee", "round").order_by("committee__number")
    )
    rows = [(s, selectors.sheet_access(request.user, s), can_edit(request.user, s)) for s in sheets]
    return render(
        request,
        "monitoring/round.html",
        {
            "round": rnd,
            "rows": rows,
            "full": selectors.round_full_access(request.user, rnd),
            "can_manage": can(request.user, Action.MANAGE_FRAMEWORK),
            "formats": sorted(FORMATS),
            "import_form": ImportForm(),
            "can_import": any(edit for _s, _a, edit in rows),
        },
    )


@require_POST
@login_required
def round_publish(request: HttpRequest, year: int, period: str) -> HttpResponse:
    rnd = get_round(year, period)
    services.round_publish(actor=request.user, round=rnd, publish=request.POST.get("publish") == "1")
    messages.success(request, _("Published.") if rnd.is_published else _("Back to draft."))
    return redirect("monitoring:round", rnd.fiscal_year, rnd.period)


@require_GET
@login_required
def report_download(request: HttpRequest, year: int, period: str, fmt: str) -> HttpResponse:
    rnd = get_round(year, period)
    if fmt not in FORMATS:
        raise Http404
    numbers = [
        int(n) for n in request.GET.getlist("committee") if n.isascii() and n.isdigit() and len(n) <= 9
    ]
    if numbers and not selectors.round_full_access(request.user, rnd):
        for sheet in Sheet.objects.filter(round=rnd, committee__number__in=numbers):
            if selectors.sheet_access(request.user, sheet) != Access.FULL:
                raise PermissionDenied(_("You may not read this committee's records."))
    elif not numbers and not selectors.round_full_access(request.user, rnd):
        raise PermissionDenied(_("You may not read every committee's records of this round."))
    report = build_report(round=rnd, committees=numbers or None)
    spec = FORMATS[fmt]
    data = render_document(report, fmt) if fmt in INLINE_FORMATS else stored_document(report, fmt)
    if data is None:
        # built by a job, never in the request: the job's page shows its progress, then the download
        job = document_request(actor=request.user, round=rnd, fmt=fmt, committees=numbers)
        messages.info(request, _("The report file is being built; download it here when ready."))
        return redirect("jobs:detail", job.pk)
    response = HttpResponse(data, content_type=spec.content_type)
    suffix = "-" + "-".join(str(n) for n in numbers) if numbers else ""
    name = f"monitoring-{rnd.fiscal_year}-{rnd.period}{suffix}.{spec.extension}"
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_GET
def report_font(request: HttpRequest, name: str) -> FileResponse:
    """The report's web version loads Sarabun from here (browsers refuse fonts from ``file://``)."""
    if name not in FACES:
        raise Http404
    response = FileResponse((SOURCE_DIR / name).open("rb"), content_type="font/ttf")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@require_GET
@login_required
def round_export(request: HttpRequest, year: int, period: str) -> HttpResponse:
    rnd = get_round(year, period)
    numbers = [
        int(n) for n in request.GET.getlist("committee") if n.isascii() and n.isdigit() and len(n) <= 9
    ]
    sheets = Sheet.objects.filter(round=rnd).select_related("round")
    if numbers:
        sheets = sheets.filter(committee__number__in=numbers)
    if any(selectors.sheet_access(request.user, s) != Access.FULL for s in sheets):
        raise PermissionDenied(_("You may not read every committee's records of this round."))
    response = HttpResponse(
        xlsx.export_round(rnd, committees=numbers or None),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    suffix = "-" + "-".join(str(n) for n in numbers) if numbers else ""
    response["Content-Disposition"] = (
        f'attachment; filename="monitoring-{rnd.fiscal_year}-{rnd.period}{suffix}.xlsx"'
    )
    return response


@require_POST
@login_required
def round_import(request: HttpRequest, year: int, period: str) -> HttpResponse:
    rnd = get_round(year, period)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an XLSX file to import."))
        return redirect("monitoring:round", rnd.fiscal_year, rnd.period)
    try:
        summary = xlsx.import_round(actor=request.user, rnd=rnd, data=form.cleaned_data["file"].read())
    except ApplicationError as exc:
        return render(request, "monitoring/import_errors.html", {"round": rnd, "error": exc}, status=422)
    committees = ", ".join(str(n) for n in summary)
    messages.success(request, _("Imported the records of committee(s) %(list)s.") % {"list": committees})
    return redirect("monitoring:round", rnd.fiscal_year, rnd.period)


# --- a committee's sheet --------------------------------------------------------------------------


@require_GET
@login_required
def open_items(request: HttpRequest) -> HttpResponse:
    items = list(selectors.open_items(request.user))
    mine = selectors.own_agency_ids(request.user)
    return render(request, "monitoring/open_items.html", {"items": items, "mine": mine})


@require_GET
@login_required
def matrix(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "system")
    if by not in ("system", "aspect"):
        by = "system"
    rounds = selectors.rounds_newest_first()
    chosen = [r for r in rounds if str(r.pk) in request.GET.getlist("round")] or selectors.current_rounds(
        rounds
    )
    table = selectors.recurring_matrix(request.user, by=by, rounds=chosen)
    trend_rounds, trend = selectors.recurring_trend(request.user, by=by, rounds=rounds)
    return render(
        request,
        "monitoring/matrix.html",
        {
            "matrix": table,
            "by": by,
            "rounds": rounds,
            "chosen": chosen,
            "trend_rounds": trend_rounds,
            "trend": trend,
        },
    )
