"""Telling the administrators that scheduled work failed for good, a period went missing or no
worker takes background work: an inbox notice and an email to every administrator
(yingkou.notifications)."""

import logging

from django.urls import reverse

logger = logging.getLogger(__name__)


def tell_administrators(
    *, title: str, key: str, body: str, kind: str = "", url: str | None = None
) -> None:
    """Log the problem and notify every administrator; `kind` defaults to a failed scheduled
    job and `url` to the run records."""
    from yingkou.choices import NotificationKind
    from yingkou.notifications import notify_admins

    logger.error("%s\n%s", title, body)
    notify_admins(
        kind=kind or NotificationKind.JOB_FAILED,
        title=title,
        key=key,
        body=body,
        url=reverse("scheduled_runs") if url is None else url,
    )
