from django.urls import path

from pramoen.feeds.api import FeedImportView
from pramoen.feeds.complaints.api import ComplaintKpiView

urlpatterns = [
    path("complaints/kpi/", ComplaintKpiView.as_view(), name="kpi"),
    path("complaints/imports/", FeedImportView.as_view(feed="complaints"), name="imports"),
]
