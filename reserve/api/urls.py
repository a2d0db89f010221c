from rest_framework.routers import SimpleRouter

from .views import EntryViewSet, PoolViewSet

router = SimpleRouter()
router.register("reserve/pools", PoolViewSet, basename="reserve-pool")
router.register("reserve/entries", EntryViewSet, basename="reserve-entry")
urlpatterns = router.urls
