from django.urls import path

from pramoen.feeds.services import api

urlpatterns = [
    path("districts/<int:code>/", api.DistrictShareView.as_view(), name="district"),
    path("overview/", api.OverviewView.as_view(), name="overview"),
    path("imports/", api.ImportView.as_view(), name="imports"),
]
