from django.contrib.auth import views as auth_views
from django.urls import path

from pramoen.orgs import sso_views, two_step_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/sso/", sso_views.start, name="sso-start"),
    path("login/sso/callback/", sso_views.callback, name="sso-callback"),
    path("login/code/", two_step_views.verify, name="two-step-verify"),
    path("login/two-step/", two_step_views.enrol_first, name="two-step-enrol-first"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/two-step/", two_step_views.manage, name="two-step"),
    path("account/two-step/reset/", two_step_views.reset, name="two-step-reset"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency-detail"),
    path("committees/", views.committee_list, name="committee-list"),
    path("committees/<int:number>/", views.committee_detail, name="committee-detail"),
    path("districts/", views.district_map, name="district-map"),
    path("districts/<int:code>/", views.district_detail, name="district-detail"),
]
