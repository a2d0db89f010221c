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
    #: Run after the period's other jobs, for it reads what they make (the daily digest email
    #: sends the notices the morning's deadline jobs have just made).
    after_others: bool = False


_JOBS: dict[str, Job] = {}


class PeriodNotOver(Exception):
    """Raised by a job that closes its period (a monthly circular) when asked to run before the
    period has ended: the run is recorded as deferred, is not a failure, and runs later."""


def job(
    period: str, name: str, description: str = "", *, after_others: bool = False
) -> Callable[[JobFunction], JobFunction]:
    """Register a job for a period. The function takes the date the run is for and returns a
    short outcome text. It must be idempotent for its period: the runner skips a period that
    already succeeded, but a failed run is retried. The jobs of a period run in the order of
    their names, those `after_others` last."""

    def register(function: JobFunction) -> JobFunction:
        if name in _JOBS and _JOBS[name].function is not function:
            raise ValueError(f"Scheduled job {name!r} is registered twice.")
        _JOBS[name] = Job(
            name,
            Period(period),
            function,
            description or (function.__doc__ or ""),
            after_others=after_others,
        )
        return function

    return register


def job_description(name: str) -> str:
    """A job by what it does (its name is a code), or its name when it is not registered."""
    job = _JOBS.get(name)
    return job.description if job is not None and job.description else name


def registered_jobs(period: str | None = None) -> list[Job]:
    jobs = sorted(_JOBS.values(), key=lambda j: (j.after_others, j.name))
    return [j for j in jobs if period is None or j.period == Period(period)]


RUN_PERIOD_TASK = "yingkou.tasks.run_scheduled_period"
RECONCILE_TASK = "yingkou.tasks.reconcile_schedule"
EXPORT_SWEEP_TASK = "yingkou.tasks.sweep_exports"
EMAIL_SWEEP_TASK = "yingkou.tasks.sweep_notification_emails"
DAY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Cadence:
    """When beat sends a period's jobs (Asia/Shanghai). Installed into the database schedule
    (django-celery-beat) by `install_schedules`; administrators may then move the time in the
    admin, but a period never runs before it is due (periods.due_on), whatever the schedule says."""

    name: str
    task: str
    period: Period | None
    minute: str
    hour: str
    description: str
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"
    # A message not delivered within a day is dropped; the reconciler runs its period instead.
    expire_seconds: int = DAY_SECONDS

    @property
    def kwargs(self) -> dict:
        return {"period": self.period.value} if self.period else {}


CADENCES: tuple[Cadence, ...] = (
    Cadence(
        "daily-deadlines",
        RUN_PERIOD_TASK,
        Period.DAILY,
        "30",
        "7",
        "每日到期、逾期提醒及每日邮件汇总",
    ),
    Cadence(
        "friday-reserve-update",
        RUN_PERIOD_TASK,
        Period.WEEKLY,
        "0",
        "9",
        "每周五储备库更新提醒",
        day_of_week="5",
    ),
    Cadence(
        "monthly-circulars",
        RUN_PERIOD_TASK,
        Period.MONTHLY,
        "0",
        "6",
        "上月通报、清单和调度归档",
        day_of_month="1",
    ),
    Cadence(
        "quarterly-inspections",
        RUN_PERIOD_TASK,
        Period.QUARTERLY,
        "30",
        "6",
        "上季度督导检查和考核归档",
        day_of_month="1",
        month_of_year="1,4,7,10",
    ),
    Cadence(
        "year-end",
        RUN_PERIOD_TASK,
        Period.YEARLY,
        "0",
        "7",
        "上年度年终评价归档",
        day_of_month="1",
        month_of_year="1",
    ),
    Cadence(
        "reconcile-missed-periods",
        RECONCILE_TASK,
        None,
        "30",
        "8",
        "每日核对：补跑遗漏或失败的周期",
    ),
    # Not a period: maintenance that keeps background exports from waiting for ever. Its message
    # expires before the next one is sent, so a stopped worker does not find a pile of them.
    Cadence(
        "export-sweep",
        EXPORT_SWEEP_TASK,
        None,
        "*/2",
        "*",
        "后台导出巡检：重新提交丢失的任务，结束中断的任务",
        expire_seconds=2 * 60,
    ),
    # Not a period either: the emails a mail server that was down for longer than the sending
    # task's retries (or a lost message) left unsent go out once it is back.
    Cadence(
        "email-sweep",
        EMAIL_SWEEP_TASK,
        None,
        "*/10",
        "*",
        "邮件补发巡检：重新发送因邮件服务器故障未发出的通知邮件",
        expire_seconds=10 * 60,
    ),
)
