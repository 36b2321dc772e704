from django.urls import path

from pramoen.connectors import views

app_name = "connectors"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:key>/pull/", views.pull_now, name="pull"),
    path("<str:key>/pause/", views.pause, name="pause"),
]
