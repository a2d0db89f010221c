from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .token import ObtainExpiringToken
from .views import ChangeRequestViewSet, LeaderViewSet, ProjectViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("leaders", LeaderViewSet, basename="leader")
router.register("projects", ProjectViewSet, basename="project")
router.register("change-requests", ChangeRequestViewSet, basename="change-request")

urlpatterns = [
    path("auth/token/", ObtainExpiringToken.as_view(), name="api-token"),
    # Each app registers its own routes under the same prefix (SPEC §8 paths).
    path("", include("reserve.api.urls")),
    path("", include("negotiation.api.urls")),
    path("", include("assistance.api.urls")),
    path("", include("enterprise.api.urls")),
    path("", include(router.urls)),
]
