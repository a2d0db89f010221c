"""Who the negotiation app tells: owner units of due and late questions and tasks (N-3, N-4) and
the units named in the monthly circular (N-6). Escalated questions: test_escalation.py."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from negotiation import services
from negotiation.choices import QuestionKind
from negotiation.jobs import monthly_circular, question_deadlines
from yingkou.choices import NotificationKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


def _question(case, user, unit, asked_on, kind=QuestionKind.POLICY, **kwargs):
    return services.investor_question_raise(
        case=case,
        user=user,
        kind=kind,
        question="土地指标如何落实",
        owner_unit=unit,
        asked_on=asked_on,
        **kwargs,
    )


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_due_and_late_questions_go_once_to_the_owner_unit(case, owner, teammate, outsider, area):
    due_today = _question(case, owner, area, dt.date(2026, 11, 23))
    late = _question(case, owner, area, dt.date(2026, 11, 20))

    question_deadlines(TODAY)
    question_deadlines(TODAY)

    assert _told(NotificationKind.ITEM_DUE) == ["alice"]
    assert _told(NotificationKind.ITEM_OVERDUE) == ["alice"]
    due = Notification.objects.get(kind=NotificationKind.ITEM_DUE)
    assert due.key == f"negotiation:question:{due_today.pk}:today:{due_today.due_on.isoformat()}"
    assert due.url == reverse("negotiation:detail", args=[case.pk])
    assert "今日到期" in due.title
    overdue = Notification.objects.get(kind=NotificationKind.ITEM_OVERDUE)
    assert overdue.key == f"negotiation:question:{late.pk}:overdue:{late.due_on.isoformat()}"
    assert "11月23日" in overdue.title


def test_an_answered_question_is_not_chased(case, owner, area):
    question = _question(case, owner, area, dt.date(2026, 11, 20))
    services.investor_question_answer(
        question=question,
        user=owner,
        outcome="已答复",
        answered_on=dt.date(2026, 11, 21),
        done_on=dt.date(2026, 11, 21),
    )
    question_deadlines(TODAY)
    assert not Notification.objects.exists()


def test_a_catch_up_run_of_an_old_day_tells_nobody(case, owner, area):
    _question(case, owner, area, dt.date(2026, 11, 10))
    question_deadlines(dt.date(2026, 11, 13))
    assert not Notification.objects.exists()


def test_due_and_late_team_tasks_go_to_the_owner_unit(case, owner, teammate, area):
    task = services.team_task_assign(
        case=case, user=teammate, title="协调用地预审", owner_unit=area, due_on=TODAY
    )
    question_deadlines(TODAY)
    deadlines = Notification.objects.exclude(kind=NotificationKind.HANDED_OVER)  # the assignment
    [notice] = deadlines
    assert notice.user == owner
    assert notice.kind == NotificationKind.ITEM_DUE
    assert notice.key == f"negotiation:task:{task.pk}:today:{task.due_on.isoformat()}"
    assert "协调用地预审" in notice.title

    services.team_task_update(task=task, user=owner, status="done", outcome="已完成")
    question_deadlines(TODAY + dt.timedelta(days=1))
    assert deadlines.count() == 1


def test_the_circular_goes_once_to_the_units_it_names(case, teammate, owner, outsider):
    # The circular is built as of the month's end: the case exists from "today", 26 November.
    with time_machine.travel(dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        monthly_circular(dt.date(2026, 11, 30))
        monthly_circular(dt.date(2026, 11, 30))
    assert _told(NotificationKind.CIRCULAR) == ["bob"]
    notice = Notification.objects.get()
    assert notice.url == reverse("negotiation:circular", args=["2026-11"])
    assert notice.title == "2026年11月洽谈项目通报已发布"


def test_a_question_raised_for_another_team_unit_is_told_at_once(case, owner, teammate, area):
    """N-4: the owner unit learns of a 3-day question when it is raised, not on its last day."""
    _question(case, teammate, area, dt.date(2026, 11, 25))

    notice = Notification.objects.get(kind=NotificationKind.HANDED_OVER)
    assert notice.user == owner
    assert notice.url == reverse("negotiation:detail", args=[case.pk])
    assert "投资方问题请贵单位答复" in notice.title
    assert "2026年11月30日" in notice.body  # 3 days from 25 November: Saturday, then Monday


def test_a_question_for_the_raisers_own_unit_tells_no_one(case, owner, area):
    _question(case, owner, area, dt.date(2026, 11, 25))

    assert not Notification.objects.filter(kind=NotificationKind.HANDED_OVER).exists()


def test_a_task_assigned_to_a_team_unit_is_told_at_once(case, owner, teammate, area):
    """N-3: the lead unit's task reaches the unit it is assigned to when it is assigned."""
    services.team_task_assign(
        case=case, user=teammate, title="提供用地规划条件", owner_unit=area, due_on=TODAY
    )

    notice = Notification.objects.get(kind=NotificationKind.HANDED_OVER)
    assert notice.user == owner
    assert "交办任务请贵单位办理：提供用地规划条件" in notice.title
    assert notice.url == reverse("negotiation:detail", args=[case.pk])


def _joined():
    return Notification.objects.filter(kind=NotificationKind.HANDED_OVER)


def test_opening_a_case_tells_the_cooperating_landing_area(owner, teammate, case):
    """N-2, N-3: the landing area the rule makes a cooperating unit learns it is on the team;
    the lead unit that opened the case is not told of its own case."""
    [notice] = _joined()
    assert notice.user == owner
    assert notice.title == "请贵单位配合洽谈项目：精细化工新材料项目"
    assert "营口市工业和信息化局" in notice.body
    assert notice.url == reverse("negotiation:detail", args=[case.pk])


def test_a_unit_brought_into_the_team_is_told_once(outsider, case, teammate, other_area):
    services.negotiation_team_add_unit(case=case, unit=other_area, user=teammate)
    services.negotiation_team_add_unit(case=case, unit=other_area, user=teammate)
    [notice] = _joined().filter(user=outsider)
    assert "精细化工新材料项目" in notice.title


def test_a_lead_leader_with_a_login_is_told_of_the_case(dept_project, department, teammate):
    from tests.factories import UserFactory
    from tests.negotiation.factories import open_case, unit_leader
    from yingkou.choices import Role

    principal = unit_leader(department, name="郭局长")
    principal.user = UserFactory(username="guo", role=Role.UNIT_REVIEWER, unit=department)
    principal.save()
    case = open_case(negotiating_unit=department, project=dept_project, user=teammate)
    [notice] = _joined().filter(user__username="guo")
    assert notice.title == "您被确定为洽谈项目牵头领导：精细化工新材料项目"
    assert notice.url == reverse("negotiation:detail", args=[case.pk])


def test_the_team_form_tells_only_the_units_it_adds(
    owner, outsider, case, teammate, principal, area, other_area
):
    services.negotiation_team_update(
        case=case,
        user=teammate,
        lead_leader=principal,
        cooperating_units=[area, other_area],
        main_negotiating_unit=None,
        service_liaison=teammate,
    )
    assert _joined().filter(user=owner).count() == 1  # told when the case opened, not again
    assert _joined().filter(user=outsider).count() == 1


def _reported(case, teammate, department):
    return _question(
        case,
        teammate,
        department,
        dt.date(2026, 11, 25),
        kind=QuestionKind.CITY,
        due_on=dt.date(2026, 12, 10),
    )


def test_a_question_for_the_city_government_reaches_it_when_reported(
    case, teammate, department, principal, city_leader_user
):
    """N-4 (由牵头单位及时上报市政府): the lead unit reports it; a case its department's principal
    leads (rule 4) has no city leader on it, so the city government's people are told, at once,
    not only once it is escalated unanswered."""
    question = _reported(case, teammate, department)

    [notice] = Notification.objects.filter(kind=NotificationKind.ESCALATION)
    assert notice.user == city_leader_user
    assert notice.key == f"negotiation:question:{question.pk}:reported"
    # The question's own page: the city government's people other than its leaders are on no
    # team and could not open the case.
    assert notice.url == reverse("negotiation:question", args=[question.pk])
    assert "牵头单位上报市政府的投资方问题" in notice.title
    assert "营口市工业和信息化局" in notice.body and "2026年12月10日" in notice.body


def test_a_city_leader_leading_the_team_receives_it_for_the_city(
    case, teammate, department, city_leader_user
):
    from negotiation.models import NegotiationCase
    from tests.factories import UserFactory
    from tests.negotiation.factories import city_leader
    from yingkou.choices import Role
    from yingkou.models import Team

    vice_mayor = city_leader(name="王副市长", units=[department])
    vice_mayor.user = UserFactory(
        username="wang", role=Role.CITY_LEADER, unit=city_leader_user.unit
    )
    vice_mayor.save()
    Team.objects.filter(pk=case.team_id).update(lead_leader=vice_mayor)
    case = NegotiationCase.objects.get(pk=case.pk)

    _reported(case, teammate, department)

    assert _told(NotificationKind.ESCALATION) == ["wang"]


def test_other_questions_stay_with_the_team(case, owner, area, city_leader_user):
    _question(case, owner, area, dt.date(2026, 11, 25))
    assert not Notification.objects.filter(kind=NotificationKind.ESCALATION).exists()
