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

# The suite's own process runs tasks in-process and keeps its cache in memory whatever the
# environment says: a REDIS_URL exported for a deployment would send the export jobs to a broker
# no worker of this run reads, and share lockouts and cached dashboards between test runs. The
# scheduler tests start real beat and worker processes on these settings and Redis, and say so
# with YINGKOU_TEST_REDIS=1.
if not env_bool("YINGKOU_TEST_REDIS", False):  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "axes.W001"]  # noqa: F405
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
