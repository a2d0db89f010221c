from rest_framework.routers import SimpleRouter

from .views import AssistanceCaseViewSet, AssistanceProblemViewSet

router = SimpleRouter()
# SPEC §8 paths: problems first, so "problems" is never read as a case id.
router.register("assistance/problems", AssistanceProblemViewSet, basename="assistance-problem")
router.register("assistance/projects", AssistanceCaseViewSet, basename="assistance-case")
urlpatterns = router.urls
