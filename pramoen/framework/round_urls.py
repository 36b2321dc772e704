from django.urls import path

from pramoen.framework import round_views as views

urlpatterns = [
    path("", views.rounds_page, name="framework-rounds"),
    path("advance/", views.rounds_advance, name="framework-rounds-advance"),
    path("set/", views.rounds_set, name="framework-rounds-set"),
]
