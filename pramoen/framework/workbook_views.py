"""The framework workbook page for evaluation officers: download, upload (with the error table) and
"copy last year's framework"."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.framework.models import FiscalYear
from pramoen.framework.services import framework_copy
from pramoen.framework.workbook import (
    DATA_SHEETS,
    WorkbookInvalid,
    framework_workbook_export,
    framework_workbook_import,
    parse_workbook,
)
from pramoen.jobs.services import job_enqueue, job_file_save
from pramoen.orgs.policy import Action, require

MAX_UPLOAD = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    fiscal_year = forms.IntegerField(label=gettext_lazy("Fiscal year (BE)"), min_value=2500, max_value=2700)
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))
    dry_run = forms.BooleanField(label=gettext_lazy("Check only, save nothing"), required=False)


class CopyForm(forms.Form):
    from_year = forms.IntegerField(min_value=2500, max_value=2700)
    to_year = forms.IntegerField(min_value=2500, max_value=2700)


def _page(request: HttpRequest, **extra: object) -> HttpResponse:
    years = list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))
    latest = years[0] if years else None
    context = {
        "years": years,
        "latest": latest,
        "next_year": latest + 1 if latest is not None else None,
        "form": ImportForm(initial={"fiscal_year": latest}),
        "sheets": DATA_SHEETS,
        **extra,
    }
    return render(request, "framework/workbook.html", context, status=400 if extra.get("errors") else 200)


@require_GET
@login_required
def workbook_page(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_FRAMEWORK)
    return _page(request)


@require_GET
@login_required
def workbook_download(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, Action.MANAGE_FRAMEWORK)
    try:
        data = framework_workbook_export(actor=request.user, fiscal_year=year)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("framework-workbook")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="pramoen-framework-{year}.xlsx"'
    return response


@require_POST
@login_required
def workbook_import(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_FRAMEWORK)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        return _page(request, form=form, problem=_("The file is larger than 20 MB."))
    if not form.cleaned_data["dry_run"]:
        # a workbook that does not parse is shown its errors at once (reading writes nothing); the import
        # itself, and the recompute of what it changes, runs as a job
        _parsed, errors = parse_workbook(upload.read(), fiscal_year=form.cleaned_data["fiscal_year"])
        if errors:
            return _page(request, form=form, errors=errors, problem=WorkbookInvalid(errors).message)
        upload.seek(0)
        job = job_enqueue(
            kind="framework_workbook_import",
            actor=request.user,
            params={"fiscal_year": form.cleaned_data["fiscal_year"]},
            label=_("Import the framework workbook of FY%(year)s: %(file)s")
            % {"year": form.cleaned_data["fiscal_year"], "file": upload.name},
            source_file=job_file_save(upload),
        )
        return redirect("jobs:detail", pk=job.pk)
    try:
        report = framework_workbook_import(
            actor=request.user,
            fiscal_year=form.cleaned_data["fiscal_year"],
            source=upload.read(),
            dry_run=True,
        )
    except WorkbookInvalid as exc:
        return _page(request, form=form, errors=exc.errors, problem=exc.message)
    except ApplicationError as exc:
        return _page(request, form=form, problem=exc.message)
    counts = [(spec, report.counts[spec.key]) for spec in DATA_SHEETS]
    return _page(request, form=form, report=report, counts=counts)


@require_POST
@login_required
def workbook_copy(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_FRAMEWORK)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the fiscal years to copy from and to."))
        return redirect("framework-workbook")
    source, target = form.cleaned_data["from_year"], form.cleaned_data["to_year"]
    try:
        framework_copy(actor=request.user, from_year=source, to_year=target)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The framework of FY %(source)s was copied into FY %(target)s.")
            % {"source": source, "target": target},
        )
    return redirect("framework-workbook")
