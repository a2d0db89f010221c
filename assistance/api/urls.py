from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    AssistanceCaseViewSet,
    AssistancePlanViewSet,
    AssistanceProblemViewSet,
    AssistanceWeeklyView,
    CoordinationEntryViewSet,
    InspectionDetailView,
    InspectionListView,
    SupervisionReportViewSet,
)

router = SimpleRouter()
# SPEC §8 paths.
router.register("assistance/projects", AssistanceCaseViewSet, basename="assistance-case")
router.register("assistance/problems", AssistanceProblemViewSet, basename="assistance-problem")
router.register("assistance/plans", AssistancePlanViewSet, basename="assistance-plan")
router.register(
    "assistance/coordination", CoordinationEntryViewSet, basename="assistance-coordination"
)
router.register("assistance/reports", SupervisionReportViewSet, basename="assistance-report")
urlpatterns = [
    path("assistance/weekly/", AssistanceWeeklyView.as_view(), name="assistance-weekly"),
    path("assistance/inspections/", InspectionListView.as_view(), name="assistance-inspections"),
    path(
        "assistance/inspections/<str:quarter>/",
        InspectionDetailView.as_view(),
        name="assistance-inspection",
    ),
    *router.urls,
]
