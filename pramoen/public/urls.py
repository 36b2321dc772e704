from django.urls import path

from pramoen.public import data, documents, views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("reports/", documents.reports, name="reports"),
    path("reports/<int:year>/<str:period>/report.<str:fmt>", documents.report_download, name="report"),
    path("appeal-rules/", documents.appeal_rules, name="appeal-rules"),
    path("data/", data.index, name="data"),
    path("data/rounds.json", data.rounds_json, name="data-rounds"),
    path("data/<int:year>/<str:period>/ledger-<int:code>.<str:fmt>", data.ledger_file, name="data-ledger"),
    path("data/<int:year>/<str:period>/<slug:key>.<str:fmt>", data.dataset, name="data-file"),
    path("<int:year>/<str:period>/", views.round_scores, name="round"),
    path("<int:year>/<str:period>/methods/", views.how, name="methods"),
    path("<int:year>/<str:period>/agency/<slug:code>/", views.agency, name="agency"),
    path("<int:year>/<str:period>/complaints/", views.complaints, name="complaints"),
    path("<int:year>/<str:period>/complaints/<int:code>/", views.ledger, name="ledger"),
]
