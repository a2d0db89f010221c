"""Runs one job for one period under a lease: exactly one claim per (job, period) succeeds, a
claim whose worker died is taken over after its lease, failures are retried with backoff up to a
limit, and a period that is not due yet is refused here, for every job of every app."""

import datetime as dt
import logging
import traceback
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .periods import (
    due_on,
    first_period_key,
    is_due,
    last_due_day,
    period_in_service,
    period_key,
    period_name,
    run_day,
)
from .registry import Job, PeriodNotOver, registered_jobs

logger = logging.getLogger(__name__)

SUCCEEDED = "succeeded"
FAILED = "failed"
DEFERRED = "deferred"
SKIPPED = "skipped"  # succeeded before
NOT_DUE = "not_due"  # the period has not ended (or its day has not come): refused, not recorded
BUSY = "busy"  # another worker holds a live lease on it
WAITING = "waiting"  # failed; the next attempt waits for its backoff
GAVE_UP = "gave_up"  # failed as many times as allowed; only a person re-runs it


@dataclass
class JobResult:
    job: str
    period_key: str
    status: str
    outcome: str
    retry_in: float | None = None  # seconds until the run may be claimed again


def lease_seconds() -> int:
    return settings.SCHEDULE_LEASE_SECONDS


def backoff_seconds(attempts: int) -> int:
    """Wait before attempt `attempts + 1`: the base doubled per failure, at most a day."""
    return min(settings.SCHEDULE_RETRY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), 86400)


def _claim(job: Job, key: str, *, manual: bool) -> tuple[bool, object]:
    """Claim the run for this period. Two copies running at once: only one wins the claim.
    Returns (claimed, the run record when not claimed)."""
    from yingkou.models import ScheduledRun

    now = timezone.now()
    lease = now + dt.timedelta(seconds=lease_seconds())
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(
                job=job.name,
                period=job.period,
                period_key=key,
                status=ScheduledRun.Status.RUNNING,
                started_at=now,
                lease_expires_at=lease,
            )
        return True, None
    except IntegrityError:
        pass
    # a running run without a lease was claimed before leases existed: its worker is long gone
    stale = Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)
    retryable = Q(status=ScheduledRun.Status.DEFERRED) | Q(
        stale, status=ScheduledRun.Status.RUNNING
    )
    if manual:  # a person re-running a period overrides the backoff and the limit
        retryable |= Q(status=ScheduledRun.Status.FAILED)
    else:
        retryable |= Q(
            Q(retry_after__isnull=True) | Q(retry_after__lte=now),
            status=ScheduledRun.Status.FAILED,
            attempts__lt=settings.SCHEDULE_MAX_ATTEMPTS,
        )
    claimed = (
        ScheduledRun.objects.filter(retryable, job=job.name, period_key=key)
        .exclude(
            # a stale run that has used up its attempts is not taken over by the machine
            Q(status=ScheduledRun.Status.RUNNING) & Q(attempts__gte=settings.SCHEDULE_MAX_ATTEMPTS)
        )
        .update(
            status=ScheduledRun.Status.RUNNING,
            started_at=now,
            finished_at=None,
            lease_expires_at=lease,
            retry_after=None,
            attempts=F("attempts") + 1,
        )
    )
    if claimed:
        return True, None
    return False, ScheduledRun.objects.get(job=job.name, period_key=key)


def _finish(job: Job, key: str, status: str, outcome: str, **fields) -> None:
    from yingkou.models import ScheduledRun

    ScheduledRun.objects.filter(job=job.name, period_key=key).update(
        status=status,
        finished_at=timezone.now(),
        lease_expires_at=None,
        outcome=outcome[:10000],
        **fields,
    )


def _not_claimed(job: Job, key: str, run) -> JobResult:
    from yingkou.models import ScheduledRun

    now = timezone.now()
    if run.status == ScheduledRun.Status.SUCCEEDED:
        return JobResult(job.name, key, SKIPPED, "already run for this period")
    if (
        run.status == ScheduledRun.Status.RUNNING
        and run.lease_expires_at
        and now < run.lease_expires_at
    ):
        wait = (run.lease_expires_at - now).total_seconds()
        return JobResult(job.name, key, BUSY, "running elsewhere", retry_in=wait)
    if run.attempts >= settings.SCHEDULE_MAX_ATTEMPTS:
        _give_up(job, key, run)
        return JobResult(job.name, key, GAVE_UP, f"failed {run.attempts} times; re-run by hand")
    wait = (run.retry_after - now).total_seconds() if run.retry_after else 0
    return JobResult(job.name, key, WAITING, "waiting to retry", retry_in=max(wait, 0))


def _give_up(job: Job, key: str, run) -> None:
    """Tell the administrators once that a run has failed for good (or its worker kept dying)."""
    from yingkou.models import ScheduledRun

    from .alerts import tell_administrators

    marked = ScheduledRun.objects.filter(pk=run.pk, alerted_at__isnull=True).update(
        alerted_at=timezone.now()
    )
    if marked:
        if run.status == ScheduledRun.Status.RUNNING:
            _finish(job, key, FAILED, run.outcome or "worker lost; lease expired")
        tell_administrators(
            title=f"定时任务失败：{job.description} {period_name(key)}",
            key=f"schedule:{job.name}:{key}:gave-up",
            body=(
                f"任务 {job.name}（{job.description}）周期 {period_name(key)} 已尝试 {run.attempts} 次仍未成功，"
                f"不再自动重试。请查看运行记录，排除原因后用 run_scheduled 补跑。\n\n"
                f"{run.outcome[-2000:]}"
            ),
        )


def run_job(
    job: Job, day: dt.date, *, today: dt.date | None = None, manual: bool = False
) -> JobResult:
    """Run `job` for the period containing `day`, if that period is due."""
    from yingkou.models import ScheduledRun

    today = today or timezone.localdate()
    key = period_key(job.period, day)
    if not is_due(job.period, day, today):
        return JobResult(job.name, key, NOT_DUE, f"not due before {due_on(job.period, day)}")
    if not period_in_service(job.period, day):
        # Nothing is kept from before the norms: an archive of such a period would be empty.
        return JobResult(
            job.name, key, NOT_DUE, f"before the first period {first_period_key(job.period)}"
        )
    claimed, run = _claim(job, key, manual=manual)
    if not claimed:
        return _not_claimed(job, key, run)
    try:
        with transaction.atomic():
            outcome = job.function(run_day(job.period, day)) or ""
    except PeriodNotOver as exc:
        _finish(job, key, DEFERRED, str(exc))
        return JobResult(job.name, key, DEFERRED, str(exc))
    except Exception:  # one job's failure is recorded and must not stop the others
        logger.exception("Scheduled job %s for %s failed", job.name, key)
        text = traceback.format_exc()
        run = ScheduledRun.objects.get(job=job.name, period_key=key)
        wait = backoff_seconds(run.attempts)
        _finish(job, key, FAILED, text, retry_after=timezone.now() + dt.timedelta(seconds=wait))
        if run.attempts >= settings.SCHEDULE_MAX_ATTEMPTS:
            _give_up(job, key, ScheduledRun.objects.get(pk=run.pk))
            return JobResult(job.name, key, GAVE_UP, traceback.format_exc(limit=1))
        return JobResult(job.name, key, FAILED, traceback.format_exc(limit=1), retry_in=wait)
    _finish(job, key, SUCCEEDED, outcome)
    return JobResult(job.name, key, SUCCEEDED, outcome)


def run_period(
    period: str,
    day: dt.date | None = None,
    *,
    jobs: list[str] | None = None,
    manual: bool = False,
) -> list[JobResult]:
    """Run every job of the period containing `day`; without a day, the latest period that is
    due (for monthly, quarterly and yearly jobs: the last closed one)."""
    today = timezone.localdate()
    day = day or last_due_day(period, today)
    return [
        run_job(job, day, today=today, manual=manual)
        for job in registered_jobs(period)
        if jobs is None or job.name in jobs
    ]
