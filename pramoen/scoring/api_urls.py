from django.urls import path

from pramoen.scoring import api

urlpatterns = [
    path("scores/<int:pk>/", api.ScoreTrailView.as_view(), name="score-trail"),
    path("scorecards/<slug:code>/", api.ScorecardView.as_view(), name="scorecard"),
]
