"""What is owed: every (job, period) due since the system went live that has no successful run,
and the daily reconciler that runs them (SPEC §6: nothing is missed silently)."""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .periods import PERIOD_LABELS, Period, due_run_days, period_key, period_name
from .registry import registered_jobs
from .runner import JobResult, run_job

MISSING = "missing"
FAILED = "failed"
STALE = "stale"
WAITING = "waiting"
PROBLEM_LABELS = {
    MISSING: _("缺失：未运行"),
    FAILED: _("失败：已停止自动重试"),
    WAITING: _("失败：等待重试"),
    STALE: _("卡住：执行中断，租约已过期"),
}


@dataclass
class Gap:
    job: str
    period: str
    period_key: str
    day: dt.date
    problem: str  # missing, failed (for good), waiting (failed, to be retried), stale
    attempts: int = 0

    @property
    def label(self) -> str:
        return PROBLEM_LABELS[self.problem]


@dataclass
class JobStanding:
    """One job on the runs page: its last success and every period that is owed."""

    job: str
    description: str
    period: str
    last_success: object = None
    gaps: list[Gap] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return PERIOD_LABELS[Period(self.period)]


def schedule_start() -> dt.date | None:
    """When the system went live: SCHEDULE_START_DATE, else the day of the first recorded run."""
    from yingkou.models import ScheduledRun

    if settings.SCHEDULE_START_DATE:
        return dt.date.fromisoformat(settings.SCHEDULE_START_DATE)
    first = ScheduledRun.objects.order_by("started_at").only("started_at").first()
    return timezone.localdate(first.started_at) if first else None


def standings(today: dt.date | None = None) -> list[JobStanding]:
    """Per registered job: last success and the owed periods, in two queries whatever the history."""
    from yingkou.models import ScheduledRun

    today = today or timezone.localdate()
    now = timezone.now()
    runs_by_job: dict[str, dict[str, ScheduledRun]] = {}
    for run in ScheduledRun.objects.only(
        "job",
        "period_key",
        "status",
        "attempts",
        "lease_expires_at",
        "finished_at",
        "started_at",
    ):
        runs_by_job.setdefault(run.job, {})[run.period_key] = run
    start = schedule_start()
    result = []
    for job in registered_jobs():
        standing = JobStanding(job.name, job.description, job.period)
        runs = runs_by_job.get(job.name, {})
        successes = [r for r in runs.values() if r.status == "succeeded"]
        if successes:
            standing.last_success = max(successes, key=lambda r: r.period_key)
        days = due_run_days(job.period, start, today) if start else []
        for day in days:
            key = period_key(job.period, day)
            run = runs.get(key)
            problem = _problem(run, now)
            if problem:
                attempts = run.attempts if run else 0
                standing.gaps.append(Gap(job.name, job.period, key, day, problem, attempts))
        result.append(standing)
    return result


def _problem(run, now) -> str | None:
    if run is None:
        return MISSING
    if run.status == "succeeded":
        return None
    if run.status == "running":
        expired = run.lease_expires_at is None or run.lease_expires_at < now
        return STALE if expired else None
    if run.status == "failed" and run.attempts >= settings.SCHEDULE_MAX_ATTEMPTS:
        return FAILED
    return WAITING  # failed and still retried, or deferred


def owed(today: dt.date | None = None) -> list[Gap]:
    """Every owed (job, period), oldest period first, so a catch-up runs in calendar order, and
    within a period in the order its run has (`registered_jobs`)."""
    order = {job.name: position for position, job in enumerate(registered_jobs())}
    gaps = [gap for standing in standings(today) for gap in standing.gaps]
    return sorted(
        gaps,
        key=lambda g: (g.day, list(Period).index(Period(g.period)), order.get(g.job, 0), g.job),
    )


@dataclass
class Reconciliation:
    results: list[JobResult]
    left: int  # owed runs not attempted because the time budget ran out
    missing: list[Gap]

    def report(self) -> str:
        counts: dict[str, int] = {}
        for result in self.results:
            counts[result.status] = counts.get(result.status, 0) + 1
        lines = [
            f"{len(self.missing)} missing period(s), {len(self.results)} run(s) attempted: "
            + (", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing to do")
        ]
        lines += [f"{r.job} {r.period_key} {r.status} {r.outcome}".rstrip() for r in self.results]
        if self.left:
            lines.append(f"{self.left} left for the next run")
        return "\n".join(lines)


def reconcile(
    today: dt.date | None = None, *, budget_seconds: float | None = None
) -> Reconciliation:
    """Run every owed (job, period) that may be run now: missing ones, failed ones whose backoff
    has passed, stale ones whose lease has expired. A failed-for-good run is left to a person
    (its administrators were told). Stops starting new runs when the time budget is spent."""
    from .alerts import tell_administrators

    today = today or timezone.localdate()
    jobs = {job.name: job for job in registered_jobs()}
    gaps = owed(today)
    missing = [gap for gap in gaps if gap.problem == MISSING]
    started = time.monotonic()
    results, left = [], 0
    for index, gap in enumerate(gaps):
        if gap.problem == FAILED:
            continue
        if budget_seconds is not None and time.monotonic() - started > budget_seconds:
            left = sum(1 for g in gaps[index:] if g.problem != FAILED)
            break
        results.append(run_job(jobs[gap.job], gap.day, today=today))
    outcome = Reconciliation(results, left, missing)
    if missing:
        tell_administrators(
            title=f"定时任务有 {len(missing)} 个周期未运行，已补跑",
            key=f"schedule:missing:{missing[0].job}:{missing[0].period_key}",
            body="以下周期没有运行记录，核对任务已补跑：\n"
            + "\n".join(f"{period_name(g.period_key)} {g.job}" for g in missing)
            + "\n\n"
            + outcome.report(),
        )
    return outcome
