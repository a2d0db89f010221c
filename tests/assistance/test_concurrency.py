"""Two requests released together never both act on one state, and neither is lost (issue 15):
problem steps, team decisions, coordination decisions, minutes and yearly plans."""

import datetime as dt

from django.urls import reverse

from assistance.choices import CoordinationStatus, TeamStatus, Tier
from assistance.models import (
    AssistancePlan,
    CoordinationEntry,
    CoordinationReport,
    Problem,
)
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory, ProblemFactory
from tests.concurrency import codes, postgres_only, race, race_pages
from tests.factories import LeaderFactory, ProjectFactory
from yingkou.choices import LeaderRank

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
    meeting = JointMeetingFactory(case=case, convened_by=leader, held_on=dt.date.today())
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


def test_a_yearly_plan_created_twice_together_through_the_api(area, owner, reviewer):
    """One is created; the other is a 409 — told the plan exists, or, when both found none,
    refused as any stale edit — and nothing is overwritten."""
    body = {"year": dt.date.today().year, "title": "帮扶方案", "is_published": False}
    first, second = race(
        (owner, "post", "/api/v1/assistance/plans/", {**body, "content": "甲的方案"}),
        (reviewer, "post", "/api/v1/assistance/plans/", {**body, "content": "乙的方案"}),
    )
    assert codes([first, second]) == [201, 409]
    loser = first if first.status_code == 409 else second
    assert any(words in loser.json()["detail"] for words in ("已存在", "已被他人修改或新建"))
    plan = AssistancePlan.objects.get(unit=area)
    assert plan.content == ("乙的方案" if loser is first else "甲的方案") and plan.version == 1


def test_approve_and_return_of_one_team_together(area, city_leader_user):
    leader = LeaderFactory(
        user=city_leader_user, unit=city_leader_user.unit, rank=LeaderRank.CITY_LEADER
    )
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area),
        team__lead_unit=area,
        team__lead_leader=leader,
        tier=Tier.CITY,
        team_status=TeamStatus.COMPILED,
    )
    url = f"/api/v1/assistance/projects/{case.pk}/"
    approved, returned = race(
        (city_leader_user, "post", url + "approve/", {}),
        (city_leader_user, "post", url + "return/", {"comment": "请补充成员单位"}),
    )
    assert codes([approved, returned]) == [200, 400]
    case.refresh_from_db()
    if approved.status_code == 200:
        assert case.team_status == TeamStatus.APPROVED and not case.team_comment
    else:
        assert case.team_status == TeamStatus.RETURNED and case.team_comment == "请补充成员单位"


def test_two_decisions_on_one_line_together(area, owner, drc, city_leader_user):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    report = CoordinationReport.objects.create(
        year=2026, number=1, title="建议名单", compiled_by=drc, compiled_on=dt.date.today()
    )
    entry = CoordinationEntry.objects.create(
        case=case,
        proposing_unit=area,
        involved_unit=drc.unit,
        matter="协调电力接入",
        proposed_by=owner,
        proposed_on=dt.date.today(),
        status=CoordinationStatus.REPORTED,
        report=report,
    )
    url = f"/api/v1/assistance/coordination/{entry.pk}/decide/"
    first, second = race(
        (city_leader_user, "post", url, {"agreed": True, "decision": "同意"}),
        (drc, "post", url, {"agreed": False, "decision": "暂缓"}),
    )
    assert codes([first, second]) == [200, 400]
    entry.refresh_from_db()
    if first.status_code == 200:
        assert (entry.status, entry.decision) == (CoordinationStatus.AGREED, "同意")
    else:
        assert (entry.status, entry.decision) == (CoordinationStatus.DECLINED, "暂缓")
