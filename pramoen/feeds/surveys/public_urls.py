from django.urls import path

from pramoen.feeds.surveys import public_views

urlpatterns = [
    path("answer/", public_views.answer, name="survey-answer"),
    path("<str:key>/<str:agency_code>/", public_views.respond, name="survey-public"),
]
