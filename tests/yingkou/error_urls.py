"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from yingkou.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("deliberate failure")


def suspicious(request):
    raise SuspiciousOperation("deliberate")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/500/", broken),
    path("test-errors/400/", suspicious),
    path("test-errors/403/", forbidden),
    *urlpatterns,
]
