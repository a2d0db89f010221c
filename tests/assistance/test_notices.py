"""Who the assistance app tells: owner units of due and late problems and action items (A-3,
A-7), the assisting leader of an escalated problem (A-3), the areas and members of a promotion
group of its monthly dispatch (A-4) and the city government of the monthly report (A-8)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from assistance import jobs, services
from assistance.choices import ProblemStatus
from assistance.models import ActionItem
from tests.assistance.factories import (
    AssistanceCaseFactory,
    JointMeetingFactory,
    ProblemFactory,
    promotion_group,
)
from tests.factories import LeaderFactory, ProjectFactory, UserFactory
from yingkou.choices import NotificationKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def case(area):
    return AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area, stage="construction"),
        team__lead_unit=area,
    )


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_due_and_late_problems_go_once_to_the_owner_unit(case, owner, reviewer, outsider):
    late = ProblemFactory(case=case, title="供电接入逾期", due_on=dt.date(2026, 11, 25))
    soon = ProblemFactory(case=case, title="用地预审", due_on=dt.date(2026, 11, 29))
    # Thursday 26 November: Friday, Monday and Tuesday are the 3 working days ahead.
    ProblemFactory(case=case, title="尚早", due_on=dt.date(2026, 12, 2))
    ProblemFactory(
        case=case,
        title="已解决",
        due_on=dt.date(2026, 11, 20),
        status=ProblemStatus.SOLVED,
        done_on=dt.date(2026, 11, 19),
    )

    jobs.assistance_deadlines(TODAY)
    jobs.assistance_deadlines(TODAY)

    assert _told(NotificationKind.ITEM_OVERDUE) == ["alice", "alice_boss"]
    assert _told(NotificationKind.ITEM_DUE) == ["alice", "alice_boss"]
    overdue = Notification.objects.get(user=owner, kind=NotificationKind.ITEM_OVERDUE)
    assert overdue.key == f"assistance:problem:{late.pk}:overdue:2026-11-25"
    assert overdue.url == reverse("assistance:problem", args=[late.pk])
    assert "供电接入逾期" in overdue.title
    due = Notification.objects.get(user=owner, kind=NotificationKind.ITEM_DUE)
    assert due.key == f"assistance:problem:{soon.pk}:coming:2026-11-29"
    assert "11月29日" in due.title


def test_a_late_action_item_goes_to_its_owner_unit(case, owner, teammate, department):
    meeting = JointMeetingFactory(
        case=case, convened_by=LeaderFactory(), held_on=dt.date(2026, 11, 10)
    )
    item = ActionItem.objects.create(
        meeting=meeting,
        description="完成66千伏线路接入",
        owner_unit=department,
        due_on=dt.date(2026, 11, 20),
    )
    jobs.assistance_deadlines(TODAY)
    [notice] = Notification.objects.all()
    assert notice.user == teammate
    assert notice.kind == NotificationKind.ITEM_OVERDUE
    assert notice.key == f"assistance:action:{item.pk}:overdue:2026-11-20"
    assert notice.url == reverse("assistance:meeting", args=[meeting.pk])


def test_an_escalated_problem_goes_to_the_assisting_leader(case, owner, city_leader_user):
    mayor_deputy = UserFactory(username="deputy", role="city_leader", unit=city_leader_user.unit)
    case.team.lead_leader = LeaderFactory(user=mayor_deputy, unit=city_leader_user.unit)
    case.team.save()
    problem = ProblemFactory(case=case, title="用地指标不足")

    services.problem_escalate(problem=problem, user=owner, reason="涉及省级用地指标")

    [notice] = Notification.objects.filter(kind=NotificationKind.ESCALATION)
    assert notice.user == mayor_deputy
    assert "用地指标不足" in notice.title
    assert "涉及省级用地指标" in notice.body


def test_without_a_leader_login_the_city_government_is_told(case, owner, city_leader_user):
    problem = ProblemFactory(case=case)
    services.problem_escalate(problem=problem, user=owner, reason="涉及省级用地指标")
    assert _told(NotificationKind.ESCALATION) == ["mayor"]


def test_a_local_cases_own_leader_does_not_receive_for_the_city_government(
    case, owner, city_leader_user
):
    # The district head leads the team that could not solve the problem: reporting it to the
    # city government must reach the city government, not come back to him.
    district_head = UserFactory(username="head", role="unit_reviewer", unit=case.team.lead_unit)
    case.team.lead_leader = LeaderFactory(
        user=district_head, unit=case.team.lead_unit, rank="principal", title="区长"
    )
    case.team.save()
    problem = ProblemFactory(case=case)
    services.problem_escalate(problem=problem, user=owner, reason="涉及省级用地指标")
    assert _told(NotificationKind.ESCALATION) == ["mayor"]


def test_the_city_governments_instruction_goes_to_the_lead_and_owner_units(
    case, owner, reviewer, teammate, outsider, city_leader_user
):
    problem = ProblemFactory(case=case, title="用地指标不足", owner_unit=teammate.unit)
    services.problem_escalate(problem=problem, user=owner, reason="涉及省级用地指标")
    Notification.objects.all().delete()

    services.problem_instruct(
        problem=problem, user=city_leader_user, instruction="请市自然资源局一周内向省厅汇报"
    )

    assert _told(NotificationKind.ESCALATION) == ["alice", "alice_boss", "bob"]
    notice = Notification.objects.get(user=owner)
    assert notice.title == "市政府对上报问题的意见：用地指标不足"
    assert "请市自然资源局一周内向省厅汇报" in notice.body
    assert notice.url == reverse("assistance:problem", args=[problem.pk])


def test_the_monthly_dispatch_goes_once_to_the_groups_areas_and_members(
    case, owner, drc, outsider, city_leader_user
):
    promotion_group("第一推进组", [owner.unit], head=drc)
    day = dt.date(2026, 10, 31)

    jobs.assistance_dispatch(day)
    jobs.assistance_dispatch(day)

    told = _told(NotificationKind.CIRCULAR)
    assert told.count("alice") == 1
    assert "drc" in told
    assert "mayor" in told  # the city report
    assert "charlie" not in told
    notice = Notification.objects.get(user=owner)
    assert notice.title == "第一推进组2026年10月精准帮扶调度已发布"
    assert notice.url.startswith("/assistance/reports/")


def test_the_daily_deadline_notices_take_the_same_queries_for_many_problems(case, owner):
    """At city scale the job tells of some 18,000 late problems: one query set for all of
    them, not four queries each (it took three minutes)."""
    from assistance import notices
    from tests.queries import count_queries

    def add(n):
        for _ in range(n):
            ProblemFactory(case=case, due_on=dt.date(2026, 11, 20))

    def told():
        Notification.objects.all().delete()
        return count_queries(lambda: notices.deadline_notices(TODAY))

    add(2)
    few = told()
    add(30)
    assert told() == few
    assert Notification.objects.filter(user=owner).count() == 32
