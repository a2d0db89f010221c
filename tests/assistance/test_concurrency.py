"""Solve and escalate of one problem released together: neither result is lost (issue 15)."""

from assistance.models import Problem
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.concurrency import codes, postgres_only, race
from tests.factories import ProjectFactory

pytestmark = postgres_only


def test_solve_and_escalate_together(area, owner):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    problem = ProblemFactory(case=case)
    url = f"/api/v1/assistance/problems/{problem.pk}/"
    solved, escalated = race(
        (owner, "post", url + "solve/", {"resolution": "已协调解决"}),
        (owner, "post", url + "escalate/", {"reason": "需市级统筹资金"}),
    )
    assert solved.status_code == 200
    problem = Problem.objects.get(pk=problem.pk)
    assert problem.status == "solved" and problem.resolution == "已协调解决"
    if escalated.status_code == 200:
        # Escalated first, then solved: both facts kept, the escalation not overwritten.
        assert problem.escalated and problem.escalation_reason == "需市级统筹资金"
    else:
        assert codes([escalated]) == [400] and not problem.escalated


def test_two_solves_together(area, owner, reviewer):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    problem = ProblemFactory(case=case)
    url = f"/api/v1/assistance/problems/{problem.pk}/solve/"
    first, second = race(
        (owner, "post", url, {"resolution": "甲"}),
        (reviewer, "post", url, {"resolution": "乙"}),
    )
    assert codes([first, second]) == [200, 400]
