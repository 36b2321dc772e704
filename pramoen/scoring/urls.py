from django.urls import path

from pramoen.scoring import views

urlpatterns = [
    path("scores/", views.my_scores, name="my-scores"),
    path("scores/ranking/", views.ranking, name="ranking"),
    path("scores/agency/<slug:code>/", views.scorecard, name="scorecard"),
    path("scores/<int:pk>/", views.score_explain, name="score-explain"),
    path(
        "scores/explain/<int:assignment_id>/<str:code>/",
        views.score_explain_period,
        name="score-explain-period",
    ),
]
