"""R-5 on the official calendar: when Friday is a day off the week's update is due on the last
working day before it; a week with no working day owes none; late only after the due day."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assistance import rules as assistance_rules
from reserve import rules, selectors, services
from reserve.jobs import weekly_due_reminders
from reserve.models import WeeklyReminder
from tests.factories import UserFactory
from yingkou.choices import Role
from yingkou.errors import RuleViolation
from yingkou.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_the_weekly_progress_of_assistance_falls_due_on_the_same_day():
    """A-8's weekly progress follows R-5's Friday update: one due day for both, every day of
    the National Day and Spring Festival months, a make-up Saturday and an override included."""
    CalendarDay.objects.create(date=dt.date(2026, 11, 27), is_working_day=False)
    for start in (dt.date(2026, 2, 1), dt.date(2026, 9, 21), dt.date(2026, 11, 16)):
        for offset in range(42):
            day = start + dt.timedelta(days=offset)
            assert assistance_rules.weekly_progress_due_rule(day) == rules.weekly_update_due_rule(
                day
            )
    assert rules.weekly_update_due_rule(dt.date(2026, 11, 28)) == dt.date(2026, 11, 26)


def test_ordinary_week_is_due_on_friday():
    assert rules.weekly_update_due_rule(dt.date(2026, 11, 23)) == dt.date(2026, 11, 27)


def test_national_day_week_is_due_on_the_wednesday_before_it():
    # 2026-10-01 (Thu) and 10-02 (Fri) are National Day: due Wednesday 2026-09-30.
    for day in (dt.date(2026, 9, 28), dt.date(2026, 10, 2), dt.date(2026, 10, 4)):
        assert rules.weekly_update_due_rule(day) == dt.date(2026, 9, 30)


def test_make_up_saturday_does_not_move_the_due_day():
    # Week of 2026-10-05: Mon-Wed off, Friday 10-09 working, make-up Saturday 10-10 working.
    assert rules.weekly_update_due_rule(dt.date(2026, 10, 10)) == dt.date(2026, 10, 9)


def test_week_without_working_day_owes_none():
    # Spring Festival 2026: 2026-02-16 (Mon) to 02-20 (Fri) are all off.
    assert rules.weekly_update_due_rule(dt.date(2026, 2, 18)) is None
    # The next Monday the week that counts is the one before the break.
    assert rules.weekly_update_owed_friday_rule(dt.date(2026, 2, 23)) == dt.date(2026, 2, 13)


def test_administrator_calendar_entry_moves_the_due_day():
    CalendarDay.objects.create(date=dt.date(2026, 11, 27), is_working_day=False, note="测试")
    assert rules.weekly_update_due_rule(dt.date(2026, 11, 27)) == dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("today", "owed"),
    [
        (dt.date(2026, 9, 30), dt.date(2026, 9, 25)),  # due day itself: last week counts
        (dt.date(2026, 10, 1), dt.date(2026, 10, 2)),  # the due day has ended, on a holiday
        (dt.date(2026, 10, 9), dt.date(2026, 10, 2)),
        (dt.date(2026, 10, 10), dt.date(2026, 10, 9)),  # make-up Saturday
    ],
)
def test_owed_week_around_national_day(today, owed):
    assert rules.weekly_update_owed_friday_rule(today) == owed


def test_dispatch_lists_pool_late_the_day_after_the_early_due_day(pool, owner, department):
    services.weekly_update_confirm(pool=pool, user=owner, day=dt.date(2026, 9, 25))
    on_due_day = {p.unit.code for p in selectors.weekly_dispatch(dt.date(2026, 9, 30)) if p.late}
    assert "BYQ" not in on_due_day and "GXJ" in on_due_day
    after = {p.unit.code for p in selectors.weekly_dispatch(dt.date(2026, 10, 1)) if p.late}
    assert "BYQ" in after
    services.weekly_update_confirm(pool=pool, user=owner, day=dt.date(2026, 9, 30))
    again = {p.unit.code for p in selectors.weekly_dispatch(dt.date(2026, 10, 1)) if p.late}
    assert "BYQ" not in again


@time_machine.travel(dt.datetime(2026, 9, 30, 1, tzinfo=dt.UTC), tick=False)
def test_reminder_goes_out_on_the_early_due_day_to_the_responsible(pool, owner, reviewer):
    services.pool_responsible_set(pool=pool, responsible=owner, user=reviewer)
    assert weekly_due_reminders(dt.date(2026, 9, 29)) == "今天不是应更新日"
    weekly_due_reminders(dt.date(2026, 9, 30))
    reminder = WeeklyReminder.objects.get(pool=pool)
    assert reminder.week == "2026-W40"
    assert reminder.due_on == dt.date(2026, 9, 30)
    assert reminder.recipient == owner
    weekly_due_reminders(dt.date(2026, 9, 30))
    assert WeeklyReminder.objects.filter(pool=pool).count() == 1


def test_no_reminder_in_a_week_without_working_day(pool):
    assert services.weekly_reminders_create(day=dt.date(2026, 2, 20)) == 0
    assert not WeeklyReminder.objects.exists()


def test_unit_reviewer_names_a_responsible_of_the_unit(pool, owner, reviewer, outsider):
    services.pool_responsible_set(pool=pool, responsible=owner, user=reviewer)
    pool.refresh_from_db()
    assert pool.responsible == owner
    assert pool.history.first().history_user == reviewer
    with pytest.raises(RuleViolation) as exc:
        services.pool_responsible_set(pool=pool, responsible=outsider, user=reviewer)
    assert exc.value.rule == "R-5"
    with pytest.raises(PermissionDenied):
        services.pool_responsible_set(pool=pool, responsible=owner, user=outsider)
    with pytest.raises(PermissionDenied):  # staff report, the unit's reviewer names
        services.pool_responsible_set(pool=pool, responsible=owner, user=owner)


def test_inactive_user_cannot_be_responsible(pool, reviewer, area):
    gone = UserFactory(username="gone", role=Role.UNIT_STAFF, unit=area, is_active=False)
    with pytest.raises(RuleViolation):
        services.pool_responsible_set(pool=pool, responsible=gone, user=reviewer)


def test_pages_show_and_set_the_responsible(client, pool, owner, reviewer, outsider, drc):
    client.force_login(reviewer)
    url = reverse("reserve:pool_responsible", args=[pool.pk])
    assert client.post(url, {"responsible": owner.pk, "seen": ""}).status_code == 302
    pool.refresh_from_db()
    assert pool.responsible == owner
    assert owner.display_name in client.get(reverse("reserve:my_pool")).content.decode()
    client.force_login(outsider)
    assert client.post(url, {"responsible": outsider.pk}).status_code == 404
    client.force_login(drc)
    page = client.get(reverse("reserve:weekly")).content.decode()
    assert "更新专人" in page and owner.display_name in page


@pytest.mark.parametrize(
    ("now", "said"),
    [
        (dt.datetime(2026, 11, 25, 2, tzinfo=dt.UTC), "本周应更新日：11月27日"),
        (dt.datetime(2026, 9, 29, 2, tzinfo=dt.UTC), "本周应更新日：9月30日"),  # National Day
        (dt.datetime(2026, 2, 18, 2, tzinfo=dt.UTC), "本周无工作日，无须更新。"),  # Spring Festival
    ],
)
def test_the_dispatch_table_names_the_weeks_due_day(client, drc, now, said):
    client.force_login(drc)
    with time_machine.travel(now, tick=False):
        page = client.get(reverse("reserve:weekly")).content.decode()
    assert said in page
    if "应更新日" in said:
        assert "本周无工作日" not in page


def test_the_pool_page_says_who_updates_it_or_that_no_one_is_named(
    client, pool, level1, owner, reviewer, drc
):
    """R-5: the dispatch table marks a pool with no one named and links to the pool's page,
    which says so too; the DRC, who names the level-1 pool's person, is sent where it does."""
    client.force_login(drc)
    page = client.get(reverse("reserve:pool_detail", args=[level1.pk])).content.decode()
    assert '更新专人：<span class="bad">未指定</span>' in page
    assert f'<a href="{reverse("reserve:my_pool")}">去指定</a>' in page
    other = client.get(reverse("reserve:pool_detail", args=[pool.pk])).content.decode()
    assert "未指定" in other and "去指定" not in other  # the area's reviewer names its person
    services.pool_responsible_set(pool=pool, responsible=owner, user=reviewer)
    page = client.get(reverse("reserve:pool_detail", args=[pool.pk])).content.decode()
    assert f"更新专人：{owner.display_name}" in page


def test_the_dispatch_table_says_which_due_day_a_late_pool_missed(client, pool, owner, drc):
    """R-5 on a Monday: a pool that missed last Friday is late for that Friday, not for this
    week (due on Friday still); the table said "本周：逾期"."""
    services.weekly_update_confirm(pool=pool, user=owner, day=dt.date(2026, 11, 27))
    client.force_login(drc)
    with time_machine.travel(dt.datetime(2026, 12, 7, 2, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("reserve:weekly")).content.decode()
    row = page[page.index(pool.name) :]
    row = row[: row.index("</tr>")]
    assert "逾期：12月4日应更新未更新" in row
