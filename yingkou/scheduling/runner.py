import datetime as dt
import logging
import traceback
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .periods import period_key
from .registry import Job, PeriodNotOver, registered_jobs

logger = logging.getLogger(__name__)


@dataclass
class JobResult:
    job: str
    period_key: str
    status: str  # "succeeded", "failed", "deferred", "skipped"
    outcome: str


def _claim(job: Job, key: str) -> bool:
    """Claim the run for this period. Two copies running at once: only one wins the claim."""
    from yingkou.models import ScheduledRun

    now = timezone.now()
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(
                job=job.name,
                period=job.period,
                period_key=key,
                status=ScheduledRun.Status.RUNNING,
                started_at=now,
            )
        return True
    except IntegrityError:
        # A failed or deferred run may be retried; a succeeded or running one may not.
        claimed = ScheduledRun.objects.filter(
            job=job.name,
            period_key=key,
            status__in=[ScheduledRun.Status.FAILED, ScheduledRun.Status.DEFERRED],
        ).update(
            status=ScheduledRun.Status.RUNNING,
            started_at=now,
            finished_at=None,
            attempts=F("attempts") + 1,
        )
        return claimed == 1


def _finish(job: Job, key: str, status: str, outcome: str) -> None:
    from yingkou.models import ScheduledRun

    ScheduledRun.objects.filter(job=job.name, period_key=key).update(
        status=status, finished_at=timezone.now(), outcome=outcome[:10000]
    )


def run_job(job: Job, day: dt.date) -> JobResult:
    key = period_key(job.period, day)
    if not _claim(job, key):
        return JobResult(job.name, key, "skipped", "already run for this period")
    try:
        with transaction.atomic():
            outcome = job.function(day) or ""
    except PeriodNotOver as exc:
        _finish(job, key, "deferred", str(exc))
        return JobResult(job.name, key, "deferred", str(exc))
    except Exception:  # one job's failure is recorded and must not stop the others
        logger.exception("Scheduled job %s for %s failed", job.name, key)
        _finish(job, key, "failed", traceback.format_exc())
        return JobResult(job.name, key, "failed", traceback.format_exc(limit=1))
    _finish(job, key, "succeeded", outcome)
    return JobResult(job.name, key, "succeeded", outcome)


def run_period(period: str, day: dt.date | None = None) -> list[JobResult]:
    """Run every job of the period containing `day` (default: today in Asia/Shanghai)."""
    day = day or timezone.localdate()
    return [run_job(job, day) for job in registered_jobs(period)]
