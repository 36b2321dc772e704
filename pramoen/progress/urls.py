from django.urls import path

from pramoen.progress import plan_views, views, xlsx_views

app_name = "progress"
urlpatterns = [
    path("", views.home, name="home"),
    path("open/<int:assignment_id>/<str:code>/", views.report_open, name="open"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/save/", views.report_save, name="save"),
    path("reports/<int:pk>/action/", views.report_action, name="action"),
    path("reports/<int:pk>/evidence/", views.evidence_upload, name="evidence-upload"),
    path("evidence/<int:pk>/location/", views.evidence_location, name="evidence-location"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence-remove"),
    path("evidence/<int:pk>/<str:which>/", views.evidence_file, name="evidence-file"),
    path("trail/<int:assignment_id>/<str:code>/", views.trail, name="trail"),
    path("plans/<int:assignment_id>/", plan_views.plan, name="plan"),
    path("plans/deductions/", plan_views.plan_deductions, name="plan-deductions"),
    path("warnings/", views.warnings, name="warnings"),
    path("notifications/", views.notifications, name="notifications"),
    path("periods/", views.period_controls, name="periods"),
    path("xlsx/<slug:agency>/<str:code>/", xlsx_views.download, name="xlsx-download"),
    path("xlsx/<slug:agency>/<str:code>/upload/", xlsx_views.upload, name="xlsx-upload"),
]
