"""Beat's schedule lives in the database (django-celery-beat), installed from the registry's
cadences, and every period message beat sends carries the moment it was due (SPEC §6)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from .registry import CADENCES, RUN_PERIOD_TASK


class DueStampingScheduler(DatabaseScheduler):
    """Beat stamps each period message with the time it sends it: the worker then runs the
    period that was due at that moment, however late the message is delivered."""

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        if entry.task != RUN_PERIOD_TASK:
            return super().apply_async(entry, producer, advance, **kwargs)
        entry = self.reserve(entry) if advance else entry
        # a shallow copy by hand: ModelEntry cannot be copied by copy.copy (its __reduce__)
        stamped = object.__new__(type(entry))
        stamped.__dict__.update(entry.__dict__)
        stamped.kwargs = {**entry.kwargs, "due": self.app.now().isoformat()}
        return super().apply_async(stamped, producer, False, **kwargs)


def install_schedules(*, reset: bool = False) -> list[str]:
    """Create the product's periodic tasks from the registry; an existing one is left as the
    administrator edited it unless `reset`. Returns the names created or reset."""
    import json

    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    changed = []
    with transaction.atomic():
        for cadence in CADENCES:
            existing = PeriodicTask.objects.filter(name=cadence.name).first()
            if existing and not reset:
                continue
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=cadence.minute,
                hour=cadence.hour,
                day_of_week=cadence.day_of_week,
                day_of_month=cadence.day_of_month,
                month_of_year=cadence.month_of_year,
                timezone=timezone.get_default_timezone_name(),
            )
            PeriodicTask.objects.update_or_create(
                name=cadence.name,
                defaults={
                    "task": cadence.task,
                    "crontab": crontab,
                    "interval": None,
                    "kwargs": json.dumps(cadence.kwargs),
                    "args": "[]",
                    "expire_seconds": cadence.expire_seconds,
                    "description": cadence.description,
                    "enabled": True,
                    "one_off": False,
                },
            )
            changed.append(cadence.name)
    return changed


def sent_at(cadence) -> dt.time:
    """The time of day beat sends `cadence`, in the site's time zone: its database schedule's
    hour and minute, as an administrator may have moved them in the admin, else the registry's
    (the schedule disabled, removed, or not once a day such as `*/2`)."""
    from django_celery_beat.models import PeriodicTask

    task = (
        PeriodicTask.objects.filter(name=cadence.name, enabled=True, crontab__isnull=False)
        .select_related("crontab")
        .first()
    )
    for hour, minute in (
        (task.crontab.hour, task.crontab.minute) if task else (None, None),
        (cadence.hour, cadence.minute),
    ):
        try:
            return dt.time(int(hour), int(minute))
        except (TypeError, ValueError):
            continue
    raise ValueError(f"{cadence.name} is not sent once a day")
