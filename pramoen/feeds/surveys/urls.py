from django.urls import path

from pramoen.feeds.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_edit, name="new"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/questions/", views.question_add, name="question-add"),
    path("<int:pk>/questions/<int:question_pk>/delete/", views.question_delete, name="question-delete"),
    path("<int:pk>/share/", views.survey_share, name="share"),
    path("<int:pk>/review/", views.survey_review, name="review"),
    path("<int:pk>/open/", views.survey_open, name="open"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/paper/", views.paper_import, name="paper"),
    path("<int:pk>/paper/template.xlsx", views.paper_template, name="paper-template"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results-xlsx"),
    path("<int:pk>/qr/<str:agency_code>.svg", views.qr_code, name="qr"),
]
