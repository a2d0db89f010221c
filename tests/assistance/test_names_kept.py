"""A-4/A-8: a month's dispatches and report to the city government, a quarter's inspection and a
week's dispatch built late (a catch-up, a retry) name the units and the assisting leader as they
were named at the period's end, as the on-time build did: a unit or a leader renamed, or a
leader moved to another unit, afterwards does not change a closed period's archive, and the
units it goes to are still told."""

import datetime as dt
import json

import pytest

from assistance import jobs, selectors
from assistance.models import AssistancePlan, PromotionGroup, SupervisionReport
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.clock import at
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from yingkou.asof import period_end
from yingkou.choices import UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


def stored(content: dict) -> dict:
    """What an archive holds of `content` (a JSON field)."""
    return json.loads(json.dumps(content))


@pytest.fixture
def units(db):
    with at(dt.date(2026, 9, 1)):
        area = UnitFactory(name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)
        department = UnitFactory(
            name="营口市工业和信息化局", code="GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT
        )
        UnitFactory(name="盖州市", code="GZ", kind=UnitKind.COUNTY)
        government = UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)
        leader = LeaderFactory(name="王明", title="副市长", unit=government)
        AssistancePlan.objects.create(
            unit=area,
            year=2026,
            title="鲅鱼圈区2026年精准帮扶方案",
            content="方案",
            is_published=True,
            adopted_on=dt.date(2026, 9, 1),
        )
        group = PromotionGroup.objects.create(name="第一推进组")
        group.areas.set([area])
    return area, department, leader, group


@pytest.fixture
def case(units):
    area, department, leader, _group = units
    with at(dt.date(2026, 10, 8)):
        case = AssistanceCaseFactory(
            project=ProjectFactory(
                name="鲅鱼圈区精细化工项目",
                owner_unit=area,
                landing_unit=area,
                stage="construction",
            ),
            team__lead_unit=department,
            team__lead_leader=leader,
            opened_on=dt.date(2026, 10, 8),
        )
        ProblemFactory(
            case=case,
            owner_unit=department,
            title="用地指标",
            raised_on=dt.date(2026, 10, 8),
            due_on=dt.date(2026, 10, 20),
            escalated=True,
            escalated_on=dt.date(2026, 10, 21),
        )
    return case


def rename(units):
    area, department, leader, _group = units
    with at(dt.date(2026, 11, 5)):
        area.name = "鲅鱼圈经济技术开发区"
        area.code = "ZZZ"
        area.save()
        department.name = "营口市工业和信息化局（更名）"
        department.save()
        leader.name = "王明明"
        leader.title = "局长"
        leader.unit = department
        leader.save()


def test_a_dispatch_built_late_keeps_the_names_of_the_month_end(case, units):
    area, department, _leader, _group = units
    staff = UserFactory(unit=department)
    with at(dt.date(2026, 11, 1)):
        snapshot = selectors.snapshot_at(period_end("monthly", dt.date(2026, 10, 31)))
        [then] = selectors.promotion_groups_as_of(snapshot.moment)
        dispatch, _lead_units = selectors.group_dispatch(group=then, snapshot=snapshot)
        city = selectors.city_report(snapshot=snapshot)
    [row] = dispatch["cases"]
    assert (row["lead_unit"], row["assisting_leader"]) == ("营口市工业和信息化局", "王明（副市长）")
    assert dispatch["areas"] == ["鲅鱼圈区"]
    assert [plan["unit"] for plan in dispatch["unpublished_plans"]] == ["鲅鱼圈区"]
    assert [p["owner_unit"] for p in city["construction"]["escalated"]] == ["营口市工业和信息化局"]
    rename(units)
    with at(dt.date(2026, 11, 26)):
        jobs.assistance_dispatch(dt.date(2026, 10, 31))
    archived = SupervisionReport.objects.get(kind="dispatch", period_key="2026-10")
    assert archived.content == stored({"month": "2026-10", **dispatch})
    report = SupervisionReport.objects.get(kind="city_report", period_key="2026-10")
    assert report.content == stored({"month": "2026-10", **city})
    # The renamed lead unit is told of the dispatch all the same (by id).
    assert Notification.objects.filter(user=staff, url__contains=str(archived.pk)).exists()


def test_an_inspection_built_late_keeps_the_names_of_its_quarter_end(units):
    area, department, _leader, _group = units
    staff = UserFactory(unit=department)
    with at(dt.date(2026, 9, 2)):
        AssistanceCaseFactory(
            project=ProjectFactory(owner_unit=area, landing_unit=area, stage="construction"),
            team__lead_unit=department,
            opened_on=dt.date(2026, 9, 2),
        )
    with at(dt.date(2026, 10, 1)):
        on_time = selectors.inspection_report(
            day=dt.date(2026, 9, 30), moment=period_end("quarterly", dt.date(2026, 9, 30))
        )
    names = [row["unit"] for row in on_time["rows"]]
    assert names.index("鲅鱼圈区") < names.index("盖州市") < names.index("营口市工业和信息化局")
    rename(units)
    with at(dt.date(2026, 11, 26)):
        jobs.assistance_inspection(dt.date(2026, 9, 30))
    archived = SupervisionReport.objects.get(kind="inspection", period_key="2026-Q3")
    assert archived.content == stored(on_time)
    assert Notification.objects.filter(user=staff, url__contains=str(archived.pk)).exists()


@pytest.mark.parametrize("project_saved_since", [False, True], ids=["untouched", "saved"])
def test_a_week_built_late_keeps_the_names_of_its_end(case, units, project_saved_since):
    # Saved since, the week is read from the history; untouched, from the current tables: the
    # units are named as at the week's end either way.
    week = dt.date(2026, 10, 12)
    with at(dt.date(2026, 10, 19)):
        on_time = selectors.weekly_dispatch(week=week, moment=period_end("weekly", week))
    [row] = on_time["projects"]
    assert (row["area"], row["unit"]) == ("鲅鱼圈区", "营口市工业和信息化局")
    assert on_time["not_reported_units"] == ["营口市工业和信息化局"]
    rename(units)
    if project_saved_since:
        with at(dt.date(2026, 11, 6)):
            case.project.save()
    with at(dt.date(2026, 11, 26)):
        jobs.assistance_weekly_dispatch(week)
    archived = SupervisionReport.objects.get(kind="weekly", period_key="2026-W42")
    assert archived.content == stored(on_time)
