from django.urls import path

from pramoen.monitoring import api

urlpatterns = [
    path("rounds/", api.RoundListView.as_view(), name="rounds"),
    path("rounds/<int:year>/<str:period>/committees/<int:number>/", api.SheetView.as_view(), name="sheet"),
    path("items/<str:kind>/<int:pk>/", api.ItemView.as_view(), name="item"),
    path("observations/<int:pk>/follow-up/", api.FollowUpView.as_view(), name="follow-up"),
    path("open/", api.OpenItemsView.as_view(), name="open-items"),
    path("recurring/", api.MatrixView.as_view(), name="matrix"),
]
