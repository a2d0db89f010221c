import datetime as dt
import logging

import pytest

from yingkou.models import CalendarDay
from yingkou.workdays import (
    add_working_days,
    add_working_days_each,
    is_working_day,
    working_days_between,
)

D = dt.date

pytestmark = pytest.mark.django_db


def test_ordinary_week_skips_the_weekend():
    # Friday + 7 working days: Mon–Fri of next week, then Mon, Tue.
    assert add_working_days(D(2026, 11, 20), 7) == D(2026, 12, 1)


def test_across_the_2026_national_day_holiday():
    # 9-30 is the eve; Oct 1–7 are off, Oct 8, 9 and the make-up Saturday Oct 10 are working days.
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert add_working_days(D(2026, 9, 30), 7) == D(2026, 10, 15)


def test_make_up_working_saturday_counts():
    assert is_working_day(D(2026, 10, 10)) is True
    assert is_working_day(D(2026, 10, 11)) is False
    # Friday Oct 9 + 1 working day is the make-up Saturday, not Monday.
    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)


def test_spring_festival_2026():
    assert is_working_day(D(2026, 2, 14)) is True  # make-up Saturday
    assert not any(is_working_day(D(2026, 2, day)) for day in range(15, 24))
    assert add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)


def test_a_range_reaching_into_2027_does_not_crash_and_skips_computed_holidays(caplog):
    with caplog.at_level(logging.WARNING, logger="yingkou.workdays"):
        due = add_working_days(D(2026, 12, 28), 7)
    # Dec 29, 30, 31, then Jan 1 2027 (New Year, computed) is skipped: Jan 4, 5, 6, 7.
    assert due == D(2027, 1, 7)
    assert is_working_day(D(2027, 1, 1)) is False
    assert is_working_day(D(2027, 10, 1)) is False


def test_administrators_fill_in_a_year_without_official_data():
    CalendarDay.objects.create(date=D(2027, 1, 9), is_working_day=True, note="元旦调休上班")
    CalendarDay.objects.create(date=D(2027, 1, 4), is_working_day=False, note="元旦假期")
    assert is_working_day(D(2027, 1, 9)) is True
    # Dec 31 (Thu) +3: Jan 1 holiday, Jan 4 holiday by the table, Jan 5, 6, 7.
    assert add_working_days(D(2026, 12, 31), 3) == D(2027, 1, 7)
    assert add_working_days(D(2027, 1, 8), 1) == D(2027, 1, 9)


def test_an_override_wins_over_the_official_calendar():
    CalendarDay.objects.create(date=D(2026, 10, 10), is_working_day=False, note="更正")
    assert is_working_day(D(2026, 10, 10)) is False
    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 12)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert working_days_between(D(2026, 10, 10), D(2026, 10, 9)) == 0


def test_zero_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 10, 3), -1)


def test_many_starts_are_counted_as_one_each_in_one_calendar_query(django_assert_num_queries):
    """A page's due days (A-5's publication) from one query, as `add_working_days` gives each."""
    CalendarDay.objects.create(date=D(2027, 1, 4), is_working_day=False, note="元旦假期")
    starts = [D(2026, 9, 30), D(2026, 10, 9), D(2026, 12, 31), D(2026, 2, 13), D(2026, 9, 30)]
    with django_assert_num_queries(1):
        each = add_working_days_each(starts, 3)
    assert each == {start: add_working_days(start, 3) for start in starts}
    assert each[D(2026, 12, 31)] == D(2027, 1, 7)
    assert each[D(2026, 9, 30)] == D(2026, 10, 10)
    with django_assert_num_queries(0):
        assert add_working_days_each([], 3) == {}
