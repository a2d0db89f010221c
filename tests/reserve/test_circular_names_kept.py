"""R-6: a circular built late (a catch-up, a retry) names each pool and its unit as they were
named at the month's end, as the on-time circular did, and a unit renamed since is still told."""

import datetime as dt

import pytest

from reserve import selectors
from reserve.jobs import monthly_circular
from reserve.models import MonthlyArchive
from tests.clock import at
from tests.factories import UnitFactory
from tests.reserve.conftest import pooled
from yingkou.choices import UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    with at(dt.date(2026, 9, 1)):
        return UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


def test_a_circular_built_late_keeps_the_names_of_the_month_end(area, owner, reviewer):
    with at(dt.date(2026, 10, 12)):
        pooled(area, owner, reviewer, amount="60000", name="甲项目")
    with at(dt.date(2026, 11, 1)):
        on_time = selectors.circular_rows(2026, 10)
    [row] = [row for row in on_time if row["unit"] == "鲅鱼圈区"]
    pool_name = row["pool"]
    with at(dt.date(2026, 11, 3)):
        area.name = "鲅鱼圈经济技术开发区"
        area.save()
    with at(dt.date(2026, 11, 26)):
        monthly_circular(dt.date(2026, 10, 31))
    rows = MonthlyArchive.objects.get(kind="circular", period="2026-10").data["rows"]
    assert rows == on_time
    assert [row["pool"] for row in rows if row["unit"] == "鲅鱼圈区"] == [pool_name]
    assert Notification.objects.filter(user=owner, title="2026年10月储备工作通报已发布").exists()
