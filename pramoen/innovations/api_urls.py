from django.urls import path

from pramoen.innovations.api import InnovationDetailView, InnovationListView

app_name = "innovations-api"
urlpatterns = [
    path("", InnovationListView.as_view(), name="list"),
    path("<int:pk>/", InnovationDetailView.as_view(), name="detail"),
]
