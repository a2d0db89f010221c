"""The moment a daily or weekly run reads its records as of: when its cadence sends the on-time
run, so a catch-up equals it; a run by hand before then reads the present."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from yingkou.asof import scheduled_moment

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@time_machine.travel(local(2026, 12, 20, 9, 0), tick=False)
def test_a_past_day_is_read_as_of_its_morning_run():
    assert scheduled_moment("daily", dt.date(2026, 12, 3)) == local(2026, 12, 3, 7, 30)
    # The week's run is its Friday's, whatever day of the week names it.
    assert scheduled_moment("weekly", dt.date(2026, 12, 1)) == local(2026, 12, 4, 9, 0)


@time_machine.travel(local(2026, 12, 20, 7, 29), tick=False)
def test_before_the_morning_run_today_is_read_as_it_is():
    assert scheduled_moment("daily", dt.date(2026, 12, 20)) == timezone.now() + dt.timedelta(
        microseconds=1
    )


@time_machine.travel(local(2026, 12, 20, 7, 31), tick=False)
def test_after_the_morning_run_today_is_read_as_of_it():
    assert scheduled_moment("daily", dt.date(2026, 12, 20)) == local(2026, 12, 20, 7, 30)


def test_a_closing_period_has_no_run_moment():
    with pytest.raises(ValueError):
        scheduled_moment("monthly", dt.date(2026, 12, 3))
