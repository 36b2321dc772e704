"""A committee's sheet: read, or keyboard-first entry of its items, meetings, assignments and follow-up.
Thin: forms check input, services and selectors do the work, the policy decides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.core.errors import ApplicationError
from pramoen.monitoring import selectors, services
from pramoen.monitoring.draft_review import drafts_of
from pramoen.monitoring.forms import ITEM_FORMS, AssignForm, FollowUpForm, MeetingForm, PasteForm
from pramoen.monitoring.models import Observation, Sheet
from pramoen.monitoring.paste import parse_paste, preview_numbers
from pramoen.monitoring.report import numbers_by_item
from pramoen.monitoring.selectors import Access
from pramoen.monitoring.systems import SYSTEMS
from pramoen.monitoring.views.common import can_edit, form_errors, get_sheet, posted_version, refused
from pramoen.monitoring.vocab import COMPONENT_ORDER, Aspect, Component, Level, component_heading_th
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can


def _sheet_context(
    request: HttpRequest, sheet: Sheet, *, keep: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    """``keep``: the aspect and level a paste form had, so adding does not reset them."""
    content = selectors.sheet_content(request.user, sheet)
    editable = can_edit(request.user, sheet)
    numbers = numbers_by_item(sheet)
    place = {key: n for n, key in enumerate(numbers)}

    def in_report_order(kind: str, items: list[Any]) -> list[Any]:
        return sorted(items, key=lambda i: place.get(f"{kind}-{i.pk}", len(place)))

    def paste(code: str, prefix: str) -> PasteForm:
        kept = (keep or {}).get(prefix, {})
        return PasteForm(initial={"component": code, **kept}, prefix=prefix)

    sections = []
    for n, code in enumerate(COMPONENT_ORDER, start=1):
        sections.append(
            {
                "code": code,
                "obstacle_list": f"list-obstacle-{n}",
                "suggestion_list": f"list-suggestion-{n}",
                "heading": component_heading_th(code),
                "label": Component(code).label,
                "obstacles": in_report_order(
                    "obstacle", [o for o in content.obstacles if o.component == code]
                ),
                "suggestions": in_report_order(
                    "suggestion", [s for s in content.suggestions if s.component == code]
                ),
                "paste_obstacle": paste(code, f"o{n}"),
                "paste_suggestion": paste(code, f"s{n}"),
            }
        )
    return {
        "sheet": sheet,
        "round": sheet.round,
        "committee": sheet.committee,
        "access": content.access,
        "editable": editable,
        "sections": sections,
        "observations": in_report_order("observation", content.observations),
        "meetings": sheet.meetings.prefetch_related("members_present")
        if content.access == Access.FULL
        else [],
        "meeting_form": MeetingForm(committee=sheet.committee),
        "paste_observation": paste("1", "b"),
        "can_assign": can(request.user, Action.RECORD_MONITORING, committee=sheet.committee_id),
        "assignable": Agency.objects.order_by("kind", "name_th"),
        "systems": {s.code: s.name for s in SYSTEMS},
        "drafts": drafts_of(sheet) if content.access == Access.FULL else [],
        "numbers": numbers,
    }


@require_GET
@login_required
def sheet_detail(request: HttpRequest, year: int, period: str, number: int) -> HttpResponse:
    sheet = get_sheet(year, period, number)
    context = _sheet_context(request, sheet)
    if context["access"] == Access.NONE:
        raise PermissionDenied(_("You may not read this committee's records."))
    return render(request, "monitoring/sheet.html", context)


def _item(kind: str, pk: int) -> Any:
    model = services.ITEM_KINDS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.every.select_related("sheet__round", "sheet__committee"), pk=pk)


def _item_response(
    request: HttpRequest,
    kind: str,
    item: Any,
    *,
    editing: bool = False,
    form: Any = None,
    saved: bool = False,
) -> HttpResponse:
    sheet = item.sheet
    if editing and form is None:
        form = ITEM_FORMS[kind](instance=item, committee=sheet.committee, prefix=f"{kind}-{item.pk}")
    return render(
        request,
        "monitoring/_item.html",
        {
            "kind": kind,
            "item": item,
            "editing": editing,
            "form": form,
            "sheet": sheet,
            "editable": True,
            "saved": saved,
            "oob_version": True,
            "systems": {s.code: s.name for s in SYSTEMS},
            "numbers": numbers_by_item(sheet),
        },
    )


@login_required
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _item(kind, pk)
    sheet = item.sheet
    if not can_edit(request.user, sheet):
        raise PermissionDenied(_("You may not change this committee's records."))
    if request.method == "GET":
        return _item_response(request, kind, item, editing=request.GET.get("view") != "1")
    form = ITEM_FORMS[kind](
        request.POST, instance=None, committee=sheet.committee, prefix=f"{kind}-{item.pk}"
    )
    if not form.is_valid():
        if request.headers.get("X-Autosave"):
            return JsonResponse({"message": form_errors(form), "extra": {"errors": form.errors}}, status=422)
        return _item_response(request, kind, item, editing=True, form=form)
    data = dict(form.cleaned_data)
    extra: dict[str, Any] = {}
    if kind == "obstacle":
        agencies = data.pop("agencies")
        systems = data.pop("systems")
        extra["agencies"] = agencies
        if set(systems) != set(item.systems):
            extra["systems"] = systems
    try:
        item = services.item_update(
            actor=request.user, item=item, expected_version=posted_version(request), **data, **extra
        )
    except ApplicationError as exc:
        return refused(request, exc)
    if request.headers.get("X-Autosave"):
        return JsonResponse({"version": sheet.version, "saved": timezone.localtime().strftime("%H:%M:%S")})
    closing = request.POST.get("close") == "1"
    return _item_response(request, kind, item, editing=not closing, saved=True)


def _paste_input(request: HttpRequest, sheet: Sheet, kind: str) -> tuple[PasteForm, dict[str, Any]]:
    prefix = request.POST.get("prefix", "")
    form = PasteForm(request.POST, prefix=prefix or None)
    if not form.is_valid():
        raise ApplicationError(_("Type or paste at least one line."), {"field": "text", "prefix": prefix})
    fields = {"level": form.cleaned_data["level"] or ""}
    if kind != "observation":
        fields["component"] = form.cleaned_data["component"]
    if kind == "obstacle":
        fields["aspect"] = form.cleaned_data["aspect"] or ""
    return form, fields


def _paste_refused(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    """Shown beside the paste form that was refused; its text stays in the box."""
    response = refused(request, exc)
    prefix = request.POST.get("prefix", "")
    if prefix and response.get("HX-Retarget"):
        response["HX-Retarget"] = f"#paste-msg-{prefix}"
    return response


@require_POST
@login_required
def item_preview(request: HttpRequest, sheet_id: int, kind: str) -> HttpResponse:
    """What the pasted text will add, numbered as the report will number it; nothing is saved."""
    sheet = get_object_or_404(Sheet.objects.select_related("round", "committee"), pk=sheet_id)
    if kind not in services.ITEM_KINDS:
        raise Http404
    if not can_edit(request.user, sheet):
        raise PermissionDenied(_("You may not change this committee's records."))
    try:
        form, fields = _paste_input(request, sheet, kind)
    except ApplicationError as exc:
        return _paste_refused(request, exc)
    parsed = parse_paste(
        form.cleaned_data["text"], kind=kind, aspect=fields.get("aspect", ""), level=fields["level"]
    )
    rows = list(zip(preview_numbers(parsed, kind), parsed.items, strict=True))
    return render(
        request,
        "monitoring/_paste_preview.html",
        {
            "rows": rows,
            "parsed": parsed,
            "kind": kind,
            "aspects": dict(Aspect.choices),
            "levels": dict(Level.choices),
        },
    )


@require_POST
@login_required
def item_add(request: HttpRequest, sheet_id: int, kind: str) -> HttpResponse:
    sheet = get_object_or_404(Sheet.objects.select_related("round", "committee"), pk=sheet_id)
    if kind not in services.ITEM_KINDS:
        raise Http404
    try:
        form, fields = _paste_input(request, sheet, kind)
        services.items_paste(
            actor=request.user,
            sheet=sheet,
            kind=kind,
            text=form.cleaned_data["text"],
            expected_version=posted_version(request),
            **fields,
        )
    except ApplicationError as exc:
        return _paste_refused(request, exc)
    keep = {form.prefix or "": {"aspect": fields.get("aspect", ""), "level": fields["level"]}}
    return _sheet_fragment(request, sheet, keep=keep)


@require_POST
@login_required
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _item(kind, pk)
    sheet = item.sheet
    try:
        services.item_delete(actor=request.user, item=item, expected_version=posted_version(request))
    except ApplicationError as exc:
        return refused(request, exc)
    return render(request, "monitoring/_version.html", {"sheet": sheet, "oob_version": True})


@require_POST
@login_required
def item_move(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _item(kind, pk)
    step = -1 if request.POST.get("step") == "up" else 1
    try:
        services.item_move(actor=request.user, item=item, step=step, expected_version=posted_version(request))
    except ApplicationError as exc:
        return refused(request, exc)
    return _sheet_fragment(request, item.sheet)


@require_POST
@login_required
def items_reorder(request: HttpRequest, sheet_id: int, kind: str) -> HttpResponse:
    sheet = get_object_or_404(Sheet.objects.select_related("round", "committee"), pk=sheet_id)
    if kind not in services.ITEM_KINDS:
        raise Http404
    try:
        ids = [int(x) for x in request.POST.getlist("ids")]
        component = request.POST.get("component") or None
        services.items_reorder(
            actor=request.user,
            sheet=sheet,
            kind=kind,
            ids=ids,
            expected_version=posted_version(request),
            component=component,
        )
    except ValueError:
        return refused(
            request, ApplicationError(_("The new order is not a list of items."), {"field": "order"})
        )
    except ApplicationError as exc:
        return refused(request, exc)
    return _sheet_fragment(request, sheet)


def _sheet_fragment(
    request: HttpRequest, sheet: Sheet, *, keep: dict[str, dict[str, str]] | None = None
) -> HttpResponse:
    sheet.refresh_from_db()
    context = _sheet_context(request, sheet, keep=keep)
    context["fragment"] = True
    return render(request, "monitoring/_sheet_body.html", context)


@require_POST
@login_required
def meeting_add(request: HttpRequest, sheet_id: int) -> HttpResponse:
    sheet = get_object_or_404(Sheet.objects.select_related("round", "committee"), pk=sheet_id)
    form = MeetingForm(request.POST, committee=sheet.committee)
    url = ("monitoring:sheet", sheet.round.fiscal_year, sheet.round.period, sheet.committee.number)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(*url)
    try:
        services.meeting_save(
            actor=request.user, sheet=sheet, expected_version=posted_version(request), **form.cleaned_data
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(*url)


# --- follow-up ------------------------------------------------------------------------------------


@require_POST
@login_required
def observation_assign(request: HttpRequest, pk: int) -> HttpResponse:
    obs = get_object_or_404(Observation.objects.select_related("sheet__round", "sheet__committee"), pk=pk)
    form = AssignForm(request.POST, instance=Observation(pk=obs.pk))
    if form.is_valid():
        try:
            services.observation_assign(actor=request.user, observation=obs, **form.cleaned_data)
            messages.success(request, _("Assignment saved."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, form_errors(form))
    return redirect(
        "monitoring:sheet", obs.sheet.round.fiscal_year, obs.sheet.round.period, obs.sheet.committee.number
    )


def _follow_up_access(request: HttpRequest, obs: Observation) -> bool:
    """Whether the user may update it; raises when they may not even read it."""
    visible = selectors.sheet_access(
        request.user, obs.sheet
    ) == Access.FULL or obs.assignee_id in selectors.own_agency_ids(request.user)
    may_update = obs.assignee_id is not None and can(
        request.user, Action.UPDATE_FOLLOW_UP, agency=obs.assignee_id
    )
    if not (visible or may_update):
        raise PermissionDenied(_("You may not read this observation."))
    return may_update


@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    obs = get_object_or_404(
        Observation.objects.select_related("sheet__round", "sheet__committee", "assignee"), pk=pk
    )
    may_update = _follow_up_access(request, obs)
    form = FollowUpForm(initial={"status": obs.status, "evidence": obs.evidence})
    if request.method == "POST":
        form = FollowUpForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.observation_follow_up(
                    actor=request.user,
                    observation=obs,
                    status=form.cleaned_data["status"],
                    evidence=form.cleaned_data["evidence"],
                    evidence_file=form.cleaned_data["evidence_file"],
                )
            except ApplicationError as exc:
                field = exc.extra.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Follow-up saved."))
                return redirect("monitoring:open-items")
    return render(request, "monitoring/follow_up.html", {"obs": obs, "form": form, "may_update": may_update})


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    obs = get_object_or_404(Observation.objects.select_related("sheet__round", "sheet__committee"), pk=pk)
    _follow_up_access(request, obs)
    if not obs.evidence_file:
        raise Http404
    suffix = Path(obs.evidence_file.name or "").suffix
    response = FileResponse(
        obs.evidence_file.open("rb"), as_attachment=True, filename=f"evidence-{obs.pk}{suffix}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
