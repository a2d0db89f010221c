import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .periods import Period

JobFunction = Callable[[dt.date], str | None]


@dataclass(frozen=True)
class Job:
    name: str
    period: Period
    function: JobFunction
    description: str


_JOBS: dict[str, Job] = {}


class PeriodNotOver(Exception):
    """Raised by a job that closes its period (a monthly circular) when asked to run before the
    period has ended: the run is recorded as deferred, is not a failure, and runs later."""


def job(period: str, name: str, description: str = "") -> Callable[[JobFunction], JobFunction]:
    """Register a job for a period. The function takes the date the run is for and returns a
    short outcome text. It must be idempotent for its period: the runner skips a period that
    already succeeded, but a failed run is retried."""

    def register(function: JobFunction) -> JobFunction:
        if name in _JOBS and _JOBS[name].function is not function:
            raise ValueError(f"Scheduled job {name!r} is registered twice.")
        _JOBS[name] = Job(name, Period(period), function, description or (function.__doc__ or ""))
        return function

    return register


def registered_jobs(period: str | None = None) -> list[Job]:
    jobs = sorted(_JOBS.values(), key=lambda j: j.name)
    return [j for j in jobs if period is None or j.period == Period(period)]
