"""The published monitoring reports and the published appeal rules, for anyone."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pramoen.appeals.models import AppealCategory
from pramoen.framework.models import FiscalYear
from pramoen.monitoring.documents import INLINE_FORMATS, document_request, stored_document
from pramoen.monitoring.models import Round
from pramoen.monitoring.render import FORMATS
from pramoen.monitoring.render import render as render_document
from pramoen.monitoring.report import build_report
from pramoen.public import publication


def published_monitoring_rounds() -> list[Round]:
    return list(Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-fiscal_year", "-period"))


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/reports.html",
        {
            "monitoring": published_monitoring_rounds(),
            "formats": [f for f in ("pdf", "docx", "html") if f in FORMATS],
            "rounds": publication.published_rounds(),
        },
    )


@require_GET
def report_download(request: HttpRequest, year: int, period: str, fmt: str) -> HttpResponse:
    rnd = Round.objects.filter(fiscal_year=year, period=period.upper(), status=Round.Status.PUBLISHED).first()
    if rnd is None or fmt not in FORMATS:
        raise Http404
    spec = FORMATS[fmt]
    report = build_report(round=rnd)
    data = render_document(report, fmt) if fmt in INLINE_FORMATS else stored_document(report, fmt)
    if data is None:
        # built when the round was published; if it is not there (yet), a job builds it and the visitor
        # is asked to come back in a moment rather than held while it is made
        document_request(actor=None, round=rnd, fmt=fmt)
        response = render(request, "public/report_preparing.html", {"round": rnd}, status=503)
        response["Retry-After"] = "30"
        return response
    response = HttpResponse(data, content_type=spec.content_type)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="monitoring-{rnd.fiscal_year}-{rnd.period}.{spec.extension}"'
    )
    return response


@require_GET
def appeal_rules(request: HttpRequest) -> HttpResponse:
    years = list(
        FiscalYear.objects.filter(appeal_categories__published_at__isnull=False).distinct().order_by("-year")
    )
    wanted = request.GET.get("fy", "")
    fy = next((y for y in years if str(y.year) == wanted), years[0] if years else None)
    categories = (
        AppealCategory.objects.filter(fiscal_year=fy, published_at__isnull=False)
        .select_related("component")
        .order_by("order", "code")
        if fy is not None
        else AppealCategory.objects.none()
    )
    return render(request, "public/appeal_rules.html", {"fy": fy, "years": years, "categories": categories})
