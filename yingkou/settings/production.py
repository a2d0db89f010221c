"""Production: everything secret or site-specific must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env, env_bool, env_int_default, env_list

DEBUG = False
IS_PRODUCTION = True
SECRET_KEY = env("DJANGO_SECRET_KEY", required=True)
if SECRET_KEY.startswith("insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a random value of at least 50 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required, e.g. xm.yingkou.gov.cn.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
if not env("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL is required in production (PostgreSQL).")
if not env("REDIS_URL"):
    raise ImproperlyConfigured("REDIS_URL is required in production (Celery broker).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int_default("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Links in notice emails: the public address, by default the first allowed host over HTTPS.
SITE_URL = env("DJANGO_SITE_URL", f"https://{ALLOWED_HOSTS[0]}")
