from django.urls import path

from pramoen.feeds.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.home, name="home"),
]
