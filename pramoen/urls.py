from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pramoen.core.health import healthz
from pramoen.orgs.views import AdminLoginView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("pramoen.dashboards.urls")),
    path("", include("pramoen.orgs.urls")),
    path("", include("pramoen.scoring.urls")),
    path("services/", include("pramoen.feeds.services.urls")),
    path("budget/", include("pramoen.feeds.budget.urls")),
    path("monitoring/", include("pramoen.monitoring.urls")),
    path("framework/workbook/", include("pramoen.framework.workbook_urls")),
    path("framework/rounds/", include("pramoen.framework.round_urls")),
    path("progress/", include("pramoen.progress.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("complaints/", include("pramoen.feeds.complaints.urls")),
    path("appeals/", include("pramoen.appeals.urls")),
    path("notifications/", include("pramoen.notifications.urls")),
    path("connectors/", include("pramoen.connectors.urls")),
    path("innovations/", include("pramoen.innovations.urls")),
    path("surveys/", include("pramoen.feeds.surveys.urls")),
    path("s/", include("pramoen.feeds.surveys.public_urls")),
    path("overview/", include("pramoen.insights.urls")),
    path("public/", include("pramoen.public.urls")),
    path("jobs/", include("pramoen.jobs.urls")),
    # the admin's sign-in with the same lock-out and second step as /login/ (orgs/views.py)
    path("admin/login/", AdminLoginView.as_view(), name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("pramoen.orgs.api_urls", "api"), namespace="api")),
    path("api/v1/", include(("pramoen.scoring.api_urls", "scoring-api"), namespace="scoring-api")),
    path("api/v1/rounds/", include(("pramoen.framework.api_urls", "rounds-api"), namespace="rounds-api")),
    path("api/v1/services/", include(("pramoen.feeds.services.api_urls", "services-api"))),
    path("api/v1/budget/", include(("pramoen.feeds.budget.api_urls", "budget-api"))),
    path(
        "api/v1/monitoring/",
        include(("pramoen.monitoring.api_urls", "monitoring-api"), namespace="monitoring-api"),
    ),
    path(
        "api/v1/",
        include(("pramoen.feeds.complaints.api_urls", "complaints-api"), namespace="complaints-api"),
    ),
    path(
        "api/v1/appeals/",
        include(("pramoen.appeals.api_urls", "appeals-api"), namespace="appeals-api"),
    ),
    path("api/v1/jobs/", include(("pramoen.jobs.api_urls", "jobs-api"), namespace="jobs-api")),
    path("api/v1/progress/", include("pramoen.progress.api_urls", namespace="progress-api")),
    path("api/v1/innovations/", include("pramoen.innovations.api_urls", namespace="innovations-api")),
    path("api/v1/surveys/", include("pramoen.feeds.surveys.api_urls", namespace="surveys-api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
# Uploaded files (evidence, appeal letters) are never served from a public /media/ path, in any mode:
# only through the views that ask the policy first (progress:evidence-file, appeal-evidence).

admin.site.site_header = "pramoen — ระบบประเมินผลการปฏิบัติราชการ"
admin.site.site_title = "pramoen"

handler400 = "pramoen.core.views.bad_request"
handler403 = "pramoen.core.views.permission_denied"
handler404 = "pramoen.core.views.page_not_found"
handler500 = "pramoen.core.views.server_error"
