"""R-6: which pools a month's circular covers, and which projects its detail list holds, are
those of the month's end: a unit deactivated or made another kind since, and one created since
with its pool, leave a circular and a list built late (a catch-up, a retry) as built on time."""

import datetime as dt

import pytest

from reserve import selectors
from reserve.jobs import monthly_circular
from reserve.models import MonthlyArchive
from tests.clock import at
from tests.factories import UnitFactory
from tests.reserve.conftest import pooled
from yingkou.choices import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    with at(dt.date(2026, 9, 1)):
        return UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


def test_a_circular_and_list_built_late_cover_the_pools_of_the_month_end(area, owner, reviewer):
    with at(dt.date(2026, 9, 1)):
        park = UnitFactory(name="营口高新技术产业开发区", code="GX", kind=UnitKind.PARK)
    with at(dt.date(2026, 10, 12)):
        pooled(area, owner, reviewer, amount="60000", name="甲项目")
    month_end = selectors.month_end(2026, 10)
    with at(dt.date(2026, 11, 1)):
        on_time = selectors.circular_rows(2026, 10)
        listed = list(selectors.detail_list_rows(month_end))
    assert {row["unit"] for row in on_time} >= {"鲅鱼圈区", "营口高新技术产业开发区"}
    with at(dt.date(2026, 11, 3)):
        area.is_active = False
        area.save()
        park.kind = UnitKind.MUNICIPAL_DEPARTMENT
        park.save()
        UnitFactory(name="营口自贸片区", code="ZMQ", kind=UnitKind.PARK)
    with at(dt.date(2026, 11, 26)):
        monthly_circular(dt.date(2026, 10, 31))
        assert list(selectors.detail_list_rows(month_end)) == listed
    assert MonthlyArchive.objects.get(kind="circular", period="2026-10").data["rows"] == on_time
