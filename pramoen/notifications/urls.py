from django.urls import path

from pramoen.notifications import views, webhook

app_name = "notifications"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("line/link/", views.line_link, name="line-link"),
    path("line/unlink/", views.line_unlink, name="line-unlink"),
    path("line/webhook/", webhook.line_webhook, name="line-webhook"),
]
