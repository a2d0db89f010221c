"""Test runs: the same as local, with fast hashing. DATABASE_URL still switches to PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the finders in tests; no collected directory is needed.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# The test client's login() passes no request, which django-axes needs; the lockout has its own
# test that switches it back on.
AXES_ENABLED = False

# Tests travel in time across days after signing in; the 30-minute idle limit of the other
# settings has its own test (tests/yingkou/test_baseline.py).
SESSION_COOKIE_AGE = 60 * 60 * 24 * 365
