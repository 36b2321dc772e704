"""Innovation pages: thin views over selectors and services; the policy decides who may do what."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import parse_int
from pramoen.innovations import grouping, selectors, services
from pramoen.innovations.exports import innovations_xlsx
from pramoen.innovations.forms import EvidenceForm, InnovationForm
from pramoen.innovations.models import Innovation, InnovationGroup
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can


def _get(request: HttpRequest, pk: int) -> Innovation:
    return get_object_or_404(selectors.visible(request.user), pk=pk)


@login_required
def innovation_list(request: HttpRequest) -> HttpResponse:
    params = {k: v for k, v in request.GET.items() if isinstance(v, str)}
    qs = selectors.filtered(request.user, params)
    if params.get("format") == "xlsx":
        return innovations_xlsx(list(qs[:5000]))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "innovations/list.html",
        {
            "page": page,
            "params": params,
            "statuses": Innovation.Status.choices,
            "categories": Innovation.Category.choices,
            "years": selectors.years(),
            "groups": grouping.summaries(request.user),
            "can_create": bool(selectors.editable_agencies(request.user)),
            "is_host": selectors.is_host(request.user),
            "criteria_year": selectors.criteria_year(params.get("fy")),
        },
    )


def _form_view(request: HttpRequest, innovation: Innovation | None) -> HttpResponse:
    agencies = [innovation.agency] if innovation is not None else selectors.editable_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("Only an agency's staff register its innovations."))
    if innovation is not None and not selectors.can_edit(request.user, innovation):
        raise PermissionDenied(_("Only the agency's staff edit a draft innovation."))
    initial: dict[str, Any] = {"fiscal_year": selectors.default_year()}
    adopt = request.GET.get("adopt")
    if innovation is not None:
        initial = {f: getattr(innovation, f) for f in services.FIELDS if f != "adopted_from"}
        initial |= {"agency": innovation.agency.code, "adopted_from": innovation.adopted_from_id}
        initial["version"] = innovation.version
    elif adopt and adopt.isdigit():
        origin = get_object_or_404(selectors.visible(request.user), pk=int(adopt))
        initial |= {
            "kind": Innovation.Kind.ADOPTED,
            "adopted_from": origin.pk,
            "title": origin.title,
            "problem": origin.problem,
            "category": origin.category,
        }
    form = InnovationForm(request.POST or None, initial=initial, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        if not form.errors:
            try:
                if innovation is None:
                    agency = Agency.objects.get(code=form.cleaned_data["agency"])
                    innovation = services.innovation_create(actor=request.user, agency=agency, data=data)
                else:
                    innovation = services.innovation_update(
                        actor=request.user,
                        innovation=innovation,
                        data=data,
                        version=form.cleaned_data.get("version") or 0,
                    )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The innovation was saved."))
                return redirect("innovations:detail", innovation.pk)
    return render(request, "innovations/form.html", {"form": form, "innovation": innovation})


@login_required
@require_http_methods(["GET", "POST"])
def innovation_new(request: HttpRequest) -> HttpResponse:
    return _form_view(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def innovation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_view(request, _get(request, pk))


@login_required
def innovation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = _get(request, pk)
    user = request.user
    criteria = selectors.criteria_for(innovation.fiscal_year)
    assessment = getattr(innovation, "assessment", None)
    return render(
        request,
        "innovations/detail.html",
        {
            "innovation": innovation,
            "evidence": list(innovation.evidence.all()),
            "assessment": assessment,
            "marks": selectors.marks_rows(criteria, assessment),
            "adoptions": list(selectors.visible(user).filter(adopted_from=innovation)),
            "suggestions": grouping.scale_to(innovation)
            if innovation.state != Innovation.State.DRAFT
            else [],
            "similar": grouping.similar(innovation, selectors.visible(user)),
            "can_edit": selectors.can_edit(user, innovation),
            "can_status": can(user, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id),
            "can_submit": innovation.state == Innovation.State.DRAFT
            and can(user, Action.APPROVE_AGENCY_DATA, agency=innovation.agency_id),
            "can_assess": innovation.state != Innovation.State.DRAFT
            and selectors.is_host(user, innovation.fiscal_year)
            and not can(user, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id),
            "can_adopt": innovation.state != Innovation.State.DRAFT
            and any(
                a.pk != innovation.agency_id and selectors.may_adopt(innovation, a)
                for a in selectors.editable_agencies(user)
            ),
            "statuses": Innovation.Status.choices,
            "groups": InnovationGroup.objects.all(),
            "evidence_form": EvidenceForm(),
        },
    )


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    innovation = _get(request, pk)
    try:
        action(innovation)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("innovations:detail", innovation.pk)


@login_required
@require_POST
def innovation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda i: services.innovation_submit(actor=request.user, innovation=i),
        _("Sent to the host for assessment."),
    )


@login_required
@require_POST
def innovation_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda i: services.innovation_set_status(
            actor=request.user, innovation=i, status=request.POST.get("status", "")
        ),
        _("The status was changed."),
    )


@login_required
@require_POST
def innovation_assess(request: HttpRequest, pk: int) -> HttpResponse:
    marks = {k[5:]: v for k, v in request.POST.items() if k.startswith("mark_")}
    return _act(
        request,
        pk,
        lambda i: services.innovation_assess(
            actor=request.user, innovation=i, marks=marks, comment=request.POST.get("comment", "")
        ),
        _("The assessment was saved."),
    )


@login_required
@require_POST
def innovation_score(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda i: services.innovation_score(actor=request.user, innovation=i),
        _("The innovation was scored: component 2 was recomputed."),
    )


@login_required
@require_POST
def innovation_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda i: services.innovation_return(
            actor=request.user, innovation=i, comment=request.POST.get("comment", "")
        ),
        _("The innovation went back to the agency."),
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo or a PDF file."))
        return redirect("innovations:detail", pk)
    return _act(
        request,
        pk,
        lambda i: services.evidence_add(
            actor=request.user,
            innovation=i,
            upload=form.cleaned_data["file"],
            caption=form.cleaned_data.get("caption") or "",
        ),
        _("The file was added."),
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    innovation = _get(request, pk)
    evidence = get_object_or_404(innovation.evidence, pk=evidence_pk)
    return _act(
        request,
        pk,
        lambda _i: services.evidence_delete(actor=request.user, evidence=evidence),
        _("The file was removed."),
    )


@login_required
@require_POST
def innovation_group(request: HttpRequest, pk: int) -> HttpResponse:
    raw = request.POST.get("group", "")
    group = InnovationGroup.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    return _act(
        request,
        pk,
        lambda i: services.innovation_move_group(actor=request.user, innovation=i, group=group),
        _("The innovation was moved to another group."),
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not selectors.is_host(request.user):
        raise PermissionDenied(_("Only the Innovation Base's host assesses innovations."))
    waiting = selectors.visible(request.user).filter(
        state__in=[Innovation.State.SUBMITTED, Innovation.State.ASSESSED]
    )
    return render(
        request,
        "innovations/review.html",
        {"waiting": waiting.order_by("submitted_at"), "criteria_year": selectors.default_year()},
    )


@login_required
@require_POST
def regroup(request: HttpRequest) -> HttpResponse:
    try:
        made = grouping.regroup(actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)d groups of similar innovations.") % {"count": made})
    return redirect("innovations:list")


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    evidence = get_object_or_404(_get(request, pk).evidence, pk=evidence_pk)
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    from pramoen.feeds.services.views import UploadForm
    from pramoen.innovations.importer import import_register

    if not selectors.is_host(request.user):
        raise PermissionDenied(_("Only the Innovation Base's host imports the register."))
    form = UploadForm(request.POST or None, request.FILES or None)
    error: ApplicationError | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = import_register(actor=request.user, upload=upload, file_name=upload.name or "upload")
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(
                request,
                _("%(created)d innovations registered, %(updated)d updated.")
                % {"created": done.created, "updated": done.updated},
            )
            return redirect("innovations:list")
    return render(
        request, "innovations/import.html", {"form": form, "error": error}, status=400 if error else 200
    )


def _criteria_job(user: Any, fiscal_year: int) -> dict[str, Any] | None:
    """The latest recompute after a change of the year's criteria, for one who may open its page."""
    from pramoen.jobs import selectors as jobs
    from pramoen.jobs.models import Job

    job = (
        Job.objects.filter(kind="innovation_scores", params__fiscal_year=fiscal_year)
        .select_related("started_by")
        .order_by("-pk")
        .first()
    )
    if job is None or not jobs.can_view(user, job):
        return None
    progress = jobs.live_progress(job)
    return {"job": job, "progress": progress, "percent": jobs.percent(progress), "can_retry": False}


def _last_change(criteria: Any) -> Any:
    from pramoen.core.models import AuditEntry

    if criteria.pk is None:
        return None
    return (
        AuditEntry.objects.filter(model=criteria._meta.label, object_pk=str(criteria.pk))
        .select_related("actor")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request: HttpRequest) -> HttpResponse:
    """The year's innovation criteria for everyone signed in; the form for the host's head and the
    evaluation office while no round of the year has closed."""
    year = selectors.criteria_year(request.GET.get("fy"))
    current = selectors.criteria_for(year)
    view = selectors.criteria_view(current)
    may_edit = selectors.may_set_criteria(request.user, year)
    values: dict[str, Any] = {f"weight_{r['key']}": r["weight"] for r in view["rubric"]}
    values |= {f"cap_{c['kind']}": c["cap"] for c in view["kind_caps"]}
    values["spread_bonus"] = view["spread_bonus"]
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Only the host's head or the evaluation office sets the criteria."))
        values = {name: request.POST.get(name, "") for name in values}
        try:
            year = parse_int(
                request.POST.get("fiscal_year"),
                field="fiscal_year",
                label=_("fiscal year (BE)"),
                maximum=9999,
            )
            saved = services.innovation_criteria_save(
                actor=request.user,
                fiscal_year=year,
                weights={r["key"]: values[f"weight_{r['key']}"] for r in view["rubric"]},
                caps={c["kind"]: values[f"cap_{c['kind']}"] for c in view["kind_caps"]},
                spread_bonus=values["spread_bonus"],
            )
        except ApplicationError as exc:
            errors = list(
                exc.extra.get("errors") or [{"field": exc.extra.get("field", ""), "reason": exc.message}]
            )
        else:
            if not saved.changed:
                messages.info(
                    request,
                    _("Nothing changed: these are the criteria of FY %(year)s already.") % {"year": year},
                )
            else:
                lines = [_("The innovation criteria of FY %(year)s were saved.") % {"year": year}]
                if saved.relevelled:
                    lines.append(
                        ngettext(
                            "%(n)d assessment of the year was re-levelled by the new weights.",
                            "%(n)d assessments of the year were re-levelled by the new weights.",
                            saved.relevelled,
                        )
                        % {"n": saved.relevelled}
                    )
                if saved.job is not None:
                    lines.append(
                        _("Component 2's scores are being recomputed; this page shows the progress.")
                    )
                messages.success(request, " ".join(lines))
            return redirect(reverse("innovations:criteria") + f"?fy={year}")
    field_errors = {e["field"]: e["reason"] for e in errors}

    def field(name: str, label: str) -> dict[str, Any]:
        return {"name": name, "label": label, "value": values[name], "error": field_errors.get(name)}

    return render(
        request,
        "innovations/criteria.html",
        {
            "fiscal_year": year,
            "years": selectors.criteria_years(year),
            "criteria": view,
            "example": selectors.criteria_example(view),
            "may_edit": may_edit,
            "may_set_rounds": can(request.user, Action.MANAGE_FRAMEWORK),
            "locked": selectors.criteria_lock(year),
            "host": selectors.host_agency(year),
            "weight_fields": [field(f"weight_{r['key']}", r["label"]) for r in view["rubric"]],
            "cap_fields": [field(f"cap_{c['kind']}", c["label"]) for c in view["kind_caps"]],
            "bonus_field": field("spread_bonus", _("Bonus per adopting agency (0 to 5)")),
            "errors": errors,
            "sum_error": field_errors.get("weights"),
            "last_change": _last_change(current),
            "recompute": _criteria_job(request.user, year),
        },
        status=400 if errors else 200,
    )
