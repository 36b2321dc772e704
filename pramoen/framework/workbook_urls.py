from django.urls import path

from pramoen.framework import workbook_views as views

urlpatterns = [
    path("", views.workbook_page, name="framework-workbook"),
    path("<int:year>.xlsx", views.workbook_download, name="framework-workbook-download"),
    path("import/", views.workbook_import, name="framework-workbook-import"),
    path("copy/", views.workbook_copy, name="framework-workbook-copy"),
]
