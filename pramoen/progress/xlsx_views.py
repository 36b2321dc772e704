"""Download and upload of an agency's period as an XLSX workbook."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.framework.models import Period
from pramoen.orgs.models import Agency
from pramoen.progress import selectors, xlsx

MAX_UPLOAD = 5 * 1024 * 1024


def _target(agency: str, code: str) -> tuple[Agency, Period]:
    fy = selectors.current_year()
    return get_object_or_404(Agency, code=agency), get_object_or_404(Period, fiscal_year=fy, code=code)


@require_GET
@login_required
def download(request: HttpRequest, agency: str, code: str) -> HttpResponse:
    a, period = _target(agency, code)
    data = xlsx.workbook_download(actor=request.user, agency=a, period=period)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="pramoen-{a.code}-{period.fiscal_year.year}-{code}.xlsx"'
    )
    return response


@require_POST
@login_required
def upload(request: HttpRequest, agency: str, code: str) -> HttpResponse:
    a, period = _target(agency, code)
    upload = request.FILES.get("file")
    back = f"{reverse('progress:home')}?period={code}"
    if upload is None or (upload.size or 0) > MAX_UPLOAD:
        messages.error(request, _("Choose the filled workbook (at most 5 MB)."))
        return redirect(back)
    try:
        count = xlsx.workbook_upload(actor=request.user, agency=a, period=period, data=upload.read())
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s reports saved from the workbook.") % {"n": count})
    return redirect(back)
