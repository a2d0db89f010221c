import datetime as dt
from enum import StrEnum


class Period(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


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
