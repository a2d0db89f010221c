"""The moment a daily or weekly run reads its records as of: when its cadence sends the on-time
run, so a catch-up equals it; a run by hand before then reads the present."""

import datetime as dt

import pytest
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from tests.clock import at, local
from yingkou.asof import scheduled_moment
from yingkou.scheduling.beat import install_schedules

# The run's time is read from the database schedule, as an administrator may have moved it.
pytestmark = pytest.mark.django_db


@at(dt.date(2026, 12, 20), 9, 0)
def test_a_past_day_is_read_as_of_its_morning_run():
    assert scheduled_moment("daily", dt.date(2026, 12, 3)) == local(dt.date(2026, 12, 3), 7, 30)
    # The week's run is its Friday's, whatever day of the week names it.
    assert scheduled_moment("weekly", dt.date(2026, 12, 1)) == local(dt.date(2026, 12, 4), 9, 0)


@at(dt.date(2026, 12, 20), 7, 29)
def test_before_the_morning_run_today_is_read_as_it_is():
    assert scheduled_moment("daily", dt.date(2026, 12, 20)) == timezone.now() + dt.timedelta(
        microseconds=1
    )


@at(dt.date(2026, 12, 20), 7, 31)
def test_after_the_morning_run_today_is_read_as_of_it():
    assert scheduled_moment("daily", dt.date(2026, 12, 20)) == local(dt.date(2026, 12, 20), 7, 30)


def test_a_closing_period_has_no_run_moment():
    with pytest.raises(ValueError):
        scheduled_moment("monthly", dt.date(2026, 12, 3))


def _daily_schedule_moved_to(hour: str, minute: str) -> None:
    install_schedules()
    task = PeriodicTask.objects.get(name="daily-deadlines")
    task.crontab = CrontabSchedule.objects.create(
        hour=hour, minute=minute, timezone=timezone.get_default_timezone_name()
    )
    task.save()


@at(dt.date(2026, 12, 20), 9, 0)
def test_a_daily_run_moved_in_the_admin_is_read_as_of_its_new_time():
    """An administrator sends the daily lists at 06:00: the on-time run at 06:00 reads the
    records as of then, and so does a catch-up of that day."""
    _daily_schedule_moved_to("6", "0")
    assert scheduled_moment("daily", dt.date(2026, 12, 3)) == local(dt.date(2026, 12, 3), 6, 0)


@at(dt.date(2026, 12, 20), 9, 0)
def test_a_schedule_not_once_a_day_is_read_at_the_registrys_time():
    _daily_schedule_moved_to("*/2", "0")
    assert scheduled_moment("daily", dt.date(2026, 12, 3)) == local(dt.date(2026, 12, 3), 7, 30)
