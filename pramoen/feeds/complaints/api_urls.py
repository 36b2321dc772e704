from django.urls import path

from pramoen.feeds.complaints.api import ComplaintKpiView

urlpatterns = [
    path("complaints/kpi/", ComplaintKpiView.as_view(), name="kpi"),
]
