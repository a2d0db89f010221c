"""Production entry points (WSGI, ASGI, Celery) never pick settings themselves: a missing
DJANGO_SETTINGS_MODULE would otherwise start the development settings (DEBUG on, a public secret
key) without anyone noticing. manage.py and dev.py keep the local default for developers."""

import os

from django.core.exceptions import ImproperlyConfigured

MESSAGE = (
    "DJANGO_SETTINGS_MODULE is not set. Production runs with "
    "DJANGO_SETTINGS_MODULE=yingkou.settings.production (see README, Deploy); a developer machine "
    "uses yingkou.settings.local (manage.py and dev.py set it)."
)


def require_settings_module() -> str:
    name = os.environ.get("DJANGO_SETTINGS_MODULE", "").strip()
    if not name:
        raise ImproperlyConfigured(MESSAGE)
    return name
