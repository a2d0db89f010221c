"""Celery tasks of the foundation. Tasks take plain values and call one service."""

import datetime as dt
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from yingkou.scheduling import run_period
from yingkou.scheduling.periods import last_due_day
from yingkou.scheduling.runner import BUSY, FAILED, GAVE_UP, WAITING

logger = logging.getLogger(__name__)


class ScheduledJobFailed(Exception):
    """A job of the period failed: the task fails too, so a failure is never reported as SUCCESS."""


# A worker that dies mid-task leaves the message unacknowledged, so it is delivered again
# (acks_late, reject_on_worker_lost); the run's lease decides whether it may start over.
SCHEDULED_TASK_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": settings.SCHEDULE_SOFT_TIME_LIMIT,
    "time_limit": settings.SCHEDULE_TIME_LIMIT,
    "max_retries": settings.SCHEDULE_MAX_ATTEMPTS,
}


def _day_to_run(period: str, day: str | None, due: str | None) -> dt.date:
    """The period a message is for: the named day's period; else the latest one due when beat
    sent it; else (a hand-sent message) the latest one due now."""
    if day:
        return dt.date.fromisoformat(day)
    if due:
        return last_due_day(period, timezone.localdate(dt.datetime.fromisoformat(due)))
    return last_due_day(period, timezone.localdate())


@shared_task(name="yingkou.tasks.run_scheduled_period", **SCHEDULED_TASK_OPTIONS)
def run_scheduled_period(
    self,
    period: str,
    day: str | None = None,
    due: str | None = None,
    jobs: list | None = None,
    manual: bool = False,
    previous: bool = False,  # ignored; sent by the file-based beat of earlier releases
) -> list:
    """Run a period's jobs: the period containing `day`, or the one due at `due` (beat's stamp).
    A period not due yet is refused by the runner. Failed jobs and jobs whose run another worker
    holds are tried again after their backoff or lease; a failure fails the task. `manual`: a
    person's re-run, which overrides the backoff and the attempt limit."""
    results = run_period(period, _day_to_run(period, day, due), jobs=jobs, manual=manual)
    failed = [r for r in results if r.status in (FAILED, GAVE_UP)]
    pending = [r for r in results if r.status in (FAILED, BUSY, WAITING) and r.retry_in is not None]
    if pending and not self.request.is_eager and self.request.retries < self.max_retries:
        countdown = max(r.retry_in for r in pending) + 1
        raise self.retry(countdown=countdown, exc=ScheduledJobFailed(_summary(failed or pending)))
    if failed:
        raise ScheduledJobFailed(_summary(failed))
    return [result.__dict__ for result in results]


@shared_task(name="yingkou.tasks.reconcile_schedule", **SCHEDULED_TASK_OPTIONS)
def reconcile_schedule(self) -> str:
    """Daily: run every (job, period) owed since the system went live; report what was done."""
    from yingkou.scheduling.reconcile import reconcile

    outcome = reconcile(budget_seconds=settings.SCHEDULE_SOFT_TIME_LIMIT / 2)
    logger.info("Reconciler: %s", outcome.report())
    if outcome.left and not self.request.is_eager:
        # more is owed than one run may do: continue straight away on the same queue
        self.apply_async(queue=self.request.delivery_info.get("routing_key"))
    return outcome.report()


def _summary(results) -> str:
    return "; ".join(f"{r.job} {r.period_key} {r.status}" for r in results)


@shared_task(name="yingkou.tasks.refresh_dashboard", ignore_result=True)
def refresh_dashboard(user_id: int, compute: str, language: str) -> None:
    """Compute a user's dashboard figures again (`yingkou.dashboard.figures_kept`), in the
    language of the page that asked (the figures' labels and the cache key carry it)."""
    from django.utils import translation
    from django.utils.module_loading import import_string

    from yingkou.dashboard import keep_figures
    from yingkou.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        with translation.override(language):
            keep_figures(user, import_string(compute))


@shared_task(name="yingkou.tasks.working_day_after")
def working_day_after(start: str, days: int) -> str:
    """The date `days` working days after `start`; used to check a worker end to end."""
    from yingkou.workdays import add_working_days

    return add_working_days(dt.date.fromisoformat(start), days).isoformat()


@shared_task(
    name="yingkou.tasks.send_notification_emails",
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=60,
    max_retries=5,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Email the given inbox notices; an unreachable mail server is retried with backoff."""
    from yingkou.notifications import notification_emails_send

    return notification_emails_send(notification_ids=notification_ids)


@shared_task(name="yingkou.tasks.sweep_notification_emails", ignore_result=True)
def sweep_notification_emails() -> int:
    """Every few minutes (beat): queue again the emails of notices whose task gave up while the
    mail server was down, or whose message was lost (notification_emails_sweep)."""
    from yingkou.notifications import notification_emails_sweep

    return notification_emails_sweep()


@shared_task(
    name="yingkou.tasks.send_daily_digests",
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=60,
    max_retries=5,
)
def send_daily_digests(made_until: str) -> int:
    """Email the daily digests of the notices made up to `made_until` (the daily job's moment);
    an unreachable mail server is retried with backoff, and what the retries do not send is
    still pending for the next working day's digest."""
    from yingkou.notifications import notification_daily_digests_send

    return notification_daily_digests_send(made_until=dt.datetime.fromisoformat(made_until))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_export(job_id: int) -> None:
    """Build a big file for its owner (yingkou.export_jobs); a message for a job already taken
    does nothing, so it may be sent again at any time."""
    from yingkou.export_jobs import export_build

    export_build(job_id)


@shared_task(name="yingkou.tasks.sweep_exports", ignore_result=True)
def sweep_exports() -> None:
    """Every few minutes (beat): send again the exports whose message was lost, fail those whose
    worker died mid-build (yingkou.export_jobs.export_sweep)."""
    from yingkou.export_jobs import export_sweep

    export_sweep()
