from rest_framework.routers import SimpleRouter

from .views import AssistanceCaseViewSet, AssistanceProblemViewSet

router = SimpleRouter()
# SPEC §8 paths.
router.register("assistance/projects", AssistanceCaseViewSet, basename="assistance-case")
router.register("assistance/problems", AssistanceProblemViewSet, basename="assistance-problem")
urlpatterns = router.urls
