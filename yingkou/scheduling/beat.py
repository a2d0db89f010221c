"""Celery beat's schedule, in Asia/Shanghai (SPEC §6)."""

from celery.schedules import crontab


def beat_schedule() -> dict:
    return {
        "daily-deadlines": {
            "task": "yingkou.tasks.run_scheduled_period",
            "schedule": crontab(hour=7, minute=30),
            "args": ("daily",),
        },
        "friday-reserve-update": {
            "task": "yingkou.tasks.run_scheduled_period",
            "schedule": crontab(hour=9, minute=0, day_of_week="fri"),
            "args": ("weekly",),
        },
        # Monthly and quarterly jobs close the period that has just ended, so they run on the
        # first day of the next one for "yesterday".
        "monthly-circulars": {
            "task": "yingkou.tasks.run_scheduled_period",
            "schedule": crontab(hour=6, minute=0, day_of_month=1),
            "args": ("monthly",),
            "kwargs": {"previous": True},
        },
        "quarterly-inspections": {
            "task": "yingkou.tasks.run_scheduled_period",
            "schedule": crontab(hour=6, minute=30, day_of_month=1, month_of_year="1,4,7,10"),
            "args": ("quarterly",),
            "kwargs": {"previous": True},
        },
        "year-end": {
            "task": "yingkou.tasks.run_scheduled_period",
            "schedule": crontab(hour=7, minute=0, day_of_month=1, month_of_year=1),
            "args": ("yearly",),
            "kwargs": {"previous": True},
        },
    }
