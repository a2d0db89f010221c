"""The service's clock in tests. Its users live in Asia/Shanghai (settings.TIME_ZONE, UTC+8 all
year), and its days, deadlines and periods are theirs, so a test names a moment as they would:

    with at(dt.date(2026, 11, 27)):          # Friday 27 November 2026, 10:00 in Yingkou
    with at(dt.date(2026, 12, 1), 7, 30):    # when the daily jobs run
    MADE = local(dt.date(2026, 11, 27), 9)   # a moment, without stopping the clock

10:00 is the default: office hours, and the same calendar day in UTC."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: dt.date, hour: int = 10, minute: int = 0, second: int = 0) -> dt.datetime:
    """`day` at `hour`:`minute`:`second` in Asia/Shanghai, an aware datetime."""
    return dt.datetime.combine(day, dt.time(hour, minute, second), SHANGHAI)


def frozen(moment: dt.datetime):
    """The clock stopped at `moment`: a context manager or a decorator."""
    return time_machine.travel(moment, tick=False)


def at(day: dt.date, hour: int = 10, minute: int = 0, second: int = 0):
    """The clock stopped at `hour`:`minute`:`second` of `day` in Asia/Shanghai: a context
    manager or a decorator."""
    return frozen(local(day, hour, minute, second))
