from django.urls import path

from pramoen.appeals import views

urlpatterns = [
    path("", views.register, name="appeals"),
    path("rules/", views.rules, name="appeal-rules"),
    path("rules/<int:pk>/publish/", views.category_publish, name="appeal-category-publish"),
    path("new/", views.appeal_new, name="appeal-new"),
    path("<str:number>/", views.appeal_detail, name="appeal"),
    path("<str:number>/evidence/<int:pk>/", views.evidence_file, name="appeal-evidence"),
    path("<str:number>/<str:action>/", views.appeal_action, name="appeal-action"),
]
