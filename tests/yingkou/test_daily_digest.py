"""The daily digest (提醒设置 → 每日汇总): a user who chose it gets no email when notices are made,
and one email each working-day morning of every notice not yet emailed and still unread — over a
real SMTP server, exactly once, caught up after days off and missed runs, with the per-kind
switches still holding. Per-batch users are emailed as before."""

import datetime as dt
import smtplib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.clock import at, local
from yingkou.choices import EmailDelivery, NotificationKind
from yingkou.models import Notification, NotificationPreference, ScheduledRun
from yingkou.notifications import (
    Notice,
    notification_daily_digests_send,
    notification_mark_read,
    notification_preferences_set,
    notify_many,
)
from yingkou.scheduling import registry, run_period

JOB = "notification_daily_digest"
D = dt.date
SITE = "https://xm.yingkou.gov.cn"
DIGEST = "【营口重点项目】每日汇总：您有{}条未读通知"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def alice(owner):
    """Alice chose the daily digest."""
    owner.email = "alice@example.com"
    owner.email_delivery = EmailDelivery.DAILY
    owner.save()
    return owner


@pytest.fixture
def boss(reviewer):
    """Alice's boss keeps per-batch email, the default."""
    reviewer.email = "alice_boss@example.com"
    reviewer.save()
    return reviewer


def _item(user, n, kind=NotificationKind.ITEM_OVERDUE):
    return Notice(
        kind=kind,
        title=f"帮扶问题已逾期（11月20日到期）：问题{n}",
        key=f"problem:{n}:overdue",
        url=f"/assistance/problems/{n}/",
        user_ids=(user.pk,),
    )


def _tell(moment_day, capture, *notices, hour=10):
    """Record notices as a job or a page does, at 10:00 of `moment_day`, with their batch's
    email task run after the commit."""
    with at(moment_day, hour, 30), capture(execute=True):
        notify_many(notices)


def _digest(day, capture, hour=7, minute=30):
    """The daily digest job's run for `day`, at that moment, its emails sent after the commit."""
    with at(day, hour, minute), capture(execute=True):
        (result,) = run_period("daily", day, jobs=[JOB])
    return result


def _listed(message) -> list[str]:
    return [line for line in message.get_content().splitlines() if line.startswith("· ")]


def test_a_daily_user_gets_nothing_when_notices_are_made_and_one_digest_next_morning(
    alice, boss, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    thursday, friday = D(2026, 11, 26), D(2026, 11, 27)
    _tell(thursday, capture, _item(alice, 1), _item(alice, 2), _item(boss, 1), _item(boss, 2))
    _tell(thursday, capture, _item(alice, 3, NotificationKind.ITEM_DUE), hour=15)

    # The per-batch user has his batch's digest at once; Alice nothing, her notices unclaimed.
    assert smtp_server.to("alice@example.com") == []
    [batch] = smtp_server.to("alice_boss@example.com")
    assert batch["Subject"].strip() == "【营口重点项目】您有2条新通知"
    assert Notification.objects.filter(user=alice, emailed_at__isnull=True).count() == 3

    result = _digest(friday, capture)

    assert result.status == "succeeded"
    assert result.outcome == "每日汇总邮件：1 人有待发送的通知"
    [message] = smtp_server.to("alice@example.com")
    assert message["Subject"].strip() == DIGEST.format(3)
    assert message.get_content().splitlines() == [
        f"每日汇总：您有3条未读通知，在站内消息中逐条查看：{SITE}/inbox/",
        "",
        "【事项即将到期】1条",
        "· 帮扶问题已逾期（11月20日到期）：问题3",
        f"  查看：{SITE}/assistance/problems/3/",
        "",
        "【事项已逾期】2条",
        "· 帮扶问题已逾期（11月20日到期）：问题1",
        f"  查看：{SITE}/assistance/problems/1/",
        "· 帮扶问题已逾期（11月20日到期）：问题2",
        f"  查看：{SITE}/assistance/problems/2/",
        "",
        "—",
        f"营口市重点项目信息管理系统。不想再收到此类邮件，可在“提醒设置”中关闭：{SITE}/inbox/preferences/",
    ]
    # The per-batch user gets nothing more from the morning job.
    assert len(smtp_server.to("alice_boss@example.com")) == 1
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_one_notice_comes_as_the_daily_digest_too(
    alice, smtp_server, django_capture_on_commit_callbacks
):
    _tell(D(2026, 11, 26), django_capture_on_commit_callbacks, _item(alice, 1))
    _digest(D(2026, 11, 27), django_capture_on_commit_callbacks)
    [message] = smtp_server.messages
    assert message["Subject"].strip() == DIGEST.format(1)


def test_no_digest_on_the_national_day_break_and_all_of_it_on_the_next_working_day(
    alice, smtp_server, django_capture_on_commit_callbacks
):
    """2026: 1–7 October off, Thursday 8 October back at work, Saturday 10 October a make-up
    working day (调休上班), Sunday 11 October off."""
    capture = django_capture_on_commit_callbacks
    assert D(2026, 10, 10).weekday() == 5
    _tell(D(2026, 9, 30), capture, _item(alice, 1))
    _tell(D(2026, 10, 3), capture, _item(alice, 2))  # told during the break

    for day in range(1, 8):
        result = _digest(D(2026, 10, day), capture)
        assert result.status == "succeeded"
        assert "非工作日" in result.outcome
    assert smtp_server.messages == []

    _digest(D(2026, 10, 8), capture)
    [first] = smtp_server.messages
    assert first["Subject"].strip() == DIGEST.format(2)
    assert [line[-3:] for line in _listed(first)] == ["问题1", "问题2"]

    _tell(D(2026, 10, 9), capture, _item(alice, 3))  # after Friday's digest had gone
    _digest(D(2026, 10, 9), capture, hour=8)  # Friday's run already took what it could
    _digest(D(2026, 10, 10), capture)
    assert len(smtp_server.messages) == 2
    assert _listed(smtp_server.messages[1])[0].endswith("问题3")

    _tell(D(2026, 10, 10), capture, _item(alice, 4))
    _digest(D(2026, 10, 11), capture)  # Sunday
    assert len(smtp_server.messages) == 2
    _digest(D(2026, 10, 12), capture)
    assert len(smtp_server.messages) == 3
    assert _listed(smtp_server.messages[2])[0].endswith("问题4")


def test_a_missed_day_is_caught_up_by_the_next_run_not_by_a_late_run_of_that_day(
    alice, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _tell(D(2026, 11, 25), capture, _item(alice, 1))
    # Thursday's run never happened; Friday's reconciler runs it late: nothing goes then, so
    # nobody gets two digests on Friday.
    with at(D(2026, 11, 27), 8, 30), capture(execute=True):
        (late,) = run_period("daily", D(2026, 11, 26), jobs=[JOB])
    assert late.status == "succeeded" and "补跑以前的日期" in late.outcome
    assert smtp_server.messages == []

    _digest(D(2026, 11, 27), capture, hour=9)

    [message] = smtp_server.messages
    assert _listed(message)[0].endswith("问题1")


def test_a_notice_read_in_the_inbox_is_not_emailed(
    alice, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _tell(D(2026, 11, 26), capture, _item(alice, 1), _item(alice, 2), _item(alice, 3))
    read = Notification.objects.get(key="problem:2:overdue")
    notification_mark_read(user=alice, notification=read)

    _digest(D(2026, 11, 27), capture)

    [message] = smtp_server.messages
    assert message["Subject"].strip() == DIGEST.format(2)
    assert "问题2" not in message.get_content()
    # Read, it is left as it was: never emailed, and no later digest takes it.
    read.refresh_from_db()
    assert read.emailed_at is None
    _digest(D(2026, 11, 30), capture)
    assert len(smtp_server.messages) == 1


def test_running_the_job_or_its_task_twice_sends_once(
    alice, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _tell(D(2026, 11, 26), capture, _item(alice, 1), _item(alice, 2))

    first = _digest(D(2026, 11, 27), capture)
    again = _digest(D(2026, 11, 27), capture, hour=9)
    with at(D(2026, 11, 27), 10, 30), capture(execute=True):
        (by_hand,) = run_period("daily", D(2026, 11, 27), jobs=[JOB], manual=True)

    assert (first.status, again.status, by_hand.status) == ("succeeded", "skipped", "skipped")
    assert ScheduledRun.objects.filter(job=JOB).count() == 1
    assert len(smtp_server.messages) == 1
    # The task delivered again (its message redelivered) finds the notices claimed; a notice
    # made after the job's moment waits for the next digest, not for a redelivery.
    _tell(D(2026, 11, 27), capture, _item(alice, 3), hour=11)
    made_until = local(D(2026, 11, 27), 7, 30)
    assert notification_daily_digests_send(made_until=made_until) == 0
    assert len(smtp_server.messages) == 1
    assert Notification.objects.get(key="problem:3:overdue").emailed_at is None


def test_the_kinds_turned_off_stay_out_of_the_digest(
    alice, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    NotificationPreference.objects.create(
        user=alice, kind=NotificationKind.ITEM_OVERDUE, email=False
    )
    _tell(
        D(2026, 11, 26),
        capture,
        _item(alice, 1),
        _item(alice, 2, NotificationKind.ITEM_DUE),
        _item(alice, 3, NotificationKind.CIRCULAR),
    )

    _digest(D(2026, 11, 27), capture)

    [message] = smtp_server.messages
    assert message["Subject"].strip() == DIGEST.format(2)
    assert "问题1" not in message.get_content()
    assert Notification.objects.get(key="problem:1:overdue").emailed_at is None


def test_a_failed_send_gives_back_its_claims_and_the_retry_sends_each_digest_once(
    alice, boss, outsider, smtp_server
):
    for user in (boss, outsider):
        user.email = f"{user.username}@example.com"
        user.email_delivery = EmailDelivery.DAILY
        user.save()
    with at(D(2026, 11, 26), 10, 30):
        notify_many(_item(user, n) for user in (alice, boss, outsider) for n in (1, 2))
    made_until = local(D(2026, 11, 27), 7, 30)
    smtp_server.refused.add("alice_boss@example.com")  # the second of three recipients

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        notification_daily_digests_send(made_until=made_until)

    emailed = Notification.objects.filter(emailed_at__isnull=False)
    assert set(emailed.values_list("user__username", flat=True)) == {"alice"}

    smtp_server.refused.clear()  # the task's retry, once the mailbox takes mail again
    assert notification_daily_digests_send(made_until=made_until) == 2
    assert [
        len(smtp_server.to(f"{name}@example.com")) for name in ("alice", "alice_boss", "charlie")
    ] == [1, 1, 1]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_digest_whose_retries_all_failed_goes_with_the_next_working_days(
    alice, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _tell(D(2026, 11, 26), capture, _item(alice, 1))
    smtp_server.refused.add("alice@example.com")
    # The task's retries run at once when eager; the last failure is logged, not raised.
    _digest(D(2026, 11, 27), capture)
    assert smtp_server.messages == []
    assert Notification.objects.get().emailed_at is None

    smtp_server.refused.clear()
    _tell(D(2026, 11, 27), capture, _item(alice, 2))
    _digest(D(2026, 11, 30), capture)

    [message] = smtp_server.messages
    assert message["Subject"].strip() == DIGEST.format(2)


def test_sending_the_digests_runs_a_fixed_number_of_queries_per_recipient(
    alice, boss, outsider, smtp_server
):
    for user in (boss, outsider):
        user.email = f"{user.username}@example.com"
        user.email_delivery = EmailDelivery.DAILY
        user.save()
    NotificationPreference.objects.create(user=boss, kind=NotificationKind.ITEM_DUE, email=False)
    start = iter(range(0, 10_000, 100))

    def queries(users, per_user):
        first = next(start)
        with at(D(2026, 11, 26), 10, 30):
            notify_many(_item(user, first + n) for user in users for n in range(per_user))
        made_until = local(D(2026, 11, 27), 7, 30)
        with CaptureQueriesContext(connection) as context:
            assert notification_daily_digests_send(made_until=made_until) == len(users)
        return len(context.captured_queries)

    few = queries([alice, boss], 2)
    many = queries([alice, boss], 30)
    assert few == many, f"{few} queries for 4 notices but {many} for 60"
    three = queries([alice, boss, outsider], 30)
    assert three - many == many - queries([alice], 30)


def test_switching_back_to_per_batch_sends_what_the_digest_held_at_once(
    alice, client, smtp_server, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _tell(D(2026, 11, 26), capture, _item(alice, 1), _item(alice, 2), _item(alice, 3))
    notification_mark_read(
        user=alice, notification=Notification.objects.get(key="problem:3:overdue")
    )
    client.force_login(alice)

    with at(D(2026, 11, 26), 16, 30), capture(execute=True):
        response = client.post(
            reverse("notifications:preferences"),
            {"email_delivery": EmailDelivery.BATCH, "email": NotificationKind.values},
        )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email_delivery == EmailDelivery.BATCH
    [message] = smtp_server.messages
    assert message["Subject"].strip() == "【营口重点项目】您有2条新通知"
    assert "问题3" not in message.get_content()
    # Nothing is left for a digest, and per-batch email goes on as usual.
    _tell(D(2026, 11, 26), capture, _item(alice, 4), hour=17)
    _digest(D(2026, 11, 27), capture)
    assert len(smtp_server.messages) == 2
    assert smtp_server.messages[1]["Subject"].strip().endswith("问题4")


def test_switching_to_the_daily_digest_leaves_the_batch_already_queued_to_it(
    boss, smtp_server, django_capture_on_commit_callbacks
):
    with at(D(2026, 11, 26), 10, 30), django_capture_on_commit_callbacks() as queued:
        notify_many([_item(boss, 1), _item(boss, 2)])
    notification_preferences_set(
        user=boss, email_kinds=NotificationKind.values, email_delivery=EmailDelivery.DAILY
    )
    for callback in queued:  # the batch's task runs after the switch
        callback()
    assert smtp_server.messages == []

    _digest(D(2026, 11, 27), django_capture_on_commit_callbacks)

    [message] = smtp_server.messages
    assert message["Subject"].strip() == DIGEST.format(2)


def test_the_daily_run_sends_the_digest_after_the_other_daily_jobs(
    alice, smtp_server, django_capture_on_commit_callbacks, monkeypatch, settings
):
    """The digest job runs last in its period, in the beat run and in the reconciler's catch-up
    alike, so the reminders made that morning are in that morning's digest."""
    from yingkou.scheduling.reconcile import owed

    jobs = dict(registry._JOBS)
    monkeypatch.setattr(registry, "_JOBS", jobs)

    @registry.job("daily", "zz_test_reminders", "测试：晨间提醒")
    def reminders(day):
        notify_many([_item(alice, 1)])
        return "ok"

    daily = [job.name for job in registry.registered_jobs("daily")]
    assert daily[-1] == JOB and "zz_test_reminders" in daily
    settings.SCHEDULE_START_DATE = "2026-11-27"
    with at(D(2026, 11, 27), 7, 0):
        assert [gap.job for gap in owed() if gap.period == "daily"][-1] == JOB

    with at(D(2026, 11, 27), 7, 30), django_capture_on_commit_callbacks(execute=True):
        run_period("daily", D(2026, 11, 27), jobs=["zz_test_reminders", JOB])

    [message] = smtp_server.messages
    assert _listed(message)[0].endswith("问题1")


# The preference page


def test_the_preferences_page_offers_both_ways_in_chinese_with_what_each_means(alice, client):
    client.force_login(alice)
    body = client.get(reverse("notifications:preferences")).content.decode()
    assert "邮件发送方式" in body
    assert "逐批发送" in body and "每日汇总" in body
    assert "每个工作日早上发送一封邮件" in body and "站内已读的不再发送" in body
    assert 'value="daily" checked' in body and 'value="batch" checked' not in body


def test_a_new_user_has_per_batch_email(outsider, client):
    assert outsider.email_delivery == EmailDelivery.BATCH
    client.force_login(outsider)
    body = client.get(reverse("notifications:preferences")).content.decode()
    assert 'value="batch" checked' in body


def test_a_form_without_the_choice_keeps_it_and_an_unknown_one_is_refused(alice, client):
    client.force_login(alice)
    url = reverse("notifications:preferences")
    assert client.post(url, {"email": [NotificationKind.CIRCULAR]}).status_code == 302
    assert client.post(url, {"email_delivery": "hourly"}).status_code == 400
    alice.refresh_from_db()
    assert alice.email_delivery == EmailDelivery.DAILY
    assert NotificationPreference.objects.filter(user=alice, email=True).count() == 1
