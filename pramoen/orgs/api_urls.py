from django.urls import include, path
from rest_framework.routers import DefaultRouter

from pramoen.orgs import api

router = DefaultRouter()
router.register("districts", api.DistrictViewSet, basename="district")
router.register("district-groups", api.DistrictGroupViewSet, basename="district-group")
router.register("committees", api.CommitteeViewSet, basename="committee")
router.register("agencies", api.AgencyViewSet, basename="agency")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
