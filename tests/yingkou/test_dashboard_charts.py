"""The home page's stage figures and monthly new projects come from one pass over the projects;
each month runs from its first local midnight (Asia/Shanghai) to the next."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ProjectFactory
from yingkou.choices import Stage
from yingkou.home_figures import home_figures
from yingkou.models import Project

pytestmark = pytest.mark.django_db

LOCAL = timezone.get_fixed_timezone(8 * 60)


def created(area, moment: dt.datetime, amount="1000.00", **fields):
    project = ProjectFactory(
        owner_unit=area, landing_unit=area, total_investment=Decimal(amount), **fields
    )
    Project.objects.filter(pk=project.pk).update(created_at=moment)
    return project


def chart(figures, chart_id):
    (found,) = [c for c in figures["charts"] if c["id"] == f"chart-{chart_id}"]
    return found["spec"]


@time_machine.travel(dt.datetime(2026, 11, 15, 12, tzinfo=LOCAL), tick=False)
def test_monthly_new_projects_and_stages(area, owner):
    created(area, dt.datetime(2026, 11, 1, 0, 0, tzinfo=LOCAL), stage=Stage.RESERVE)
    created(area, dt.datetime(2026, 10, 31, 23, 59, 59, tzinfo=LOCAL), "2500.50")
    created(area, dt.datetime(2025, 12, 1, 0, 0, tzinfo=LOCAL))  # the first month shown
    created(area, dt.datetime(2025, 11, 30, 23, 59, tzinfo=LOCAL))  # before it: not shown
    figures = home_figures(owner)
    new = chart(figures, "new-projects")
    assert new["categories"][0] == "2025年12月" and new["categories"][-1] == "11月"
    assert new["series"][0]["values"] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert figures["totals"] == {"count": 4, "investment": Decimal("5500.50")}
    by_stage = {s["value"]: s["count"] for s in figures["stages"]}
    assert by_stage[Stage.RESERVE] == 1
    assert sum(by_stage.values()) == 4


@time_machine.travel(dt.datetime(2026, 11, 15, 12, tzinfo=LOCAL), tick=False)
def test_no_projects_give_zero_months(owner):
    figures = home_figures(owner)
    assert chart(figures, "new-projects")["series"][0]["values"] == [0] * 12
    assert figures["totals"]["count"] == 0
