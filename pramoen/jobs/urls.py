from django.urls import path

from pramoen.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/retry/", views.job_retry_view, name="retry"),
    path("schedules/<slug:kind>/toggle/", views.schedule_toggle, name="schedule-toggle"),
]
