from django.urls import path

from pramoen.innovations import views

app_name = "innovations"
urlpatterns = [
    path("", views.innovation_list, name="list"),
    path("new/", views.innovation_new, name="new"),
    path("review/", views.review_queue, name="review"),
    path("criteria/", views.criteria, name="criteria"),
    path("regroup/", views.regroup, name="regroup"),
    path("import/", views.register_import, name="import"),
    path("<int:pk>/", views.innovation_detail, name="detail"),
    path("<int:pk>/edit/", views.innovation_edit, name="edit"),
    path("<int:pk>/submit/", views.innovation_submit, name="submit"),
    path("<int:pk>/status/", views.innovation_status, name="status"),
    path("<int:pk>/assess/", views.innovation_assess, name="assess"),
    path("<int:pk>/score/", views.innovation_score, name="score"),
    path("<int:pk>/return/", views.innovation_return, name="return"),
    path("<int:pk>/group/", views.innovation_group, name="group"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence-file"),
    path("<int:pk>/evidence/<int:evidence_pk>/delete/", views.evidence_delete, name="evidence-delete"),
]
