from django.urls import path, register_converter

from pramoen.feeds.services import systems_views, views


class TableFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TableFormat, "fmt")
app_name = "services"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("districts/<int:code>/", views.district_detail, name="district"),
    path("districts/<int:code>/records.<fmt:fmt>", views.district_records, name="district-records"),
    path("import/", views.import_records, name="import"),
    path("import/template.<fmt:fmt>", views.import_template, name="import-template"),
    path("processes/", views.process_list, name="processes"),
    path("criteria/", views.criteria, name="criteria"),
    path("systems/", systems_views.systems_overview, name="systems"),
    path("systems/template.<fmt:fmt>", systems_views.systems_template, name="systems-template"),
    path("agencies/<slug:code>/systems/", systems_views.agency_systems, name="agency-systems"),
]
