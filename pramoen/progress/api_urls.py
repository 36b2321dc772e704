from django.urls import path

from pramoen.progress import api

app_name = "progress-api"
urlpatterns = [
    path("open/<int:assignment_id>/<str:code>/", api.ReportOpenView.as_view(), name="open"),
    path("reports/", api.ReportListView.as_view(), name="reports"),
    path("action-plans/", api.PlanListView.as_view(), name="action-plans"),
    path("reports/<int:pk>/", api.ReportView.as_view(), name="report"),
    path("reports/<int:pk>/<slug:action>/", api.ReportActionView.as_view(), name="action"),
]
