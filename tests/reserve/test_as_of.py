"""R-6 archives are computed as of the month's end from the records' history: a month archived
late equals the one archived on time, and the circular and the detail list agree."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from reserve import selectors, services
from reserve.jobs import monthly_circular, monthly_list
from reserve.models import MonthlyArchive
from tests.reserve.conftest import make_project, pooled
from yingkou.services import save_with_history

pytestmark = pytest.mark.django_db

OCTOBER = dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC)
NOVEMBER = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)


def _names(content: bytes) -> list[str]:
    """Column B below the header row (the sheet opens with a title)."""
    rows = [row[1] for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]
    return rows[rows.index("项目名称") + 1 :]


@pytest.fixture
def october_pools(area, owner, reviewer, drc, level1):
    with time_machine.travel(OCTOBER, tick=False):
        big = pooled(area, owner, reviewer, amount="60000", name="甲项目")
        small = pooled(area, owner, reviewer, amount="1000", name="乙项目", industry="K70")
        services.entry_recommend(entry=big, user=reviewer)
        services.entry_approve(entry=big, user=drc)
        # Declared in October, approved only in November.
        late = services.entry_declare(
            project=make_project(area, "3000", name="丙项目"),
            user=owner,
            submit=True,
        )
    return big, small, late


def test_a_late_run_archives_what_the_pools_held_at_the_month_end(october_pools, owner, reviewer):
    big, small, late = october_pools
    with time_machine.travel(dt.datetime(2026, 11, 1, 0, 30, tzinfo=dt.UTC), tick=False):
        on_time = list(selectors.detail_list_rows(selectors.month_end(2026, 10)))
        on_time_circular = selectors.circular_rows(2026, 10)
    assert [row["project__name"] for row in on_time] == ["甲项目", "乙项目"]

    with time_machine.travel(NOVEMBER, tick=False):
        services.entry_approve(entry=late, user=reviewer)  # approved after October
        left = small.memberships.get()  # left the pool after October
        left.left_at = timezone.now()
        save_with_history(left, user=owner)
        project = big.project
        project.name = "甲项目（更名）"
        project.total_investment = Decimal("99999")
        save_with_history(project, user=owner)

    with time_machine.travel(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), tick=False):
        monthly_list(dt.date(2026, 10, 31))
        monthly_circular(dt.date(2026, 10, 31))

    archive = MonthlyArchive.objects.get(kind="detail_list", period="2026-10")
    assert _names(bytes(archive.content)) == ["甲项目", "乙项目", "合计（2个项目）"]
    assert archive.row_count == 2 and archive.data["total_investment"] == "61000.00"
    circular = MonthlyArchive.objects.get(kind="circular", period="2026-10").data["rows"]
    assert circular == on_time_circular
    summary = MonthlyArchive.objects.get(kind="city_summary", period="2026-10").data
    # The circular and the list the bureau downloads say the same about October.
    assert summary["projects"] == archive.row_count
    assert summary["total_investment"] == archive.data["total_investment"]


def test_the_open_month_previews_today(october_pools, reviewer):
    _big, _small, late = october_pools
    with time_machine.travel(NOVEMBER, tick=False):
        services.entry_approve(entry=late, user=reviewer)
        moment = selectors.report_moment(2026, 11)
        names = [row["project__name"] for row in selectors.detail_list_rows(moment)]
    assert names == ["甲项目", "丙项目", "乙项目"]


def test_a_pooled_project_without_history_then_is_read_as_it_is_now(october_pools):
    """A pool held the project at October's end, but its own history starts later (written in
    bulk, or imported with a later date): the month reads it as it is now, in the list, its
    count and the circular, instead of failing or dropping it."""
    big, _small, _late = october_pools
    big.project.history.update(history_date=NOVEMBER)
    with time_machine.travel(NOVEMBER, tick=False):
        moment = selectors.month_end(2026, 10)
        rows = list(selectors.detail_list_rows(moment))
        health = {row["id"]: row["health"] for row in selectors.pools_health_at(moment)}
        circular = selectors.circular_rows(2026, 10)
    assert [row["project__name"] for row in rows] == ["甲项目", "乙项目"]
    assert selectors.detail_list_count(moment) == len(rows) == 2
    level1 = big.memberships.get(level=1).pool_id
    assert health[level1].project_count == 1
    assert health[level1].total_investment == Decimal("60000")
    [level1_row] = [row for row in circular if row["pool_id"] == level1]
    assert level1_row["health"]["project_count"] == 1
