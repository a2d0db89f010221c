"""Email is not lost when the mail server is down for longer than the sending task's retries, or
when the task's message never reached the broker: the sweep (beat, every ten minutes) sends
every notice still unread and not emailed once the server takes mail again, and none twice."""

import datetime as dt
import smtplib

import pytest

from tests.clock import frozen, local
from tests.factories import UserFactory
from yingkou.choices import EmailDelivery, NotificationKind
from yingkou.models import Notification, NotificationPreference
from yingkou.notifications import (
    Notice,
    notification_emails_send,
    notification_emails_sweep,
    notify_many,
)
from yingkou.scheduling import registry

pytestmark = pytest.mark.django_db
MADE = local(dt.date(2026, 11, 27), 9, 0)


def later(**delta):
    return frozen(MADE + dt.timedelta(**delta))


def _tell(*users, n=1, kind=NotificationKind.ITEM_OVERDUE):
    notify_many(
        [
            Notice(
                kind=kind,
                title=f"帮扶问题已逾期：问题{n}",
                key=f"problem:{n}:overdue",
                url=f"/assistance/problems/{n}/",
                user_ids=tuple(user.pk for user in users),
            )
        ]
    )


@pytest.fixture
def people(db):
    return [UserFactory(username=name, email=f"{name}@example.com") for name in ("li", "wang")]


def test_a_notice_whose_sending_gave_up_is_emailed_once_the_server_is_back(people, smtp_server):
    li, wang = people
    with later():
        _tell(li, wang)  # its batch's task: li's email goes, then the server refuses wang
    ids = list(Notification.objects.values_list("pk", flat=True))
    smtp_server.refused.add("wang@example.com")
    with later(minutes=1), pytest.raises(smtplib.SMTPRecipientsRefused):
        notification_emails_send(notification_ids=ids)
    assert Notification.objects.get(user=wang).emailed_at is None  # in the inbox, not emailed

    with later(minutes=10):  # while the task's own retries run, the sweep leaves it alone
        assert notification_emails_sweep() == 0
    smtp_server.refused.clear()
    with later(hours=3):  # the retries were spent long ago; the server takes mail again
        assert notification_emails_sweep() == 1
        assert notification_emails_sweep() == 0
    assert len(smtp_server.to("li@example.com")) == 1  # sent before the failure, not again
    assert len(smtp_server.to("wang@example.com")) == 1
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_notice_whose_message_was_lost_is_emailed_by_the_sweep(people, smtp_server):
    li, _wang = people
    with later():
        _tell(li)  # in tests the queued email runs only when the commit callbacks do: never here
    with later(minutes=20):
        assert notification_emails_sweep() == 1
    [message] = smtp_server.to("li@example.com")
    assert "帮扶问题已逾期" in message["Subject"]


def test_the_sweep_leaves_what_needs_no_email(people, smtp_server):
    li, wang = people
    digest = UserFactory(username="zhao", email="zhao@example.com")
    digest.email_delivery = EmailDelivery.DAILY
    digest.save()
    NotificationPreference.objects.create(
        user=wang, kind=NotificationKind.ITEM_OVERDUE, email=False
    )
    with later(days=-5):
        _tell(li, n=1)  # too old: left to the inbox
    with later():
        _tell(li, n=2)
        _tell(wang, digest, n=3)  # email off for the kind; the daily digest's
    Notification.objects.filter(key="problem:2:overdue").update(read_at=MADE)  # read already
    with later(minutes=20):
        assert notification_emails_sweep() == 0
    assert not smtp_server.messages


def test_beat_runs_the_sweep_every_ten_minutes():
    from yingkou.celery import app

    (cadence,) = [c for c in registry.CADENCES if c.task == registry.EMAIL_SWEEP_TASK]
    assert cadence.minute == "*/10" and cadence.task in app.tasks
