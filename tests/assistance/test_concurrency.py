"""Solve and escalate of one problem released together: neither result is lost (issue 15)."""

import datetime as dt

from django.urls import reverse

from assistance.models import AssistancePlan, JointMeeting, Problem
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.concurrency import codes, postgres_only, race, race_pages
from tests.factories import LeaderFactory, ProjectFactory

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
    assert problem.status == "solved" and problem.outcome == "已协调解决"
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


def test_two_minutes_edits_of_one_version_together(area, city_leader_user):
    leader = LeaderFactory(user=city_leader_user, unit=city_leader_user.unit)
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        team__lead_unit=area,
        team__lead_leader=leader,
    )
    meeting = JointMeeting.objects.create(case=case, convened_by=leader, held_on=dt.date.today())
    url = reverse("assistance:meeting_minutes", args=[meeting.pk])
    first, second = race_pages(
        (city_leader_user, url, {"minutes": "甲", "decisions": "甲的议定事项", "version": 1}),
        (city_leader_user, url, {"minutes": "乙", "decisions": "乙的议定事项", "version": 1}),
    )
    assert codes([first, second]) == [200, 302]
    loser = first if first.status_code == 200 else second
    assert "已被他人修改" in loser.content.decode()
    meeting.refresh_from_db()
    assert meeting.version == 2
    assert meeting.minutes == ("乙" if loser is first else "甲")


def test_a_yearly_plan_created_twice_together(area, owner, reviewer):
    url = reverse("assistance:plan")
    data = {"year": dt.date.today().year, "title": "帮扶方案", "version": 0}
    first, second = race_pages(
        (owner, url, {**data, "content": "甲的方案"}),
        (reviewer, url, {**data, "content": "乙的方案"}),
    )
    assert codes([first, second]) == [200, 302]
    loser = first if first.status_code == 200 else second
    assert "已被他人修改" in loser.content.decode()
    plan = AssistancePlan.objects.get(unit=area)
    assert plan.content == ("乙的方案" if loser is first else "甲的方案") and plan.version == 1
