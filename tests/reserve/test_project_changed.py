"""R-1 after a change: a pooled project that no longer fits the reserve scope leaves its pools,
with the reason, and stops counting in R-4 health and the next monthly list; archived months
keep it (issue: records change, rules follow)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from reserve import selectors, services
from reserve.choices import EntryStatus, StepAction
from reserve.jobs import monthly_list
from reserve.models import Membership
from tests.reserve.conftest import pooled
from yingkou import services as shared
from yingkou.choices import Stage

pytestmark = pytest.mark.django_db


def _edit(project, user, **fields):
    project.refresh_from_db()
    return shared.project_update(
        project=project, user=user, expected_version=project.version, **fields
    )


@pytest.mark.parametrize(
    ("amount", "stays"), [("1000.00", True), ("999.99", False), ("800.00", False)]
)
def test_a_pooled_project_under_1000_wan_leaves_its_pools_with_the_reason(
    amount, stays, area, owner, reviewer, drc, level1, pool
):
    entry = pooled(area, owner, reviewer, amount="60000")
    services.entry_recommend(entry=entry, user=reviewer)
    entry = services.entry_approve(entry=entry, user=drc)
    project = entry.project

    _edit(project, drc, total_investment=Decimal(amount))

    current = Membership.objects.current().filter(project=project)
    entry.refresh_from_db()
    if stays:
        assert current.count() == 2
        assert entry.status == EntryStatus.APPROVED
        return
    assert not current.exists()
    left = Membership.objects.filter(project=project)
    assert {m.left_reason for m in left} == {
        "总投资须在1000万元以上（含1000万元）方可申报入库（R-1）"
    }
    assert entry.status == EntryStatus.REMOVED and "1000万元" in entry.comment
    assert entry.steps.last().action == StepAction.REMOVE
    assert selectors.pool_health(pool).project_count == 0
    assert selectors.pool_health(level1).project_count == 0
    assert selectors.project_dependents(project) == []


def test_a_project_leaves_the_pool_once_past_planning(area, owner, reviewer, pool):
    entry = pooled(area, owner, reviewer, amount="5000")
    project = entry.project
    project.refresh_from_db()
    assert project.stage == Stage.RESERVE
    assert selectors.pool_health(pool).project_count == 1

    shared.project_move_stage(project=project, stage=Stage.SIGNED, user=reviewer)

    assert not Membership.objects.current().filter(project=project).exists()
    assert "策划包装或储备阶段" in Membership.objects.get(project=project).left_reason
    assert selectors.pool_health(pool).project_count == 0


def test_a_removed_project_may_be_declared_again_once_it_fits(area, owner, reviewer, drc):
    entry = pooled(area, owner, reviewer, amount="1500")
    _edit(entry.project, drc, total_investment=Decimal("900"))
    _edit(entry.project, drc, total_investment=Decimal("1000"))
    again = services.entry_declare(project=entry.project, user=owner)
    assert again.pk != entry.pk


def test_the_next_monthly_list_leaves_it_out_and_a_closed_month_keeps_it(
    client, bureau, area, owner, reviewer, drc
):
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC), tick=False):
        staying = pooled(area, owner, reviewer, amount="2000", name="留库项目")
        leaving = pooled(area, owner, reviewer, amount="3000", name="出库项目")
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False):
        monthly_list(dt.date(2026, 10, 31))
        _edit(leaving.project, drc, total_investment=Decimal("999.99"))
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(bureau)

        def names(period):
            response = client.get(reverse("reserve:monthly_list_xlsx", args=[period]))
            body = b"".join(response.streaming_content) if response.streaming else response.content
            sheet = load_workbook(io.BytesIO(body)).active
            return {row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}

        assert {"留库项目", "出库项目"} <= names("2026-10")
        november = names("2026-11")
        assert "留库项目" in november and "出库项目" not in november
    assert staying.project.name == "留库项目"
