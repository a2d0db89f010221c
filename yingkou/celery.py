"""The Celery app. Beat's schedule lives in the database (django-celery-beat), installed from
the cadences in yingkou.scheduling.registry (SPEC §6)."""

from celery import Celery

from yingkou.entrypoint import require_settings_module

# Imported by yingkou/__init__.py, so every process that loads the project passes here first: the
# worker, beat, gunicorn. None of them may fall back to the development settings.
require_settings_module()

app = Celery("yingkou")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
