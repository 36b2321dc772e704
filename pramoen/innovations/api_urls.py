from django.urls import path

from pramoen.innovations.api import InnovationCriteriaView, InnovationDetailView, InnovationListView

app_name = "innovations-api"
urlpatterns = [
    path("", InnovationListView.as_view(), name="list"),
    path("criteria/", InnovationCriteriaView.as_view(), name="criteria"),
    path("<int:pk>/", InnovationDetailView.as_view(), name="detail"),
]
