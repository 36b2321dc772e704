from django.urls import path

from pramoen.feeds.surveys.api import SurveyDetailView, SurveyListView

app_name = "surveys-api"
urlpatterns = [
    path("", SurveyListView.as_view(), name="list"),
    path("<int:pk>/", SurveyDetailView.as_view(), name="detail"),
]
