"""A department-led case (rule 4) the standard users relate to:

- bob (teammate fixture) is staff of the lead unit 营口市工业和信息化局, which negotiates;
- alice (owner fixture) is staff of 鲅鱼圈区, where the project lands: a cooperating unit;
- charlie (outsider fixture) is staff of 盖州市, not on the team.
"""

import datetime as dt

import pytest
import time_machine

from tests.factories import ProjectFactory
from tests.negotiation.factories import unit_leader
from yingkou.choices import LeaderRank, Stage

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def principal(department):
    return unit_leader(department, LeaderRank.PRINCIPAL, name="郭局长")


@pytest.fixture
def dept_project(area, department):
    return ProjectFactory(
        name="精细化工新材料项目",
        owner_unit=department,
        landing_unit=area,
        total_investment="20000.00",
        stage=Stage.RESERVE,
        industry="C26",
    )


@pytest.fixture
def case(dept_project, department, teammate, principal):
    from negotiation.services import negotiation_case_open

    return negotiation_case_open(
        project=dept_project,
        negotiating_unit=department,
        user=teammate,
        opened_on=dt.date(2026, 10, 8),
        investor="万华化学",
    )


@pytest.fixture
def task(case, teammate, area):
    """A task the lead unit hands to the landing area, at version 1 (N-3)."""
    from negotiation.services import team_task_assign

    return team_task_assign(
        case=case,
        user=teammate,
        title="出具规划条件",
        owner_unit=area,
        due_on=dt.date(2026, 12, 10),
    )
