"""pramoen's URLs plus a view that fails on purpose (tests/core/test_sentry.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from pramoen.urls import urlpatterns as pramoen_urlpatterns


@csrf_exempt
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the boom view failed on purpose")


urlpatterns = [path("boom/", boom), *pramoen_urlpatterns]
handler500 = "pramoen.core.views.server_error"
