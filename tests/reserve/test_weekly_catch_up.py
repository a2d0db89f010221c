"""R-5 after the scheduler was stopped: the Friday reminder is for the week still running. A
catch-up run of a week that has ended (the reconciler after three weeks off, a retry days later)
records its run and tells nobody: three weeks of stale "please update by Friday" reminders are
not dumped on the units at once; their pages and the dispatch table show the missed weeks late."""

import datetime as dt

import pytest

from reserve.jobs import friday_reminders, weekly_due_reminders
from reserve.models import WeeklyReminder
from tests.clock import at
from yingkou.choices import NotificationKind
from yingkou.models import Notification
from yingkou.scheduling import run_period

pytestmark = pytest.mark.django_db
D = dt.date
REMINDER = NotificationKind.RESERVE_WEEKLY_REMINDER


def told():
    return Notification.objects.filter(kind=REMINDER)


def test_three_missed_fridays_caught_up_later_tell_nobody(pool, owner):
    with at(D(2026, 12, 1)):  # back on Tuesday after three weeks off
        for friday in (D(2026, 11, 13), D(2026, 11, 20), D(2026, 11, 27)):
            result = run_period("weekly", friday, jobs=["reserve_friday_reminders"])
            assert result[0].status == "succeeded"
    assert not told().exists()
    assert not WeeklyReminder.objects.exists()


def test_the_friday_run_a_day_late_still_reminds_in_its_week(pool, owner):
    with at(D(2026, 11, 28)):  # Saturday: the week has not ended
        friday_reminders(D(2026, 11, 27))
    assert told().filter(user=owner).count() == 1
    assert WeeklyReminder.objects.filter(pool=pool, week="2026-W48").exists()


def test_on_time_the_friday_reminder_goes_once(pool, owner):
    with at(D(2026, 11, 27), hour=9):
        friday_reminders(D(2026, 11, 27))
        friday_reminders(D(2026, 11, 27))
    assert told().filter(user=owner).count() == 1


def test_the_early_due_days_reminder_caught_up_after_the_holiday_tells_nobody(pool, owner):
    """National Day week: due on Wednesday 30 September; the daily run for that day made on
    9 October (the machine was off over the break) reminds of nothing."""
    with at(D(2026, 10, 9)):
        weekly_due_reminders(D(2026, 9, 30))
        friday_reminders(D(2026, 10, 2))
    assert not told().exists()
