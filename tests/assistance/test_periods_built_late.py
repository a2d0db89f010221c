"""A-3, A-4, A-7, A-8: a report built late (a catch-up after the scheduler was down, a rebuild)
is the report built on time, also in *which* units and groups it covers: the quarter's
inspection lists the areas and departments as they stood at the quarter's end (a unit
deactivated or turned into another kind since is still in, or still out; one created since is
not there); a month's dispatches go to the promotion groups as they stood at the month's end
(renamed since, an area moved to another group, a group formed or deleted since); a day's
deadline list is what was open when its on-time run was sent, 07:30 on the day."""

import datetime as dt

import pytest

from assistance import jobs, selectors
from assistance.choices import ActionStatus, ProblemStatus
from assistance.models import ActionItem, PromotionGroup, SupervisionReport
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory, ProblemFactory
from tests.clock import at, local
from tests.factories import ProjectFactory, UnitFactory
from tests.queries import assert_constant_queries
from yingkou.choices import AdministrativeLevel, UnitKind

pytestmark = pytest.mark.django_db


def archives(kind: str, period: str) -> dict:
    """What the period's archives hold: title, content and the units each goes to (a dispatch's
    lead units, then its group's areas of then), by scope."""
    return {
        report.scope: (
            report.title,
            report.content,
            sorted(u.pk for u in report.lead_units.all()),
            sorted(u.pk for u in report.group_areas.all()),
        )
        for report in SupervisionReport.objects.filter(kind=kind, period_key=period)
    }


def built_again(run, kind: str, period: str, change) -> tuple[dict, dict]:
    """The period's archives built on time by `run`, then — the archives gone, `change` made —
    built again late."""
    run(on_time=True)
    on_time = archives(kind, period)
    SupervisionReport.objects.filter(kind=kind, period_key=period).delete()
    change()
    run(on_time=False)
    return on_time, archives(kind, period)


def unit(name, code, kind, **fields):
    with at(dt.date(2026, 9, 1)):
        return UnitFactory(name=name, code=code, kind=kind, **fields)


# --- the quarter's inspection (A-8) ----------------------------------------------------------


def test_an_inspection_built_late_covers_the_units_of_its_quarters_end():
    area = unit("鲅鱼圈区", "BYQ", UnitKind.COUNTY)
    department = unit("营口市工业和信息化局", "GXJ", UnitKind.MUNICIPAL_DEPARTMENT)
    utility = unit("营口供电公司", "GDGS", UnitKind.UTILITY, level=AdministrativeLevel.CITY)
    kept = unit("盖州市", "GZ", UnitKind.COUNTY)

    def run(on_time):
        with at(dt.date(2026, 10, 1) if on_time else dt.date(2026, 11, 26)):
            jobs.assistance_inspection(dt.date(2026, 9, 30))

    def change():
        with at(dt.date(2026, 10, 10)):
            area.is_active = False
            area.save()
            department.kind = UnitKind.UTILITY
            department.save()
            utility.kind = UnitKind.MUNICIPAL_DEPARTMENT
            utility.save()
            UnitFactory(name="新设开发区", code="XSQ", kind=UnitKind.PARK)

    on_time, late = built_again(run, "inspection", "2026-Q3", change)
    rows = on_time["city"][1]["rows"]
    assert sorted(row["unit"] for row in rows) == sorted(
        ["鲅鱼圈区", "盖州市", "营口市工业和信息化局"]
    )
    assert late == on_time
    assert kept.pk in {row["unit_id"] for row in rows}


def test_a_unit_with_something_to_show_is_inspected_whatever_it_was():
    """A utility leading a case is listed for its counts, on time and late alike."""
    utility = unit("营口供电公司", "GDGS", UnitKind.UTILITY, level=AdministrativeLevel.CITY)
    with at(dt.date(2026, 9, 2)):
        AssistanceCaseFactory(team__lead_unit=utility, opened_on=dt.date(2026, 9, 2))

    def run(on_time):
        with at(dt.date(2026, 10, 1) if on_time else dt.date(2026, 11, 26)):
            jobs.assistance_inspection(dt.date(2026, 9, 30))

    def change():
        with at(dt.date(2026, 10, 10)):
            utility.is_active = False
            utility.save()

    on_time, late = built_again(run, "inspection", "2026-Q3", change)
    assert "营口供电公司" in [row["unit"] for row in on_time["city"][1]["rows"]]
    assert late == on_time


# --- the month's dispatches (A-4, A-8) --------------------------------------------------------


def group(name, areas):
    formed = PromotionGroup.objects.create(name=name)
    formed.areas.set(areas)
    return formed


def test_a_months_dispatches_built_late_go_to_the_groups_of_its_end():
    first_area = unit("鲅鱼圈区", "BYQ", UnitKind.COUNTY)
    second_area = unit("盖州市", "GZ", UnitKind.COUNTY)
    park = unit("营口高新技术产业开发区", "GX", UnitKind.PARK)
    with at(dt.date(2026, 9, 1)):
        first = group("第一推进组", [first_area])
        second = group("第二推进组", [second_area])
        dissolved = group("第三推进组", [park])
    with at(dt.date(2026, 10, 8)):
        for area in (first_area, second_area, park):
            AssistanceCaseFactory(
                project=ProjectFactory(owner_unit=area, landing_unit=area, stage="construction"),
                team__lead_unit=area,
                opened_on=dt.date(2026, 10, 8),
            )

    def run(on_time):
        with at(dt.date(2026, 11, 1) if on_time else dt.date(2026, 11, 26)):
            jobs.assistance_dispatch(dt.date(2026, 10, 31))

    def change():
        with at(dt.date(2026, 11, 5)):
            first.name = "第一推进组（调整后）"
            first.save()
            first.areas.set([])
            second.areas.set([second_area, first_area])  # the area moved to another group
            dissolved.delete()
            group("第四推进组", [park])  # formed after the month

    on_time, late = built_again(run, "dispatch", "2026-10", change)
    assert sorted(title for title, *_rest in on_time.values()) == [
        "第一推进组2026年10月精准帮扶调度",
        "第三推进组2026年10月精准帮扶调度",
        "第二推进组2026年10月精准帮扶调度",
    ]
    assert on_time[f"group-{first.pk}"][1]["areas"] == ["鲅鱼圈区"]
    assert on_time[f"group-{second.pk}"][1]["areas"] == ["盖州市"]
    assert on_time[f"group-{first.pk}"][3] == [first_area.pk]
    assert late == on_time


# --- the day's deadline list (A-3, A-7) -------------------------------------------------------


def test_a_days_list_built_late_is_what_was_open_at_its_on_time_run():
    area = unit("鲅鱼圈区", "BYQ", UnitKind.COUNTY)
    day = dt.date(2026, 10, 19)  # a Monday
    with at(dt.date(2026, 10, 8)):
        case = AssistanceCaseFactory(
            project=ProjectFactory(name="港口物流项目", owner_unit=area, landing_unit=area)
        )
        solved_later = ProblemFactory(
            case=case,
            title="用地指标",
            raised_on=dt.date(2026, 10, 8),
            due_on=dt.date(2026, 10, 20),
        )
        ProblemFactory(
            case=case,
            title="供电接入",
            raised_on=dt.date(2026, 10, 8),
            due_on=dt.date(2026, 10, 16),
        )
        meeting = JointMeetingFactory(case=case, held_on=dt.date(2026, 10, 8))
        done_later = ActionItem.objects.create(
            meeting=meeting, owner_unit=area, description="协调用电", due_on=dt.date(2026, 10, 21)
        )

    def run(on_time):
        # On time: just after beat sent it at 07:30; late: a week later.
        with at(day, 7, 30, 5) if on_time else at(dt.date(2026, 10, 26)):
            jobs.assistance_deadlines(day)

    def change():
        with at(day, hour=11):  # after the on-time run, the same day
            solved_later.status = ProblemStatus.SOLVED
            solved_later.done_on = day
            solved_later.outcome = "已解决"
            solved_later.save()
            done_later.status = ActionStatus.DONE
            done_later.done_on = day
            done_later.save()
            ProblemFactory(case=case, title="环评批复", raised_on=day, due_on=day)
            case.project.name = "港口物流园项目"
            case.project.save()
            area.name = "鲅鱼圈经济技术开发区"
            area.save()

    on_time, late = built_again(run, "deadlines", "2026-10-19", change)
    lists = on_time["city"][1]
    assert [row["title"] for row in lists["late"]] == ["供电接入"]
    assert [row["title"] for row in lists["due"]] == ["用地指标", "协调用电"]
    assert {row["owner_unit"] for row in lists["due"]} == {"鲅鱼圈区"}
    assert late == on_time


@pytest.mark.parametrize("late", [False, True], ids=["on-time", "catch-up"])
def test_a_days_list_reads_a_fixed_number_of_queries(late):
    """Read from the current tables (nothing written since its moment) or from the history."""
    area = unit("鲅鱼圈区", "BYQ", UnitKind.COUNTY)
    day = dt.date(2026, 10, 19)
    made = []

    def add(n):
        with at(dt.date(2026, 10, 8)):
            for _ in range(n):
                case = AssistanceCaseFactory(
                    project=ProjectFactory(owner_unit=area, landing_unit=area)
                )
                made.append(ProblemFactory(case=case, due_on=day))
                meeting = JointMeetingFactory(case=case, held_on=dt.date(2026, 10, 8))
                ActionItem.objects.create(
                    meeting=meeting, owner_unit=area, description="协调", due_on=day
                )
        if late:
            with at(day, hour=11):
                made[0].save()  # a write after the moment: the history answers

    def call():
        with at(day, 7, 30, 5):
            return selectors.due_and_late(today=day, moment=local(day, 7, 30))

    assert_constant_queries(call, add, 2, 12)
