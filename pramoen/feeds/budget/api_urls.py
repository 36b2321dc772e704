from django.urls import path

from pramoen.feeds.api import FeedImportView
from pramoen.feeds.budget import api

urlpatterns = [
    path("agencies/<slug:code>/", api.AgencyDisbursementView.as_view(), name="agency"),
    path("overview/", api.OverviewView.as_view(), name="overview"),
    path("imports/", FeedImportView.as_view(feed="budget"), name="imports"),
]
