from rest_framework.routers import SimpleRouter

from .views import (
    InvestorQuestionViewSet,
    NegotiationCaseViewSet,
    ProgressDispatchViewSet,
    TeamTaskViewSet,
)

router = SimpleRouter()
# The more specific prefixes first: otherwise negotiations/<pk>/ swallows them.
router.register("negotiations/questions", InvestorQuestionViewSet, basename="negotiation-question")
router.register("negotiations/tasks", TeamTaskViewSet, basename="negotiation-task")
router.register("negotiations/dispatches", ProgressDispatchViewSet, basename="negotiation-dispatch")
router.register("negotiations", NegotiationCaseViewSet, basename="negotiation")
urlpatterns = router.urls
