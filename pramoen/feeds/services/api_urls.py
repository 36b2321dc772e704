from django.urls import path

from pramoen.feeds.api import FeedImportView
from pramoen.feeds.services import api

urlpatterns = [
    path("districts/<int:code>/", api.DistrictShareView.as_view(), name="district"),
    path("overview/", api.OverviewView.as_view(), name="overview"),
    path("imports/", FeedImportView.as_view(feed="services"), name="imports"),
]
