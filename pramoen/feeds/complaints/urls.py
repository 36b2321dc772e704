from django.urls import path

from pramoen.feeds.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.home, name="home"),
    path("executive/", views.executive, name="executive"),
    path("import/", views.import_page, name="import"),
    path("district/<int:code>/", views.district, name="district"),
    path("district/<int:code>/geo/", views.geo_quality, name="geo"),
    path("ticket/<str:ticket_id>/", views.ticket, name="ticket"),
]
