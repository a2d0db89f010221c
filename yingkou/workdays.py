"""The PRC working-day calendar (SPEC §1), used by every deadline counted in working days (E-4).

Precedence for a date: an administrator's CalendarDay entry; else the official calendar
(chinesecalendar, which knows 调休 make-up days); else, for a year it does not know yet, the
statutory holidays computed by python-holidays plus weekends, with a logged warning. Never a crash.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from functools import lru_cache

import chinese_calendar
import holidays

logger = logging.getLogger(__name__)


@lru_cache(maxsize=16)
def _computed_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.China(years=year).keys())


@lru_cache(maxsize=16)
def _official_data_known(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        logger.warning(
            "Official PRC holiday data for %s is not available; using computed statutory holidays "
            "and the administrators' calendar entries (make-up working days must be entered).",
            year,
        )
        return False
    return True


def official_data_known(year: int) -> bool:
    """Whether the maintained official calendar covers the year (make-up days included)."""
    return _official_data_known(year)


def _is_working_day_by_default(day: dt.date) -> bool:
    if _official_data_known(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5 and day not in _computed_holidays(day.year)


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    from yingkou.models import CalendarDay

    return dict(
        CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day")
    )


def is_working_day(day: dt.date) -> bool:
    override = _overrides(day, day).get(day)
    return _is_working_day_by_default(day) if override is None else override


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted).

    A complaint received on a Friday with 7 working days is due on the Tuesday of the week after
    next in a normal week; across a holiday the days off are skipped and make-up days count.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    return _counted(start, days, _overrides(start, start + _window(days)))


def add_working_days_each(starts: Iterable[dt.date], days: int) -> dict[dt.date, dt.date]:
    """`add_working_days` of many starts (a page's rows), in one calendar query: start → date."""
    if days < 0:
        raise ValueError("days must not be negative")
    starts = set(starts)
    if not starts:
        return {}
    overrides = _overrides(min(starts), max(starts) + _window(days))
    return {start: _counted(start, days, overrides) for start in starts}


def _window(days: int) -> dt.timedelta:
    # Generous window: the longest PRC break is 8-9 days, so 3x plus a month is always enough.
    return dt.timedelta(days=days * 3 + 31)


def _counted(start: dt.date, days: int, overrides: dict[dt.date, bool]) -> dt.date:
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        override = overrides.get(current)
        working = _is_working_day_by_default(current) if override is None else override
        if working:
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        override = overrides.get(current)
        if _is_working_day_by_default(current) if override is None else override:
            count += 1
    return count


def working_days_in(start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days from `start` to `end`, both included, in one calendar query."""
    overrides = _overrides(start, end)
    days = []
    current = start
    while current <= end:
        override = overrides.get(current)
        if _is_working_day_by_default(current) if override is None else override:
            days.append(current)
        current += dt.timedelta(days=1)
    return days


def week_due_day(day: dt.date) -> dt.date | None:
    """The day a weekly duty of `day`'s week falls due: its Friday when that is a working day,
    else the last working day before it in that week (the week of 2026-10-02, National Day:
    Wednesday 30 September); None when Monday to Friday are all off (the Spring Festival week
    of 16 February 2026). A make-up working weekend day (调休) comes after Friday or before
    Monday, so it never carries the duty. The one statement of R-5's Friday update and of
    A-8's weekly progress, which follows it."""
    monday = day - dt.timedelta(days=day.weekday())
    working = working_days_in(monday, monday + dt.timedelta(days=4))
    return working[-1] if working else None


def calendar_days_deadline(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` calendar days from `start` (start itself not counted);
    when that day is a day off the period ends on the next working day (Civil Code art. 201,
    203). The one function for every limit counted in calendar days: N-4's "最迟3日内", E-4's
    statutory limits. A policy question asked 2026-09-30 with 3 days ends on 2026-10-03, in the
    National Day break, so it is due 2026-10-08."""
    if days < 0:
        raise ValueError("days must not be negative")
    due = start + dt.timedelta(days=days)
    overrides = _overrides(due, due + dt.timedelta(days=31))
    while True:
        override = overrides.get(due)
        if _is_working_day_by_default(due) if override is None else override:
            return due
        due += dt.timedelta(days=1)
