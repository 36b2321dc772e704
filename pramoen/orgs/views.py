"""Organisation pages: thin views over selectors; every private section asks the policy."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pramoen.orgs import selectors, signin
from pramoen.orgs.forms import PasswordChangeForm, ThrottledAdminLoginForm, ThrottledLoginForm
from pramoen.orgs.models import Agency, Committee, District
from pramoen.orgs.oidc import enabled as oidc_enabled
from pramoen.orgs.policy import Action, can


class LoginView(auth_views.LoginView):
    """The password step; a person with two-step sign-in on (or required) goes on to the code page
    without being signed in yet (``orgs/signin.py``)."""

    form_class = ThrottledLoginForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        second_step = signin.after_password(self.request, form.get_user(), self.get_success_url())
        if second_step:
            return redirect(second_step)
        return super().form_valid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc_enabled()
        return context


class AdminLoginView(LoginView):
    """``/admin/login/``: the admin's own page and staff-only form, but the same lock-out and the same
    second step as the sign-in page (a route before ``admin.site.urls`` in ``pramoen/urls.py``)."""

    form_class = ThrottledAdminLoginForm  # type: ignore[assignment]
    template_name = "admin/login.html"
    redirect_authenticated_user = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "GET" and admin.site.has_permission(request):
            return redirect("admin:index")
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        return reverse("admin:index")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            admin.site.each_context(self.request),
            title=_("Log in"),
            subtitle=None,
            app_path=self.request.get_full_path(),
            username=self.request.user.get_username(),
        )
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password: the old one, then the new one twice, checked by every validator
    (length, common words incl. Thai, keyboard runs); the session stays signed in."""

    form_class = PasswordChangeForm
    template_name = "orgs/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_GET
@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    if kind not in {None, *Agency.Kind.values}:
        kind = None
    query = (request.GET.get("q") or "").strip()
    agencies = selectors.agency_list(kind=kind, query=query or None)
    return render(
        request,
        "orgs/agency_list.html",
        {"agencies": agencies, "kind": kind, "q": query, "kinds": Agency.Kind.choices},
    )


@require_GET
@login_required
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        agency = selectors.agency_detail(code=code)
    except Agency.DoesNotExist as exc:
        raise Http404 from exc
    can_private = can(request.user, Action.VIEW_AGENCY_PRIVATE, agency=agency)
    staff = selectors.agency_staff(agency=agency) if can_private else None
    return render(
        request,
        "orgs/agency_detail.html",
        {
            "agency": agency,
            "district": getattr(agency, "district", None),
            "committees": selectors.committees_of_agency(agency),
            "can_private": can_private,
            "staff": staff,
        },
    )


@require_GET
@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/committee_list.html", {"committees": selectors.committee_list()})


@require_GET
@login_required
def committee_detail(request: HttpRequest, number: int) -> HttpResponse:
    try:
        committee = selectors.committee_detail(number=number)
    except Committee.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "orgs/committee_detail.html",
        {
            "committee": committee,
            "can_private": can(request.user, Action.VIEW_COMMITTEE_PRIVATE, committee=committee),
            "can_record": can(request.user, Action.RECORD_MONITORING, committee=committee),
        },
    )


@require_GET
@login_required
def district_map(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/district_map.html", {"groups": selectors.district_groups()})


@require_GET
@login_required
def district_detail(request: HttpRequest, code: int) -> HttpResponse:
    try:
        district = selectors.district_detail(code=code)
    except District.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "orgs/district_detail.html",
        {
            "district": district,
            "can_private": can(request.user, Action.VIEW_AGENCY_PRIVATE, agency=district.office_id),
        },
    )
