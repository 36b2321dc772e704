from django.urls import path

from pramoen.dashboards import views

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit-log"),
]
