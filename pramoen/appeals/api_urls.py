from django.urls import path

from pramoen.appeals.api import CaseDetailView, CaseListView, RulesView

urlpatterns = [
    path("rules/", RulesView.as_view(), name="rules"),
    path("", CaseListView.as_view(), name="cases"),
    path("<str:number>/", CaseDetailView.as_view(), name="case"),
]
