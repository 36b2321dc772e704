from django.urls import path

from pramoen.framework import api

urlpatterns = [
    path("", api.RoundListView.as_view(), name="rounds"),
    path("advance/", api.RoundAdvanceView.as_view(), name="rounds-advance"),
    path("set/", api.RoundSetView.as_view(), name="rounds-set"),
]
