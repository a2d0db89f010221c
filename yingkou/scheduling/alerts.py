"""Telling the administrators that scheduled work failed for good or a period went missing:
an inbox notice and an email to every administrator (yingkou.notifications)."""

import logging

from django.urls import reverse

logger = logging.getLogger(__name__)


def tell_administrators(*, title: str, key: str, body: str) -> None:
    from yingkou.choices import NotificationKind
    from yingkou.notifications import notify_admins

    logger.error("%s\n%s", title, body)
    notify_admins(
        kind=NotificationKind.JOB_FAILED,
        title=title,
        key=key,
        body=body,
        url=reverse("scheduled_runs"),
    )
