"""Complaint pages: thin views over selectors; every page asks the policy."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pramoen.core import pdpa
from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints import pages
from pramoen.feeds.complaints.demo import demo_run
from pramoen.feeds.complaints.exports import kpi_xlsx, rows_csv, rows_xlsx
from pramoen.feeds.complaints.models import Ticket, TicketDistrict
from pramoen.feeds.complaints.selectors import district_kpis, ticket_history
from pramoen.feeds.jobs import feed_import_start
from pramoen.feeds.selectors import recent_runs
from pramoen.jobs.models import Job
from pramoen.orgs.models import District, Role, RoleAssignment
from pramoen.orgs.policy import Action, can, require


def _reason_labels() -> dict[str, str]:
    return {
        "": _("counted"),
        "not_relevant": _("excluded: not relevant"),
        "forwarded": _("excluded: forwarded to another body"),
        "duplicate": _("excluded: duplicate"),
        "appeal": _("excluded: approved appeal"),
    }


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    if can(request.user, Action.VIEW_ALL):
        return redirect("complaints:executive")
    office_ids = RoleAssignment.objects.filter(
        user_id=int(request.user.pk or 0),
        role__in=[Role.REPORTER, Role.APPROVER],
        agency__kind="district_office",
    ).values_list("agency_id", flat=True)
    district = District.objects.filter(office_id__in=list(office_ids)).first()
    if district is not None:
        return redirect("complaints:district", code=district.code)
    visible = [
        d
        for d in District.objects.order_by("code")
        if can(request.user, Action.VIEW_AGENCY_PRIVATE, agency=d.office_id)
    ]
    if not visible:
        raise PermissionDenied(
            _("Complaint figures are shown to district offices, their committees and executives.")
        )
    return render(request, "complaints/district_list.html", {"districts": visible, "sample": demo_run()})


def _district_or_403(request: HttpRequest, code: int) -> District:
    district = get_object_or_404(District.objects.select_related("office", "group"), code=code)
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=district.office_id)
    return district


@require_GET
@login_required
def district(request: HttpRequest, code: int) -> HttpResponse:
    d = _district_or_403(request, code)
    start, end = pages.parse_window(request.GET)
    report = district_kpis(start=start, end=end, district_ids=[d.pk])
    qs = pages.district_tickets(d, start, end)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        rows = pages.ticket_rows(qs)
        labels = _reason_labels()
        header = [
            "ticket_id",
            "created_at",
            "state",
            "type",
            "star",
            "counted_or_reason",
            "duplicate_of",
            "lon",
            "lat",
        ]
        data = [
            [r["ticket_id"], r["created_at"].isoformat(), r["state"], r["type"], r["star"],
             labels[r["reason"]], r["duplicate_of"], r["lon"], r["lat"]]
            for r in rows
        ]  # fmt: skip
        name = f"complaints_{d.code}_{start}_{end}"
        if export == "csv":
            resp = HttpResponse(rows_csv(header, data), content_type="text/csv; charset=utf-8")
        else:
            resp = HttpResponse(
                rows_xlsx(header, data),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        resp["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
        return resp
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    labels = _reason_labels()
    rows = pages.ticket_rows(page.object_list)  # type: ignore[arg-type]
    for r in rows:
        r["reason_label"] = labels[r["reason"]]
    return render(
        request,
        "complaints/district.html",
        {
            "district": d,
            "sample": demo_run(),
            "start": start,
            "end": end,
            "kpi": report["districts"][0],
            "report": report,
            "rows": rows,
            "page": page,
            "trend_json": json.dumps(pages.weekly_trend(qs)),
            "points_json": json.dumps(pages.map_points(qs), ensure_ascii=False),
        },
    )


@require_GET
@login_required
def geo_quality(request: HttpRequest, code: int) -> HttpResponse:
    d = _district_or_403(request, code)
    start, end = pages.parse_window(request.GET)
    flagged = pages.geo_flagged(d, start, end)
    page = Paginator(flagged, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/geo_quality.html",
        {"district": d, "start": start, "end": end, "page": page, "total": flagged.count()},
    )


@require_GET
@login_required
def ticket(request: HttpRequest, ticket_id: str) -> HttpResponse:
    t = get_object_or_404(Ticket.objects.select_related("polygon_district"), ticket_id=ticket_id)
    links = list(TicketDistrict.objects.filter(ticket=t).select_related("district", "duplicate_of"))
    if not can(request.user, Action.VIEW_ALL) and not any(
        can(request.user, Action.VIEW_AGENCY_PRIVATE, agency=link.district.office_id) for link in links
    ):
        raise PermissionDenied(_("This ticket belongs to a district whose figures you may not read."))
    labels = _reason_labels()
    appeal = t.exclusions.exists()
    attributions = []
    for link in links:
        reason = pages.reason_of(t.state, link.duplicate_of_id is not None, appeal)
        group_root = link.duplicate_of or t
        group = TicketDistrict.objects.filter(district=link.district, duplicate_of=group_root).select_related(
            "ticket"
        )
        attributions.append(
            {"link": link, "reason": labels[reason], "counted": reason == "", "root": group_root,
             "group": [g.ticket for g in group]}
        )  # fmt: skip
    history = ticket_history(t)
    personal = any(
        can(request.user, Action.VIEW_PERSONAL_DATA, agency=link.district.office_id) for link in links
    )
    texts = {f: getattr(t, f) if personal else pdpa.mask(getattr(t, f)) for f in ("comment", "address")}
    return render(
        request,
        "complaints/ticket.html",
        {
            "ticket": t,
            "texts": texts,
            "masked": not personal,
            "attributions": attributions,
            "history": history,
            "exclusions": t.exclusions.all(),
        },
    )


@require_GET
@login_required
def executive(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_ALL)
    start, end = pages.parse_window(request.GET)
    dedup = request.GET.get("dedup", "on") != "off"
    report = district_kpis(start=start, end=end, dedup=dedup)
    if request.GET.get("export") == "xlsx":
        resp = HttpResponse(
            kpi_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        resp["Content-Disposition"] = f'attachment; filename="complaint_kpi_{start}_{end}.xlsx"'
        return resp
    choropleth = {r["code"]: r["kpi_percent"] for r in report["districts"]}
    return render(
        request,
        "complaints/executive.html",
        {
            "report": report,
            "sample": demo_run(),
            "start": start,
            "end": end,
            "dedup": dedup,
            "choropleth_json": json.dumps(choropleth),
            # the import page's own check (import_page below)
            "can_import": can(request.user, Action.MANAGE_FRAMEWORK),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """The upload answers at once: the import runs as a job, whose page shows its progress and summary."""
    require(request.user, Action.MANAGE_FRAMEWORK)
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file to import.")
        else:
            try:
                job = feed_import_start(feed="complaints", upload=upload, actor=request.user)
            except ApplicationError as exc:
                error = exc.message
            else:
                return redirect("jobs:detail", pk=job.pk)
    runs = recent_runs("complaints")
    jobs = Job.objects.filter(kind="feed_import", params__feed="complaints")[:10]
    return render(
        request,
        "complaints/import.html",
        # the data connectors page (the scheduled Traffy Fondue pull) asks the same of its visitors
        {"error": error, "runs": runs, "jobs": jobs, "can_pull": can(request.user, Action.MANAGE_FRAMEWORK)},
        status=400 if error else 200,
    )
