from django.urls import path

from pramoen.monitoring import views
from pramoen.monitoring.views import drafts, sheets

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("open/", views.open_items, name="open-items"),
    path("recurring/", views.matrix, name="matrix"),
    path("fonts/<str:name>", views.report_font, name="font"),
    path("<int:year>/<str:period>/", views.round_detail, name="round"),
    path("<int:year>/<str:period>/publish/", views.round_publish, name="round-publish"),
    path("<int:year>/<str:period>/report.<str:fmt>", views.report_download, name="report"),
    path("<int:year>/<str:period>/export.xlsx", views.round_export, name="export"),
    path("<int:year>/<str:period>/import/", views.round_import, name="import"),
    path("<int:year>/<str:period>/committee/<int:number>/", views.sheet_detail, name="sheet"),
    path("<int:year>/<str:period>/draft/", drafts.round_draft, name="round-draft"),
    path("<int:year>/<str:period>/committee/<int:number>/draft/", drafts.sheet_draft, name="sheet-draft"),
    path("drafts/<str:kind>/<int:pk>/", drafts.draft_decide, name="draft-decide"),
    path("sheets/<int:sheet_id>/summary/", drafts.summary_save, name="summary"),
    path("sheets/<int:sheet_id>/meetings/add/", views.meeting_add, name="meeting-add"),
    path("sheets/<int:sheet_id>/<str:kind>/add/", views.item_add, name="item-add"),
    path("sheets/<int:sheet_id>/<str:kind>/preview/", sheets.item_preview, name="item-preview"),
    path("sheets/<int:sheet_id>/<str:kind>/reorder/", views.items_reorder, name="item-reorder"),
    path("items/<str:kind>/<int:pk>/", views.item_edit, name="item-edit"),
    path("items/<str:kind>/<int:pk>/delete/", views.item_delete, name="item-delete"),
    path("items/<str:kind>/<int:pk>/move/", views.item_move, name="item-move"),
    path("observations/<int:pk>/assign/", views.observation_assign, name="assign"),
    path("observations/<int:pk>/follow-up/", views.follow_up, name="follow-up"),
    path("observations/<int:pk>/evidence/", sheets.evidence_file, name="evidence-file"),
]
