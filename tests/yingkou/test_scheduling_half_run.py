"""Never stuck, never twice: a job that dies after telling half of the people it tells leaves
nobody told (its notices and their emails are undone with its run), is retried, and then tells
everyone once — one inbox notice and one email each."""

import datetime as dt

import pytest

from tests.clock import at
from tests.factories import UserFactory
from yingkou.choices import NotificationKind
from yingkou.models import Notification, ScheduledRun
from yingkou.notifications import notify
from yingkou.scheduling import registry, run_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_then_dies(monkeypatch):
    monkeypatch.setattr(registry, "_JOBS", {})
    people = [UserFactory(username=f"p{n}", email=f"p{n}@example.com") for n in range(4)]
    attempts = []

    @registry.job("monthly", "test_circular", "通报")
    def circular(day):
        attempts.append(day)
        for number, person in enumerate(people):
            if len(attempts) == 1 and number == 2:
                raise RuntimeError("worker lost its database connection")
            notify(
                kind=NotificationKind.CIRCULAR,
                title=f"{day:%Y年%m月}通报已发布",
                key=f"circular:{day:%Y-%m}",
                users=[person],
            )
        return "told"

    return people


def test_a_run_failing_halfway_tells_nobody_and_its_retry_tells_each_once(
    half_then_dies, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SCHEDULE_RETRY_BACKOFF_SECONDS = 0
    with at(dt.date(2026, 11, 1), 6), django_capture_on_commit_callbacks(execute=True):
        [first] = run_period("monthly", dt.date(2026, 10, 31))
        assert first.status == "failed"
        assert not Notification.objects.exists() and not smtp_server.messages
        [retry] = run_period("monthly", dt.date(2026, 10, 31))
        [again] = run_period("monthly", dt.date(2026, 10, 31))
    assert (retry.status, again.status) == ("succeeded", "skipped")
    assert ScheduledRun.objects.get(job="test_circular").attempts == 2
    for person in half_then_dies:
        assert Notification.objects.filter(user=person).count() == 1
        assert len(smtp_server.to(person.email)) == 1
