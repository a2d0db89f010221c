"""Inbox and email (issue 11, point 5): the right people get exactly one notice, by a real SMTP
server, unless they turned email off; each sees and marks only their own."""

import datetime as dt
import smtplib
import threading

import pytest
import time_machine
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.clock import local
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import NotificationKind, Role
from yingkou.models import Notification, NotificationPreference
from yingkou.notifications import (
    Notice,
    notification_emails_send,
    notify,
    notify_admins,
    notify_many,
)

FRIDAY = local(dt.date(2026, 11, 27), 9, 0)


def _notify(**kwargs):
    defaults = {
        "kind": NotificationKind.ITEM_OVERDUE,
        "title": "投诉办理已逾期",
        "key": "complaint:1:overdue",
        "url": "/enterprise/complaints/1/",
    }
    return notify(**{**defaults, **kwargs})


@pytest.fixture
def alice(owner):
    owner.email = "alice@example.com"
    owner.save()
    return owner


def test_every_active_user_of_a_unit_and_each_named_user_gets_one_notice(
    alice, reviewer, outsider, drc
):
    UserFactory(username="gone", unit=alice.unit, is_active=False)

    created = _notify(units=[alice.unit], users=[drc, alice])

    assert created == 3
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "alice",
        "alice_boss",
        "drc",
    }


def test_unit_ids_are_accepted_as_well_as_units(alice):
    assert _notify(units=[alice.unit_id]) == 1


def test_the_same_notice_is_given_once_a_day(alice):
    with time_machine.travel(FRIDAY, tick=False):
        assert _notify(units=[alice.unit]) == 1
        assert _notify(units=[alice.unit], users=[alice]) == 0
        assert _notify(units=[alice.unit], key="complaint:2:overdue") == 1
        assert _notify(units=[alice.unit], kind=NotificationKind.ITEM_DUE) == 1
    with time_machine.travel(FRIDAY + dt.timedelta(days=1), tick=False):
        assert _notify(units=[alice.unit]) == 1
    assert Notification.objects.filter(user=alice).count() == 4


def test_the_database_refuses_a_second_notice_for_the_same_user_item_and_day(alice):
    _notify(users=[alice])
    first = Notification.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            user=alice, kind=first.kind, key=first.key, day=first.day, title="again"
        )


def test_an_unknown_kind_is_refused(alice):
    with pytest.raises(ValueError):
        _notify(users=[alice], kind="gossip")


def test_nobody_to_tell_creates_nothing(db):
    assert _notify() == 0


def test_administrators_are_told_of_a_failed_job(alice):
    admin = UserFactory(username="root", role="", unit=None, is_superuser=True, is_staff=True)
    staff = UserFactory(username="ops", role="", unit=None, is_staff=True)

    created = notify_admins(title="定时任务失败：储备库月度通报", key="job:reserve_monthly:2026-10")

    assert created == 2
    notices = Notification.objects.filter(kind=NotificationKind.JOB_FAILED)
    assert {n.user for n in notices} == {admin, staff}


# Email over a real SMTP server


def test_email_arrives_after_commit_with_a_chinese_subject_and_a_link(
    alice, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://xm.yingkou.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        _notify(users=[alice])
        assert smtp_server.messages == []  # nothing leaves before the commit

    [message] = smtp_server.to("alice@example.com")
    assert message["Subject"].strip() == "【营口重点项目】投诉办理已逾期"
    text = message.get_content()
    assert "https://xm.yingkou.gov.cn/enterprise/complaints/1/" in text
    assert "提醒设置" in text
    assert Notification.objects.get().emailed_at is not None


def test_a_repeated_notice_sends_no_second_email(
    alice, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(users=[alice])
        _notify(users=[alice])
    assert len(smtp_server.messages) == 1


def test_a_task_delivered_twice_sends_once(alice, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(users=[alice])
    notice = Notification.objects.get()

    assert notification_emails_send(notification_ids=[notice.pk]) == 0
    assert len(smtp_server.messages) == 1


def test_a_user_who_turned_email_off_for_a_kind_gets_only_the_inbox_notice(
    alice, client, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    kept = [k for k in NotificationKind.values if k != NotificationKind.ITEM_OVERDUE]
    response = client.post(reverse("notifications:preferences"), {"email": kept})
    assert response.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        _notify(users=[alice])
        _notify(users=[alice], kind=NotificationKind.ITEM_DUE, title="投诉办理即将到期")

    assert smtp_server.subjects == ["【营口重点项目】投诉办理即将到期"]
    assert Notification.objects.filter(user=alice).count() == 2


def test_the_preferences_page_shows_each_kind_with_its_email_setting(alice, client):
    NotificationPreference.objects.create(user=alice, kind=NotificationKind.CIRCULAR, email=False)
    client.force_login(alice)
    response = client.get(reverse("notifications:preferences"))
    kinds = {k["value"]: k["email"] for k in response.context["kinds"]}
    assert kinds[NotificationKind.CIRCULAR] is False
    assert kinds[NotificationKind.ITEM_OVERDUE] is True
    assert "通报发布" in response.content.decode()


def test_a_user_without_an_email_address_gets_the_inbox_notice_only(
    reviewer, smtp_server, django_capture_on_commit_callbacks
):
    reviewer.email = ""
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(users=[reviewer]) == 1
    assert smtp_server.messages == []


def test_an_unreachable_mail_server_does_not_fail_the_caller(
    alice, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(users=[alice]) == 1
    notice = Notification.objects.get()
    assert notice.emailed_at is None  # left for the next attempt


# One email per recipient for the notices of one run (a digest)


def _item(user, n, kind=NotificationKind.ITEM_OVERDUE, title=None):
    return Notice(
        kind=kind,
        title=title or f"帮扶问题已逾期（11月20日到期）：问题{n}",
        key=f"problem:{n}:overdue",
        url=f"/assistance/problems/{n}/",
        user_ids=(user.pk,),
    )


def _run(*notices):
    """Record the notices of one run, as a daily job does, and return their ids: the batch that
    its one queued task emails."""
    notify_many(notices)
    return list(Notification.objects.order_by("pk").values_list("pk", flat=True))


def _with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.com"
        user.save()


def test_the_notices_of_one_run_reach_a_user_as_one_email_listing_them_by_kind(
    alice, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://xm.yingkou.gov.cn/"
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(
            [
                _item(alice, 1),
                _item(alice, 2),
                _item(alice, 3, NotificationKind.ITEM_DUE, "帮扶问题将于12月1日到期：问题3"),
            ]
        )

    [message] = smtp_server.to("alice@example.com")
    assert message["Subject"].strip() == "【营口重点项目】您有3条新通知"
    site = "https://xm.yingkou.gov.cn"
    # Kinds in NotificationKind's order (due before overdue), each kind's notices as made.
    assert message.get_content().splitlines() == [
        f"您有3条新通知，在站内消息中逐条查看：{site}/inbox/",
        "",
        "【事项即将到期】1条",
        "· 帮扶问题将于12月1日到期：问题3",
        f"  查看：{site}/assistance/problems/3/",
        "",
        "【事项已逾期】2条",
        "· 帮扶问题已逾期（11月20日到期）：问题1",
        f"  查看：{site}/assistance/problems/1/",
        "· 帮扶问题已逾期（11月20日到期）：问题2",
        f"  查看：{site}/assistance/problems/2/",
        "",
        "—",
        f"营口市重点项目信息管理系统。不想再收到此类邮件，可在“提醒设置”中关闭：{site}/inbox/preferences/",
    ]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    # The inbox keeps one notice per item, and a second delivery of the task sends nothing.
    assert Notification.objects.filter(user=alice).count() == 3
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert notification_emails_send(notification_ids=ids) == 0
    assert len(smtp_server.messages) == 1


def test_each_recipient_gets_a_digest_of_their_own_notices_only(
    alice, reviewer, outsider, smtp_server
):
    _with_email(reviewer, outsider)
    ids = _run(_item(alice, 1), _item(alice, 2), _item(reviewer, 1), _item(outsider, 3))

    assert notification_emails_send(notification_ids=ids) == 3

    [mine] = smtp_server.to("alice@example.com")
    assert "您有2条新通知" in mine["Subject"]
    [boss] = smtp_server.to("alice_boss@example.com")
    [charlie] = smtp_server.to("charlie@example.com")
    assert boss["Subject"].strip() == "【营口重点项目】帮扶问题已逾期（11月20日到期）：问题1"
    assert charlie["Subject"].strip() == "【营口重点项目】帮扶问题已逾期（11月20日到期）：问题3"
    assert "问题3" not in mine.get_content()


def test_one_notice_of_a_run_keeps_the_single_email(alice, reviewer, smtp_server, settings):
    settings.SITE_URL = "https://xm.yingkou.gov.cn"
    _with_email(reviewer)
    notice = Notice(
        kind=NotificationKind.ITEM_OVERDUE,
        title="帮扶问题已逾期（11月20日到期）：问题1",
        body="项目：营口港精细化工\n责任人：王某",
        key="problem:1:overdue",
        url="/assistance/problems/1/",
        user_ids=(alice.pk,),
    )
    ids = _run(notice, _item(reviewer, 1), _item(reviewer, 2))

    assert notification_emails_send(notification_ids=ids) == 2

    [message] = smtp_server.to("alice@example.com")
    assert message["Subject"].strip() == "【营口重点项目】帮扶问题已逾期（11月20日到期）：问题1"
    assert message.get_content().splitlines() == [
        "帮扶问题已逾期（11月20日到期）：问题1",
        "",
        "项目：营口港精细化工",
        "责任人：王某",
        "",
        "查看：https://xm.yingkou.gov.cn/assistance/problems/1/",
        "",
        "—",
        "营口市重点项目信息管理系统。不想再收到此类邮件，可在“提醒设置”中关闭："
        "https://xm.yingkou.gov.cn/inbox/preferences/",
    ]


def test_a_digest_leaves_out_the_kinds_the_user_turned_email_off_for(alice, smtp_server):
    NotificationPreference.objects.create(
        user=alice, kind=NotificationKind.ITEM_OVERDUE, email=False
    )
    due = NotificationKind.ITEM_DUE
    ids = _run(
        _item(alice, 1),
        _item(alice, 2, due, "帮扶问题今日到期：问题2"),
        _item(alice, 3, due, "帮扶问题今日到期：问题3"),
    )

    assert notification_emails_send(notification_ids=ids) == 1

    [message] = smtp_server.to("alice@example.com")
    assert message["Subject"].strip() == "【营口重点项目】您有2条新通知"
    text = message.get_content()
    assert "问题2" in text and "问题3" in text
    assert "问题1" not in text and "事项已逾期" not in text
    # Turned off, it stays in the inbox, unsent.
    assert Notification.objects.get(key="problem:1:overdue").emailed_at is None


def test_a_user_who_keeps_email_for_one_kind_of_the_run_gets_it_as_the_single_email(
    alice, smtp_server
):
    NotificationPreference.objects.create(
        user=alice, kind=NotificationKind.ITEM_OVERDUE, email=False
    )
    ids = _run(
        _item(alice, 1),
        _item(alice, 2),
        _item(alice, 3, NotificationKind.ITEM_DUE, "帮扶问题今日到期：问题3"),
    )

    assert notification_emails_send(notification_ids=ids) == 1
    assert smtp_server.subjects == ["【营口重点项目】帮扶问题今日到期：问题3"]


def test_a_failed_send_mid_batch_gives_back_the_rest_and_the_retry_sends_each_once(
    alice, reviewer, outsider, smtp_server
):
    _with_email(reviewer, outsider)
    ids = _run(
        *(_item(user, n) for user in (alice, reviewer, outsider) for n in (1, 2)),
    )
    smtp_server.refused.add("alice_boss@example.com")  # the second of three recipients

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        notification_emails_send(notification_ids=ids)

    assert len(smtp_server.to("alice@example.com")) == 1
    emailed = Notification.objects.filter(emailed_at__isnull=False)
    assert set(emailed.values_list("user__username", flat=True)) == {"alice"}

    smtp_server.refused.clear()  # the task's retry, once the mailbox takes mail again
    assert notification_emails_send(notification_ids=ids) == 2

    assert [len(smtp_server.to(f"{name}@example.com")) for name in ("alice", "alice_boss")] == [
        1,
        1,
    ]
    [charlie] = smtp_server.to("charlie@example.com")
    assert "您有2条新通知" in charlie["Subject"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_user_deactivated_or_without_an_address_before_the_email_goes_gets_none(
    alice, reviewer, outsider, smtp_server
):
    _with_email(outsider)
    ids = _run(_item(alice, 1), _item(alice, 2), _item(reviewer, 1), _item(outsider, 1))
    alice.is_active = False
    alice.save()

    assert notification_emails_send(notification_ids=ids) == 1

    assert [m["To"] for m in smtp_server.messages] == ["charlie@example.com"]
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 3


def test_sending_a_batch_runs_a_fixed_number_of_queries(alice, reviewer, outsider, smtp_server):
    _with_email(reviewer, outsider)
    NotificationPreference.objects.create(
        user=reviewer, kind=NotificationKind.ITEM_DUE, email=False
    )

    def queries(users, per_user, start):
        notify_many(_item(user, start + n) for user in users for n in range(per_user))
        ids = Notification.objects.filter(emailed_at__isnull=True).values_list("pk", flat=True)
        with CaptureQueriesContext(connection) as context:
            assert notification_emails_send(notification_ids=list(ids)) == len(users)
        return len(context.captured_queries)

    few = queries([alice, reviewer], 2, 0)
    many = queries([alice, reviewer], 30, 100)
    assert few == many, f"{few} queries for 4 notices but {many} for 60"
    # Each recipient is claimed on its own (so a killed worker loses one email at most): a
    # recipient more costs the same few queries, whatever their notices.
    three = queries([alice, reviewer, outsider], 30, 200)
    assert three - many == many - queries([alice], 30, 300)


def test_a_recipient_is_claimed_only_when_their_email_goes(
    alice, reviewer, smtp_server, monkeypatch
):
    """A worker killed outright while sending leaves the recipients after it unclaimed, for the
    next delivery of the task: only the email being sent can be lost, as before digests."""
    _with_email(reviewer)
    ids = _run(_item(alice, 1), _item(alice, 2), _item(reviewer, 1), _item(reviewer, 2))
    claimed_at_each_send = []
    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        claimed_at_each_send.append(
            set(
                Notification.objects.filter(emailed_at__isnull=False).values_list(
                    "user__username", flat=True
                )
            )
        )
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    assert notification_emails_send(notification_ids=ids) == 2
    assert claimed_at_each_send[0] in ({alice.username}, {reviewer.username})
    assert claimed_at_each_send[1] == {alice.username, reviewer.username}


# The inbox pages


def test_the_header_shows_the_unread_count_on_every_page(alice, client):
    _notify(users=[alice])
    _notify(users=[alice], key="complaint:2:overdue")
    client.force_login(alice)
    for url in [reverse("home"), reverse("projects:list")]:
        response = client.get(url)
        assert response.context["unread_notifications"] == 2
        assert '<span class="badge">2</span>' in response.content.decode()


def test_the_inbox_lists_only_the_users_own_notices(alice, outsider, client):
    _notify(users=[alice], title="给Alice的消息")
    _notify(users=[outsider], title="给Charlie的消息")
    client.force_login(alice)
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert "给Alice的消息" in body
    assert "给Charlie的消息" not in body


def test_opening_a_notice_marks_it_read_and_goes_to_its_item(alice, client):
    _notify(users=[alice])
    notice = Notification.objects.get()
    client.force_login(alice)

    response = client.get(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/enterprise/complaints/1/"
    notice.refresh_from_db()
    assert notice.is_read


def test_a_notice_pointing_elsewhere_is_not_followed(alice, client):
    _notify(users=[alice], url="https://evil.example.com/")
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[Notification.objects.get().pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_nobody_opens_or_marks_someone_elses_notice(alice, outsider, client):
    _notify(users=[alice])
    notice = Notification.objects.get()
    client.force_login(outsider)

    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[notice.pk])).status_code == 404
    client.post(reverse("notifications:read_all"))

    notice.refresh_from_db()
    assert not notice.is_read


def test_marking_one_and_all_read(alice, outsider, client):
    for n in range(3):
        _notify(users=[alice], key=f"complaint:{n}:overdue")
    _notify(users=[outsider])
    first = Notification.objects.filter(user=alice).first()
    client.force_login(alice)

    client.post(reverse("notifications:read", args=[first.pk]))
    assert Notification.objects.filter(user=alice, read_at__isnull=True).count() == 2

    client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(user=alice, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(user=outsider, read_at__isnull=True).count() == 1


def test_unread_filter(alice, client):
    _notify(users=[alice], title="未读的")
    _notify(users=[alice], title="已读的", key="x")
    Notification.objects.filter(title="已读的").update(read_at=FRIDAY)
    client.force_login(alice)
    body = client.get(reverse("notifications:inbox"), {"unread": "1"}).content.decode()
    assert "未读的" in body
    assert "已读的" not in body


def _kinds(user, **counts):
    """Notices for `user`: for each kind name, that many (NotificationKind.ITEM_OVERDUE=3)."""
    for name, n in counts.items():
        kind = NotificationKind[name]
        for i in range(n):
            _notify(users=[user], kind=kind, title=f"{kind.label}{i}", key=f"{kind}:{i}")


def test_the_inbox_shows_one_kind_when_asked(alice, client):
    _kinds(alice, ITEM_OVERDUE=2, CIRCULAR=1)
    client.force_login(alice)

    response = client.get(reverse("notifications:inbox"), {"kind": NotificationKind.CIRCULAR})

    titles = [notice.title for notice in response.context["page"]]
    assert titles == ["通报发布0"]
    assert response.context["page"].paginator.count == 1
    assert '<option value="circular" selected>' in response.content.decode()


def test_the_kind_filter_combines_with_unread_and_is_kept_across_pages(alice, client):
    _kinds(alice, ITEM_OVERDUE=5, CIRCULAR=2)
    Notification.objects.filter(title__in=["事项已逾期0", "事项已逾期1"]).update(read_at=FRIDAY)
    client.force_login(alice)
    query = {"kind": NotificationKind.ITEM_OVERDUE, "unread": "1", "per_page": "20"}

    response = client.get(reverse("notifications:inbox"), query)

    assert {notice.title for notice in response.context["page"]} == {
        "事项已逾期2",
        "事项已逾期3",
        "事项已逾期4",
    }
    # 25 rows make two pages of 20; the second link keeps the kind and the unread switch.
    for i in range(22):
        _notify(users=[alice], title=f"更多{i}", key=f"more:{i}")
    body = client.get(reverse("notifications:inbox"), query).content.decode()
    assert 'href="?kind=item_overdue&amp;unread=1&amp;per_page=20&amp;page=2"' in body


def test_the_inbox_offers_the_kinds_the_user_has_with_their_counts(alice, outsider, client):
    _kinds(alice, ITEM_OVERDUE=3, HANDED_OVER=2)
    _kinds(outsider, CIRCULAR=4, ITEM_OVERDUE=1)
    Notification.objects.filter(user=alice, title="转交办理0").update(read_at=FRIDAY)
    client.force_login(alice)

    response = client.get(reverse("notifications:inbox"))

    counts = [(c.kind, c.total, c.unread) for c in response.context["kind_counts"]]
    assert counts == [("item_overdue", 3, 3), ("handed_over", 2, 1)]
    body = response.content.decode()
    assert "全部（未读 4）" in body
    assert "事项已逾期（未读 3 / 共 3）" in body
    assert "转交办理（未读 1 / 共 2）" in body
    assert "通报发布" not in body


def test_an_unknown_kind_in_the_query_is_ignored(alice, client):
    _kinds(alice, ITEM_OVERDUE=2, CIRCULAR=1)
    client.force_login(alice)
    for kind in ["no-such-kind", NotificationKind.ESCALATION]:
        response = client.get(reverse("notifications:inbox"), {"kind": kind})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 3
        assert response.context["kind"] == ""


def test_marking_read_under_a_kind_leaves_the_other_kinds_and_users_unread(alice, outsider, client):
    _kinds(alice, ITEM_OVERDUE=2, CIRCULAR=3)
    _kinds(outsider, ITEM_OVERDUE=2)
    client.force_login(alice)
    inbox = reverse("notifications:inbox")
    page = client.get(inbox, {"kind": NotificationKind.ITEM_OVERDUE, "unread": "1"})
    assert "将本类标为已读（2 条）" in page.content.decode()
    assert "全部标为已读" not in page.content.decode()

    response = client.post(
        reverse("notifications:read_all"),
        {"kind": NotificationKind.ITEM_OVERDUE, "next": page.context["filtered_url"]},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{inbox}?kind=item_overdue&unread=1"
    unread = Notification.objects.filter(read_at__isnull=True)
    assert sorted(unread.filter(user=alice).values_list("kind", flat=True)) == ["circular"] * 3
    assert unread.filter(user=outsider).count() == 2
    body = client.get(response["Location"]).content.decode()
    assert "已将 2 条“事项已逾期”消息标为已读。" in body


def test_marking_read_an_unknown_kind_is_refused_and_marks_nothing(alice, client):
    _kinds(alice, ITEM_OVERDUE=2)
    client.force_login(alice)
    response = client.post(reverse("notifications:read_all"), {"kind": "no-such-kind"})
    assert response.status_code == 400
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_marking_a_kind_read_needs_a_post_and_the_csrf_token(alice):
    from django.test import Client

    _kinds(alice, ITEM_OVERDUE=1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    url = reverse("notifications:read_all")
    assert client.get(url, {"kind": NotificationKind.ITEM_OVERDUE}).status_code == 405
    assert client.post(url, {"kind": NotificationKind.ITEM_OVERDUE}).status_code == 403
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_reading_the_inbox_needs_a_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302


def test_the_inbox_runs_a_fixed_number_of_queries(alice, client):
    client.force_login(alice)
    counter = iter(range(10_000))

    def add_rows(n):
        for _ in range(n):
            _notify(users=[alice], key=f"item:{next(counter)}")

    assert_constant_queries(lambda: client.get(reverse("notifications:inbox")), add_rows)


def test_the_inbox_filtered_by_kind_runs_a_fixed_number_of_queries(alice, outsider, client):
    client.force_login(alice)
    counter = iter(range(10_000))
    kinds = [NotificationKind.ITEM_OVERDUE, NotificationKind.CIRCULAR, NotificationKind.ESCALATION]

    def add_rows(n):
        for i in range(n):
            number = next(counter)
            for user in (alice, outsider):
                _notify(users=[user], kind=kinds[i % len(kinds)], key=f"item:{number}")

    def inbox():
        return client.get(
            reverse("notifications:inbox"), {"kind": NotificationKind.CIRCULAR, "unread": "1"}
        )

    assert_constant_queries(inbox, add_rows)
    # The notices are read twice: the counts per kind, grouped in one query (which also give the
    # pager its count and the header its unread count), and the page's rows.
    with CaptureQueriesContext(connection) as context:
        inbox()
    read = [q["sql"] for q in context.captured_queries if '"yingkou_notification"' in q["sql"]]
    assert len(read) == 2, read
    assert "GROUP BY" in read[0]


def test_admin_role_check_uses_flags_not_roles(db):
    """A city-wide role is not an administrator."""
    UserFactory(username="leader", role=Role.CITY_LEADER)
    assert notify_admins(title="定时任务失败", key="job:x") == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_jobs_notifying_at_the_same_moment_give_one_notice(alice):
    """Four processes (here threads, each with its own connection) notify at once."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    start = threading.Barrier(4)
    errors = []

    def run():
        try:
            start.wait()
            with transaction.atomic():
                _notify(users=[alice])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Notification.objects.filter(user=alice).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_sending_the_same_batch_at_once_send_one_digest(alice, smtp_server):
    """A task delivered to four workers at once (here threads, each with its own connection)."""
    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    # Made directly: notify_many would send them at once, outside a test transaction.
    ids = [
        Notification.objects.create(
            user=alice,
            kind=NotificationKind.ITEM_OVERDUE,
            key=f"problem:{n}:overdue",
            day=dt.date(2026, 11, 27),
            title=f"帮扶问题已逾期：问题{n}",
        ).pk
        for n in range(3)
    ]
    start = threading.Barrier(4)
    sent, errors = [], []

    def run():
        try:
            start.wait()
            sent.append(notification_emails_send(notification_ids=ids))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(sent) == [0, 0, 0, 1]
    [message] = smtp_server.messages
    assert "您有3条新通知" in message["Subject"]


def test_reading_the_last_unread_notice_of_the_last_page_goes_to_the_page_before(alice, client):
    _kinds(alice, ITEM_OVERDUE=21)
    client.force_login(alice)
    inbox = reverse("notifications:inbox")
    last_page = f"{inbox}?unread=1&per_page=20&page=2"
    [alone] = client.get(last_page).context["page"]

    response = client.post(
        reverse("notifications:read", args=[alone.pk]), {"next": last_page}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"{inbox}?unread=1&per_page=20&page=1"
    assert len(response.context["page"]) == 20
    # A page that never existed is still not found.
    assert client.get(f"{inbox}?page=abc").status_code == 404


def test_a_digest_lists_twenty_notices_of_a_kind_and_counts_the_rest(alice, smtp_server, settings):
    """A daily job can tell a unit of hundreds of deadlines at once: the email lists twenty of a
    kind and sends the reader to that kind in the inbox for the rest."""
    settings.SITE_URL = "https://xm.yingkou.gov.cn"
    ids = _run(
        *[_item(alice, n) for n in range(1, 23)],
        *[_item(alice, n, NotificationKind.ITEM_DUE, f"即将到期：问题{n}") for n in range(30, 50)],
    )

    assert notification_emails_send(notification_ids=ids) == 1

    [message] = smtp_server.to("alice@example.com")
    assert "您有42条新通知" in message["Subject"]
    lines = message.get_content().splitlines()
    # Exactly twenty of a kind: all listed, nothing counted.
    assert "【事项即将到期】20条" in lines and "即将到期：问题49" in "".join(lines)
    assert "【事项已逾期】22条" in lines
    overdue = [line[2:] for line in lines if line.startswith("· 帮扶问题已逾期")]
    made = Notification.objects.filter(kind=NotificationKind.ITEM_OVERDUE).order_by("pk")
    assert overdue == list(made.values_list("title", flat=True)[:20])
    more = [line for line in lines if line.startswith("· ……")]
    assert more == [
        "· ……另有2条，在站内消息中查看：https://xm.yingkou.gov.cn/inbox/?kind=item_overdue"
    ]


def test_the_inbox_keeps_a_notice_s_moment_and_its_button_on_one_line(client, alice):
    """At 1366 px the inbox broke each moment after its day (2026-12-07 / 18:46) and its 标为已读
    button into two lines, for a title a line long."""
    with time_machine.travel(FRIDAY, tick=False):
        _notify(users=[alice])
    client.force_login(alice)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert '<td class="when">2026-11-27 09:00</td>' in page
    assert '<td class="nowrap"><form method="post"' in page
