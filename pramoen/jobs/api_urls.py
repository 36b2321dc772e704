from django.urls import path

from pramoen.jobs import api

app_name = "jobs-api"

urlpatterns = [
    path("", api.JobListView.as_view(), name="list"),
    path("<int:pk>/", api.JobDetailView.as_view(), name="detail"),
]
