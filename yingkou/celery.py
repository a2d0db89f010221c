"""The Celery app. Beat's schedule lives in yingkou.scheduling.beat (SPEC §6)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingkou.settings.local")

app = Celery("yingkou")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _install_beat_schedule(sender, **kwargs):
    from yingkou.scheduling.beat import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
