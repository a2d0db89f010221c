from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("enterprise/visits", views.VisitViewSet, basename="enterprise-visit")
router.register("enterprise/complaints", views.ComplaintViewSet, basename="enterprise-complaint")
router.register("enterprise/inspections", views.InspectionViewSet, basename="enterprise-inspection")
router.register("enterprise/problems", views.ProblemViewSet, basename="enterprise-problem")
router.register("enterprise/promises", views.PromiseViewSet, basename="enterprise-promise")
router.register(
    "enterprise/assessments", views.AssessmentResultViewSet, basename="enterprise-assessment"
)
urlpatterns = router.urls
