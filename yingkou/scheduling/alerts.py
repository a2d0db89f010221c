"""Telling the administrators that scheduled work failed for good or a period went missing."""

import logging

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def administrator_emails() -> list[str]:
    """The ADMINS of the settings and every active superuser with an address."""
    from yingkou.models import User

    emails = [email for _name, email in settings.ADMINS]
    emails += (
        User.objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(emails))


def tell_administrators(*, subject: str, body: str) -> None:
    logger.error("%s\n%s", subject, body)
    recipients = administrator_emails()
    if not recipients:
        logger.warning("No administrator has an email address; nobody was mailed: %s", subject)
        return
    try:
        send_mail(
            f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
            body,
            None,
            recipients,
        )
    except Exception:  # a mail server down must not turn a recorded failure into a lost one
        logger.exception("Could not mail the administrators: %s", subject)
