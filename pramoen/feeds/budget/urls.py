from django.urls import path

from pramoen.feeds.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency"),
    path("import/", views.import_budget, name="import"),
    path("rules/", views.rules, name="rules"),
]
for _fmt in ("csv", "xlsx"):
    urlpatterns += [
        path(f"import/template.{_fmt}", views.import_template, {"fmt": _fmt}, name=f"import-template-{_fmt}"),
        *(
            path(
                f"agencies/<slug:code>/{what}.{_fmt}",
                views.agency_download,
                {"what": what, "fmt": _fmt},
                name=f"agency-{what}-{_fmt}",
            )
            for what in ("lines", "movements")
        ),
    ]
