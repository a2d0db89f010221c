"""Celery tasks of the foundation. Tasks take plain values and call one service."""

import datetime as dt
import smtplib

from celery import shared_task
from django.utils import timezone

from yingkou.scheduling import run_period


@shared_task(name="yingkou.tasks.run_scheduled_period")
def run_scheduled_period(period: str, day: str | None = None, previous: bool = False) -> list:
    """Run a period's jobs as beat would; `previous` closes the period that ended yesterday."""
    date = dt.date.fromisoformat(day) if day else timezone.localdate()
    if previous:
        date -= dt.timedelta(days=1)
    return [result.__dict__ for result in run_period(period, date)]


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
