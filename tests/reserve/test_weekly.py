import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from reserve import selectors, services
from reserve.jobs import friday_reminders
from reserve.models import WeeklyReminder, WeeklyUpdate
from tests.refusals import field_reasons, field_value, shown_form

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 27, 1, tzinfo=dt.UTC), tick=False)
def test_friday_job_reminds_pools_without_update_once(pool, department, drc_unit, owner):
    services.weekly_update_confirm(pool=pool, user=owner, note="新增2个")
    friday_reminders(dt.date(2026, 11, 27))
    friday_reminders(dt.date(2026, 11, 27))
    reminded = set(WeeklyReminder.objects.values_list("pool__unit__code", flat=True))
    assert reminded == {"GXJ", "FGW"}
    assert WeeklyReminder.objects.count() == 2


@time_machine.travel(dt.datetime(2026, 11, 27, 1, tzinfo=dt.UTC), tick=False)
def test_confirm_once_per_week_and_dispatch_table(client, pool, owner, outsider, drc, department):
    client.force_login(owner)
    client.post(reverse("reserve:weekly_confirm"), {"note": "本周无变化"})
    client.post(reverse("reserve:weekly_confirm"), {"note": "新增1个"})
    update = WeeklyUpdate.objects.get()
    assert update.week == "2026-W48" and update.week_friday == dt.date(2026, 11, 27)
    assert update.note == "新增1个"
    with pytest.raises(Exception):  # noqa: B017,PT011  PermissionDenied
        services.weekly_update_confirm(pool=pool, user=outsider)
    client.force_login(drc)
    page = client.get(reverse("reserve:weekly")).content.decode()
    assert "逾期未更新：3 个" in page
    late = {p.unit.code for p in selectors.weekly_dispatch(dt.date(2026, 11, 27)) if p.late}
    assert late == {"GXJ", "FGW", "GZ"}  # everyone but Alice's area
    client.force_login(owner)
    assert client.get(reverse("reserve:weekly")).status_code == 403


@time_machine.travel(dt.datetime(2026, 11, 27, 1, tzinfo=dt.UTC), tick=False)
def test_a_refused_weekly_note_is_shown_again_with_what_was_typed(client, pool, owner):
    """A note the form refuses (a tab pasted into it) was dropped without a word, the week left
    unconfirmed and the note typed gone: the pool is shown again with it and the reason."""
    client.force_login(owner)
    url = reverse("reserve:weekly_confirm")
    response = client.post(url, {"note": "新增2个项目\t更新3个项目进展"})
    assert response.status_code == 200
    form = shown_form(response.content.decode(), url)
    assert len(field_reasons(form, "note")) == 1
    assert field_value(form, "note") == "新增2个项目\t更新3个项目进展"
    assert not WeeklyUpdate.objects.exists()
    # Its links (the entries' filters and pages) lead to the pool.
    assert client.get(url + "?page=2").url == reverse("reserve:my_pool") + "?page=2"


def _weekly_card(client) -> str:
    page = client.get(reverse("reserve:my_pool")).content.decode()
    return page[page.index("每周五更新（R-5）") : page.index("确认本周已更新")]


def test_the_pool_page_says_a_passed_due_day_is_overdue_and_still_asks_to_confirm(
    client, pool, owner
):
    """R-5 on the unit's page: before the due day it asks to confirm by then; once the day has
    ended it says the update is overdue (已逾期), never a date already past as still to come."""
    services.weekly_update_confirm(pool=pool, user=owner, day=dt.date(2026, 11, 27))
    client.force_login(owner)
    with time_machine.travel(dt.datetime(2026, 12, 4, 2, tzinfo=dt.UTC), tick=False):
        due_day = _weekly_card(client)
    assert "请于12月4日（含当日）前核对在库项目并确认" in due_day and "逾期" not in due_day
    for saturday_or_sunday in (dt.datetime(2026, 12, 5, 2), dt.datetime(2026, 12, 6, 14)):
        with time_machine.travel(saturday_or_sunday.replace(tzinfo=dt.UTC), tick=False):
            after = _weekly_card(client)
        assert "已逾期" in after and "应于12月4日（含当日）前确认" in after
        assert "请于12月4日" not in after and "请尽快核对在库项目并确认" in after
    with time_machine.travel(dt.datetime(2026, 12, 5, 2, tzinfo=dt.UTC), tick=False):
        client.post(reverse("reserve:weekly_confirm"), {"note": "补确认"})
        assert "逾期" not in _weekly_card(client)


def test_the_responsible_person_has_one_chinese_label_and_staff_are_told_who_names_one(
    client, pool, owner, reviewer
):
    """R-5 on the unit's page: the reviewer (who names the person, permissions.
    can_set_responsible) sees one 更新专人： label over a select whose empty choice reads 未指定;
    staff, who cannot name one, see that their reviewer should."""
    client.force_login(reviewer)
    card = _weekly_card(client)
    assert card.count("更新专人") == 2  # the label, and the notice that none is named yet
    assert "更新专人：</label>" in card and "本周更新情况：</label>" in card
    assert '<option value="" selected>未指定</option>' in card
    assert "---------" not in card and "更新专人:" not in card and "情况:" not in card
    client.force_login(owner)
    card = _weekly_card(client)
    assert "更新专人：<span" in card and "<select" not in card
    assert "请本单位审核人员指定储备库更新专人" in card
    services.pool_responsible_set(pool=pool, responsible=owner, user=reviewer)
    card = _weekly_card(client)
    assert f"更新专人：{owner.display_name}" in card and "请本单位审核人员" not in card


@time_machine.travel(dt.datetime(2026, 11, 27, 1, tzinfo=dt.UTC), tick=False)
def test_a_responsible_person_who_left_the_unit_answers_for_its_pool_no_more(
    client, pool, owner, reviewer, other_area
):
    """R-5: the named person must be an active user of the pool's unit (专人负责). Once moved to
    another unit, the Friday reminder is not sent to them (it would link to their new unit's
    pool) and the pool's pages say in red that no one is named, so the reviewer names another."""
    from yingkou.models import Notification

    services.pool_responsible_set(pool=pool, responsible=reviewer, user=reviewer)
    reviewer.unit = other_area
    reviewer.save()

    friday_reminders(dt.date(2026, 11, 27))

    assert WeeklyReminder.objects.get(pool=pool).recipient is None
    assert not Notification.objects.filter(user=reviewer, title__contains=pool.name).exists()
    assert Notification.objects.filter(user=owner, title__contains=pool.name).exists()
    client.force_login(owner)
    card = _weekly_card(client)
    assert reviewer.display_name not in card
    assert "请本单位审核人员指定储备库更新专人" in card
    page = client.get(reverse("reserve:pool_detail", args=[pool.pk])).content.decode()
    assert '更新专人：<span class="bad">未指定</span>' in page
