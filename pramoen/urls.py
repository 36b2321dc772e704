from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("pramoen.dashboards.urls")),
    path("", include("pramoen.orgs.urls")),
    path("progress/", include("pramoen.progress.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("pramoen.orgs.api_urls", "api"), namespace="api")),
    path("api/v1/progress/", include("pramoen.progress.api_urls", namespace="progress-api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "pramoen — ระบบประเมินผลการปฏิบัติราชการ"
admin.site.site_title = "pramoen"
