"""The reserve pages name a month or a week as their readers do (2026年11月, 2026年第49周（11月30日至12月6日）);
the keys (2026-11, 2026-W49) stay in addresses and file names."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from reserve import services

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 12, 7, 2, tzinfo=dt.UTC), tick=False)
def test_months_and_weeks_are_named_not_keyed(client, pool, level1, owner, drc):
    services.weekly_update_confirm(pool=pool, user=owner, day=dt.date(2026, 12, 4))
    client.force_login(owner)
    mine = client.get(reverse("reserve:my_pool")).content.decode()
    assert "2026年11月月度通报" in mine and "2026-11 月度通报" not in mine
    detail = client.get(reverse("reserve:pool_detail", args=[pool.pk])).content.decode()
    assert "<td>2026年第49周（11月30日至12月6日）</td>" in detail and "2026-W49" not in detail

    client.force_login(drc)
    circular = client.get(reverse("reserve:circular", args=["2026-11"])).content.decode()
    assert "<h1>2026年11月全市项目储备工作通报</h1>" in circular
    monthly = client.get(reverse("reserve:monthly")).content.decode()
    assert "下载本月（2026年12月）截至今日的明细表" in monthly
    assert "<td>2026年11月</td>" in monthly and "下载2026年11月明细表" in monthly


@time_machine.travel(dt.datetime(2026, 12, 7, 2, tzinfo=dt.UTC), tick=False)
def test_an_archived_month_without_projects_counts_none_rather_than_unknown(client, drc):
    """A month archived with no project reads 0 projects and 0.00 万元; "—" is for a month not
    archived yet, whose count is not known."""
    services.monthly_archive_detail_list(year=2026, month=10)
    client.force_login(drc)
    monthly = client.get(reverse("reserve:monthly")).content.decode()
    october = monthly[monthly.index("<td>2026年10月</td>") :]
    october = october[: october.index("</tr>")]
    assert '<td class="num">0</td><td class="num">0.00</td>' in october
