"""R-6: the project detail list of a closed month built late (a catch-up, a retry) names the
projects' owner and landing units as they were named at the month's end, in the order of the
codes they had then, as the list built on time did."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from reserve import selectors
from reserve.jobs import monthly_list
from reserve.models import MonthlyArchive
from tests.clock import at
from tests.factories import UnitFactory, UserFactory
from tests.reserve.conftest import pooled
from yingkou.choices import Role, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    with at(dt.date(2026, 9, 1)):
        return UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


@pytest.fixture
def other_area(db):
    with at(dt.date(2026, 9, 1)):
        return UnitFactory(name="盖州市", code="GZ", kind=UnitKind.COUNTY)


def _units(content: bytes) -> list[tuple[str, str]]:
    """The owner (申报单位) and landing units below the header row, without the total."""
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if "项目名称" in row)
    owner = rows[header].index("申报单位")
    return [(row[owner], row[owner + 1]) for row in rows[header + 1 : -1]]


def test_a_detail_list_built_late_keeps_the_unit_names_of_the_month_end(
    area, other_area, owner, reviewer
):
    staff = UserFactory(username="gz_staff", role=Role.UNIT_STAFF, unit=other_area)
    boss = UserFactory(username="gz_boss", role=Role.UNIT_REVIEWER, unit=other_area)
    with at(dt.date(2026, 10, 12)):
        pooled(area, owner, reviewer, amount="1000", name="甲项目")
        pooled(other_area, staff, boss, amount="60000", name="乙项目")
    with at(dt.date(2026, 11, 1)):
        on_time = list(selectors.detail_list_rows(selectors.month_end(2026, 10)))
    assert [
        (row["project__name"], row["project__owner_unit__name"], row["project__landing_unit__name"])
        for row in on_time
    ] == [("甲项目", "鲅鱼圈区", "鲅鱼圈区"), ("乙项目", "盖州市", "盖州市")]
    with at(dt.date(2026, 11, 3)):
        area.name = "鲅鱼圈经济技术开发区"
        area.code = "ZZZ"  # would now sort after 盖州市
        area.save()
    with at(dt.date(2026, 11, 26)):
        assert list(selectors.detail_list_rows(selectors.month_end(2026, 10))) == on_time
        monthly_list(dt.date(2026, 10, 31))
    archive = MonthlyArchive.objects.get(kind="detail_list", period="2026-10")
    assert _units(bytes(archive.content)) == [("鲅鱼圈区", "鲅鱼圈区"), ("盖州市", "盖州市")]
