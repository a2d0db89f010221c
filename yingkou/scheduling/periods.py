import datetime as dt
import re
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from yingkou.dates import long_date, month_day, year_month


class Period(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


PERIOD_LABELS = {
    Period.DAILY: _("每日"),
    Period.WEEKLY: _("每周"),
    Period.MONTHLY: _("每月"),
    Period.QUARTERLY: _("每季度"),
    Period.YEARLY: _("每年"),
}


def period_key(period: str, day: dt.date) -> str:
    """The period containing `day`: 2026-11-27, 2026-W48, 2026-11, 2026-Q4 or 2026."""
    period = Period(period)
    if period is Period.DAILY:
        return day.isoformat()
    if period is Period.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period is Period.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    if period is Period.QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}"


_KEY = re.compile(r"(\d{4})(?:-(?:Q([1-4])|W(\d{2})|(\d{2})(?:-(\d{2}))?))?")


QUARTER_NUMERALS = {"1": "一", "2": "二", "3": "三", "4": "四"}


def period_name(key: str) -> str:
    """A period's key (`period_key`) as its readers name it: 2026年12月7日,
    2026年第49周（11月30日至12月6日）, 2026年11月, 2026年第四季度, 2026年度. A week carries its
    dates because few readers know which days an ISO week number covers. Keys stay in addresses,
    files and the runs; pages, titles, notices and exports say this. A key of no such form is
    shown as it is."""
    match = _KEY.fullmatch(str(key))
    if match is None:
        return str(key)
    year, quarter, week, month, day = match.groups()
    if quarter:
        return _("%(year)s年第%(quarter)s季度") % {
            "year": year,
            "quarter": QUARTER_NUMERALS[quarter],
        }
    if week:
        try:
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:  # 2026-W53: 2026 has 52 weeks
            return str(key)
        sunday = monday + dt.timedelta(days=6)
        # Week 1 may begin in December and week 52 or 53 end in January: then the days say
        # their years.
        within = monday.year == sunday.year == int(year)
        show = month_day if within else long_date
        return _("%(year)s年第%(week)s周（%(first)s至%(last)s）") % {
            "year": year,
            "week": int(week),
            "first": show(monday),
            "last": show(sunday),
        }
    if month:
        try:
            first = dt.date(int(year), int(month), int(day or 1))
        except ValueError:  # 2026-13: no such month
            return str(key)
        return long_date(first) if day else year_month(first)
    return _("%(year)s年度") % {"year": year}


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last date of the period containing `day`."""
    period = Period(period)
    if period is Period.DAILY:
        return day, day
    if period is Period.WEEKLY:
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if period is Period.YEARLY:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if period is Period.MONTHLY:
        first = day.replace(day=1)
    else:
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    months = 1 if period is Period.MONTHLY else 3
    year, month = divmod(first.month - 1 + months, 12)
    following = dt.date(first.year + year, month + 1, 1)
    return first, following - dt.timedelta(days=1)


# The norms (营政办发〔2017〕36号) were issued on 11 August 2017. The service keeps nothing from
# before them, so its first period of each kind is the one holding that day (2017-08, 2017-W32,
# 2017-Q3, 2017); an earlier period has nothing to show, and archiving one would freeze an empty
# circular or appraisal as if it were the record of that time.
SERVICE_BEGAN = dt.date(2017, 8, 11)


def period_begun(period: str, day: dt.date, today: dt.date) -> bool:
    """Whether the period containing `day` has begun on `today`: its first day is today or
    earlier. A period not begun has nothing reported, dispatched or assessed yet."""
    return period_bounds(period, day)[0] <= today


def period_in_service(period: str, day: dt.date) -> bool:
    """Whether the period containing `day` is the service's first period or a later one (it
    ends on or after SERVICE_BEGAN)."""
    return period_bounds(period, day)[1] >= SERVICE_BEGAN


def first_period_key(period: str) -> str:
    """The service's first period of this kind, as period_key names it."""
    return period_key(period, SERVICE_BEGAN)


# Monthly, quarterly and yearly jobs close their period: they archive it as of its last day, so
# they are due once it has ended. Daily and weekly jobs act inside their period — the morning's
# deadline list, the Friday reminder — and are due on that day and on the week's Friday.
CLOSING = frozenset({Period.MONTHLY, Period.QUARTERLY, Period.YEARLY})
FRIDAY = 4


def due_on(period: str, day: dt.date) -> dt.date:
    """The first date on which the period containing `day` may run; never earlier."""
    period = Period(period)
    start, end = period_bounds(period, day)
    if period in CLOSING:
        return end + dt.timedelta(days=1)
    if period is Period.WEEKLY:
        return start + dt.timedelta(days=FRIDAY)
    return start


def run_day(period: str, day: dt.date) -> dt.date:
    """The one date a job is given for the period containing `day`, whatever date named it: the
    day itself, the week's Friday, or the last day of a closing period. The same period always
    reaches the job as the same date, so a late run computes what an on-time run would."""
    period = Period(period)
    start, end = period_bounds(period, day)
    if period is Period.WEEKLY:
        return start + dt.timedelta(days=FRIDAY)
    return end if period in CLOSING else start


def last_due_day(period: str, today: dt.date) -> dt.date:
    """The run day of the latest period that is due on `today`: today, this week's Friday from
    Friday on (else last week's), or the last day of the latest closed month, quarter or year."""
    period = Period(period)
    if due_on(period, today) <= today:
        return run_day(period, today)
    start, _ = period_bounds(period, today)
    return run_day(period, start - dt.timedelta(days=1))


def due_run_days(period: str, since: dt.date, today: dt.date) -> list[dt.date]:
    """The run day of every period due on a date from `since` to `today`, oldest first."""
    days = []
    day = last_due_day(period, today)
    while due_on(period, day) >= since:
        days.append(day)
        start, _ = period_bounds(period, day)
        day = run_day(period, start - dt.timedelta(days=1))
    return days[::-1]


def is_due(period: str, day: dt.date, today: dt.date) -> bool:
    return due_on(period, day) <= today
