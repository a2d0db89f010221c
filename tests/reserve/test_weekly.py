import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from reserve import selectors, services
from reserve.jobs import friday_reminders
from reserve.models import WeeklyReminder, WeeklyUpdate

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
