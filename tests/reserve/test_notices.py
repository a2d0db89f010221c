"""Who is told what in the reserve app: the Friday reminder (R-5) and review results (R-3)."""

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from reserve import services
from reserve.jobs import friday_reminders, monthly_circular, monthly_list
from tests.factories import UserFactory
from tests.reserve.conftest import pooled
from yingkou.choices import NotificationKind, Role
from yingkou.models import Notification

FRIDAY = dt.date(2026, 11, 27)


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_the_friday_reminder_goes_once_to_the_responsible_and_the_units_staff(
    client, pool, owner, reviewer, outsider, django_capture_on_commit_callbacks, smtp_server
):
    owner.email = "alice@example.com"
    owner.save()
    services.pool_responsible_set(pool=pool, responsible=reviewer, user=reviewer)
    UserFactory(username="alice_left", role=Role.UNIT_STAFF, unit=owner.unit, is_active=False)

    with (
        time_machine.travel(dt.datetime(2026, 11, 27, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        friday_reminders(FRIDAY)
        friday_reminders(FRIDAY)

    assert "alice" in _told(NotificationKind.RESERVE_WEEKLY_REMINDER)
    assert "alice_boss" in _told(NotificationKind.RESERVE_WEEKLY_REMINDER)
    assert "charlie" in _told(NotificationKind.RESERVE_WEEKLY_REMINDER)  # his own pool is late too
    mine = Notification.objects.filter(user=owner)
    assert mine.count() == 1
    assert mine.get().url == reverse("reserve:my_pool")
    client.force_login(owner)  # a unit's 录入员 opens it on the page where the update is confirmed
    assert "确认本周已更新" in client.get(mine.get().url).content.decode()
    assert "本周更新" in mine.get().title
    assert "11月27日" in mine.get().title
    [message] = smtp_server.to("alice@example.com")
    assert "本周更新" in message["Subject"]


def test_without_a_responsible_the_reminder_reaches_the_units_staff_or_else_its_people(
    pool, level1, owner, reviewer, drc
):
    """R-5: no one named: the area's 录入员 are reminded; the DRC has no 录入员, so its own
    people (its reviewers) are, rather than nobody."""
    assert pool.responsible is None and level1.responsible is None
    with time_machine.travel(dt.datetime(2026, 11, 27, 9), tick=False):
        friday_reminders(FRIDAY)
    assert _told(NotificationKind.RESERVE_WEEKLY_REMINDER) == ["alice", "drc"]
    [drc_notice] = Notification.objects.filter(user=drc)
    assert level1.name in drc_notice.title


def test_a_pool_that_confirmed_its_update_is_not_reminded(pool, owner, reviewer):
    services.weekly_update_confirm(pool=pool, user=owner, note="本周无变化", day=FRIDAY)
    with time_machine.travel(dt.datetime(2026, 11, 27, 9), tick=False):
        friday_reminders(FRIDAY)
    assert not Notification.objects.filter(user__in=[owner, reviewer]).exists()


def test_the_declarer_is_told_of_approval(approved, owner, reviewer):
    [notice] = Notification.objects.filter(kind=NotificationKind.DECLARATION_APPROVED)
    assert notice.user == owner
    assert notice.url == reverse("reserve:entry_detail", args=[approved.pk])
    assert approved.project.name in notice.title
    assert not Notification.objects.filter(user=reviewer).exists()


def test_the_declarer_is_told_of_a_return_with_the_reason(submitted, owner, reviewer):
    services.entry_return(entry=submitted, user=reviewer, comment="请补充用地手续")
    [notice] = Notification.objects.filter(kind=NotificationKind.DECLARATION_RETURNED)
    assert notice.user == owner
    assert "退回" in notice.title
    assert notice.body == "请补充用地手续"


def test_a_level1_return_reaches_the_units_reviewer_who_recommends_again(
    recommended, owner, reviewer, drc
):
    """R-3: after the DRC returns an entry only the unit reviewer can recommend it again, so the
    reviewer is told too, and both read that it came back from the level-1 pool."""
    services.entry_return(entry=recommended, user=drc, comment="请补充建设内容")
    notices = Notification.objects.filter(kind=NotificationKind.DECLARATION_RETURNED)
    assert sorted(n.user.username for n in notices) == sorted([owner.username, reviewer.username])
    for notice in notices:
        assert notice.title == f"储备项目一级库退回：{recommended.project.name}"
        assert notice.body.startswith("请补充建设内容")
        assert "重新推荐" in notice.body
        assert notice.url == reverse("reserve:entry_detail", args=[recommended.pk])


def test_each_review_result_is_its_own_notice_even_on_the_same_day(submitted, owner, reviewer):
    services.entry_return(entry=submitted, user=reviewer, comment="请补充用地手续")
    services.entry_submit(entry=submitted, user=owner)
    services.entry_return(entry=submitted, user=reviewer, comment="仍缺环评")
    assert Notification.objects.filter(user=owner).count() == 2


def test_the_monthly_circular_goes_once_to_the_units_of_the_pools(pool, owner, outsider, drc):
    # The pools exist from today (the test's real date), so the circular is this month's.
    month_end = timezone.localdate().replace(day=28) + dt.timedelta(days=4)
    month_end -= dt.timedelta(days=month_end.day)
    with time_machine.travel(month_end + dt.timedelta(days=2), tick=False):
        monthly_circular(month_end)
        monthly_circular(month_end)
    with time_machine.travel(month_end + dt.timedelta(days=3), tick=False):
        monthly_circular(month_end)  # a re-run another day tells nobody again
    told = _told(NotificationKind.CIRCULAR)
    assert told.count("alice") == 1
    assert {"alice", "charlie", "drc"} <= set(told)
    notice = Notification.objects.get(user=owner)
    period = f"{month_end:%Y-%m}"
    assert notice.title == f"{month_end.year}年{month_end.month}月储备工作通报已发布"
    assert notice.url == reverse("reserve:circular", args=[period])


def test_the_city_summary_is_reported_once_to_the_city_government(
    pool, owner, reviewer, city_leader_user
):
    """R-6 (市发展改革委定期将全市项目储备汇总情况向市政府报告): the month's archived city summary
    reaches the city government, once, as A-8's monthly report does; the units are told of the
    circular only."""
    pooled(pool.unit, owner, reviewer, amount="60000.00")
    month_end = timezone.localdate().replace(day=28) + dt.timedelta(days=4)
    month_end -= dt.timedelta(days=month_end.day)
    with time_machine.travel(month_end + dt.timedelta(days=2), tick=False):
        monthly_circular(month_end)
        monthly_circular(month_end)
    with time_machine.travel(month_end + dt.timedelta(days=3), tick=False):
        monthly_circular(month_end)
    period = f"{month_end:%Y-%m}"
    [notice] = Notification.objects.filter(key=f"reserve:city-summary:{period}")
    assert notice.user == city_leader_user
    assert notice.kind == NotificationKind.CIRCULAR
    assert notice.title == f"{month_end.year}年{month_end.month}月全市项目储备汇总情况已报市政府"
    assert "二级库在库项目1个" in notice.body and "60,000.00万元" in notice.body
    assert notice.url == reverse("reserve:circular", args=[period])
    assert not Notification.objects.filter(
        key=f"reserve:city-summary:{period}", user__in=[owner, reviewer]
    ).exists()


def test_the_investment_bureau_is_told_once_of_the_months_detail_list(
    pool, owner, reviewer, bureau
):
    """R-6 ("市发展改革委每月向市招商局通报全市储备项目情况，提供项目明细表"): once the month's
    project detail list is archived, the investment bureau is told it is there to download,
    once; the units whose projects it lists are not."""
    pooled(pool.unit, owner, reviewer, amount="60000.00")
    month_end = timezone.localdate().replace(day=28) + dt.timedelta(days=4)
    month_end -= dt.timedelta(days=month_end.day)
    with time_machine.travel(month_end + dt.timedelta(days=2), tick=False):
        monthly_list(month_end)
        monthly_list(month_end)
    with time_machine.travel(month_end + dt.timedelta(days=3), tick=False):
        monthly_list(month_end)  # a re-run another day tells nobody again
    period = f"{month_end:%Y-%m}"
    [notice] = Notification.objects.filter(key=f"reserve:detail-list:{period}")
    assert notice.user == bureau
    assert notice.kind == NotificationKind.CIRCULAR
    assert notice.title == f"{month_end.year}年{month_end.month}月全市储备项目明细表已提供"
    assert "全市储备项目1个" in notice.body and "60,000.00万元" in notice.body
    assert notice.url == reverse("reserve:monthly")
