"""Appeal pages: the published rules, the register, a new appeal, and one case with its workflow.
Views only read the request and call selectors/services; services check every permission."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pramoen.appeals import candidates, exports, selectors, services
from pramoen.appeals.models import AppealCase, AppealCategory, Effect
from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import parse_decimal, parse_int
from pramoen.framework.models import Assignment, Period
from pramoen.orgs.policy import Action, can, roles_of


def _decimal(raw: str, field: str) -> Decimal | None:
    if not (raw or "").strip():
        return None
    return parse_decimal(raw, field=field, max_digits=services.VALUE_DIGITS, decimal_places=4)


@require_GET
@login_required
def rules(request: HttpRequest) -> HttpResponse:
    fy = selectors.fiscal_year_or_latest(request.GET.get("fy"))
    if fy is None:
        raise Http404(_("No fiscal year has been set up yet."))
    cats = selectors.categories(user=request.user, fiscal_year=fy)
    return render(
        request,
        "appeals/rules.html",
        {"fy": fy, "categories": cats, "can_manage": can(request.user, Action.MANAGE_FRAMEWORK)},
    )


@require_POST
@login_required
def category_publish(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(AppealCategory, pk=pk)
    services.category_publish(actor=request.user, category=category)
    messages.success(request, _("“%(name)s” is published to every agency.") % {"name": category.name})
    return redirect(f"{reverse('appeal-rules')}?fy={category.fiscal_year.year}")


@require_GET
@login_required
def register(request: HttpRequest) -> HttpResponse:
    filters = selectors.RegisterFilters.from_query(request.GET)
    cases = list(selectors.register(user=request.user, filters=filters))
    for case in cases:
        case.effect_text = selectors.effect_summary(case)  # type: ignore[attr-defined]
    fmt = request.GET.get("format")
    if fmt in {"xlsx", "pdf"}:
        content, content_type = exports.register_file(cases, filters, fmt)
        response = HttpResponse(content, content_type=content_type)
        year = filters.fiscal_year.year if filters.fiscal_year else "all"
        response["Content-Disposition"] = f'attachment; filename="appeals-{year}.{fmt}"'
        return response
    return render(
        request,
        "appeals/register.html",
        {
            "cases": cases,
            "filters": filters,
            "statuses": AppealCase.Status.choices,
            "categories": selectors.categories(user=request.user, fiscal_year=filters.fiscal_year)
            if filters.fiscal_year
            else [],
            "query": request.GET.urlencode(),
            "choices": selectors.register_choices(user=request.user, filters=filters),
            "can_file": _may_file(request),  # the link is shown only to whom the form opens
        },
    )


@login_required
def appeal_new(request: HttpRequest) -> HttpResponse:
    fy = selectors.fiscal_year_or_latest(request.GET.get("fy") or request.POST.get("fy"))
    if fy is None:
        raise Http404(_("No fiscal year has been set up yet."))
    cats = selectors.categories(user=request.user, fiscal_year=fy).filter(published_at__isnull=False)
    chosen = cats.filter(code=request.POST.get("category") or request.GET.get("category", "")).first()
    assignments = selectors.appealable_assignments(user=request.user, category=chosen) if chosen else []
    if not chosen and not _may_file(request):
        raise PermissionDenied(_("Only an agency's own staff file its appeals."))
    error = None
    if request.method == "POST" and chosen:
        try:
            assignment = get_object_or_404(Assignment, pk=request.POST.get("assignment") or 0)
            period_code = request.POST.get("period", "")
            period = Period.objects.filter(fiscal_year=fy, code=period_code).first() if period_code else None
            case = services.appeal_create(
                actor=request.user,
                category=chosen,
                assignment=assignment,
                reason=request.POST.get("reason", ""),
                period=period,
                requested_value=_decimal(request.POST.get("requested_value", ""), _("requested value")),
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Draft %(number)s saved.") % {"number": case.number})
            return redirect("appeal", case.number)
    return render(
        request,
        "appeals/new.html",
        {
            "fy": fy,
            "categories": cats,
            "chosen": chosen,
            "assignments": assignments,
            "periods": Period.objects.filter(fiscal_year=fy).order_by("start", "end"),
            "needs_value": chosen is not None and chosen.effect in Effect.with_value(),
            "error": error,
            "form": request.POST,
        },
    )


def _own(request: HttpRequest) -> list[int]:
    return list(roles_of(request.user).by_agency)


def _may_file(request: HttpRequest) -> bool:
    """Only an agency's own staff file its appeals."""
    return any(can(request.user, Action.EDIT_AGENCY_DATA, agency=a) for a in _own(request))


def _case(request: HttpRequest, number: str) -> AppealCase:
    """The case, if the user may read its agency's data (403 otherwise, 404 when there is none)."""
    case = selectors.visible_cases(request.user).filter(number=number).first()
    if case is None:
        if AppealCase.objects.filter(number=number).exists():
            raise PermissionDenied(_("This appeal belongs to an agency whose data you may not read."))
        raise Http404(number)
    return case


@require_GET
@login_required
def appeal_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    return render(request, "appeals/case.html", _case_context(request, case))


def _case_context(request: HttpRequest, case: AppealCase, **extra: Any) -> dict[str, Any]:
    user = request.user
    editable = case.status == AppealCase.Status.DRAFT and can(
        user, Action.EDIT_AGENCY_DATA, agency=case.agency_id
    )
    return {
        "case": case,
        "category": case.category,
        "documents": case.category.documents(),
        "attached": {e.document_code for e in case.evidence.all()},
        "missing": services.missing_documents(case),
        "editable": editable,
        "can_submit": editable and can(user, Action.APPROVE_AGENCY_DATA, agency=case.agency_id),
        "can_withdraw": can(user, Action.APPROVE_AGENCY_DATA, agency=case.agency_id)
        and case.status in {"draft", "submitted", "under_review", "approved", "partly_approved"},
        "can_decide": services.can_decide(user, case),
        "candidates": candidates.for_case(case, query=request.GET.get("q", "")) if editable else [],
        "effect_rows": selectors.effect_rows(case),
        "periods": Period.objects.filter(fiscal_year=case.category.fiscal_year).order_by("start", "end"),
        "with_items": case.category.effect in Effect.with_items(),
        "with_value": case.category.effect in Effect.with_value(),
        **extra,
    }


@require_POST
@login_required
def appeal_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    case = _case(request, number)
    post, user = request.POST, request.user
    try:
        if action == "update":
            period_code = post.get("period", "")
            services.appeal_update(
                actor=user,
                case=case,
                version=parse_int(post.get("version"), field="version", label=_("version"), default=0),
                reason=post.get("reason", ""),
                period=Period.objects.filter(fiscal_year=case.category.fiscal_year, code=period_code).first()
                if period_code
                else None,
                requested_value=_decimal(post.get("requested_value", ""), _("requested value")),
            )
            done = _("Saved.")
        elif action == "items":
            n = services.appeal_items_add(
                actor=user, case=case, text=post.get("ids", ""), refs=post.getlist("pick")
            )
            done = _("%(n)s items added.") % {"n": n}
        elif action == "item-remove":
            services.appeal_item_remove(
                actor=user, case=case, item_id=parse_int(post.get("item"), field="item", label=_("item"))
            )
            done = _("Item removed.")
        elif action == "evidence":
            upload = request.FILES.get("file")
            if upload is None:
                raise ApplicationError(_("file: choose a file to attach."), {"field": "file"})
            services.appeal_evidence_add(
                actor=user,
                case=case,
                document_code=post.get("document", ""),
                name=upload.name or "file",
                data=upload.read(),
            )
            done = _("Document attached.")
        elif action == "evidence-remove":
            services.appeal_evidence_remove(
                actor=user,
                case=case,
                evidence_id=parse_int(post.get("evidence"), field="evidence", label=_("evidence")),
            )
            done = _("Document removed.")
        elif action == "submit":
            services.appeal_submit(actor=user, case=case)
            done = _("Appeal submitted.")
        elif action == "withdraw":
            services.appeal_withdraw(actor=user, case=case, comment=post.get("comment", ""))
            done = _("Appeal withdrawn.")
        elif action == "review":
            services.appeal_start_review(actor=user, case=case)
            done = _("Review started.")
        elif action == "decide":
            services.appeal_decide(
                actor=user,
                case=case,
                outcome=post.get("outcome", ""),
                reason=post.get("decision_reason", ""),
                approved_refs=post.getlist("approve"),
                approved_value=_decimal(post.get("approved_value", ""), _("approved value")),
            )
            done = _("Decision recorded; scores recomputed.")
        elif action == "reverse":
            services.appeal_reverse(actor=user, case=case, reason=post.get("decision_reason", ""))
            done = _("Decision reversed; previous scores restored.")
        else:
            raise Http404(action)
    except ApplicationError as exc:
        case.refresh_from_db()
        response = render(
            request, "appeals/case.html", _case_context(request, case, error=exc.message, form=post)
        )
        response.status_code = 409 if exc.extra.get("reason") == "conflict" else 400
        return response
    messages.success(request, done)
    return redirect("appeal", case.number)


@require_GET
@login_required
def evidence_file(request: HttpRequest, number: str, pk: int) -> FileResponse:
    case = _case(request, number)
    evidence = get_object_or_404(case.evidence, pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=False,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
