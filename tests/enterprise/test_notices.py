"""Who the enterprise app tells: the unit that must act on a problem, coordinated action,
complaint or policy promise due soon, due today or late (E-3, E-4, E-6), and the unit a problem
or complaint is handed to. The due-soon boundaries: tests/yingkou/test_deadline_notices_due_soon.py."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise import jobs, services
from tests.enterprise.factories import ComplaintFactory, EnterpriseFactory
from tests.factories import UserFactory
from yingkou.choices import NotificationKind, Role
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _today(frozen_today):
    pass


@pytest.fixture
def enterprise(area):
    return EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area)


def _problem(enterprise, owner, due_on):
    return services.problem_raise(
        enterprise=enterprise,
        user=owner,
        category="funds",
        description="流动资金贷款难",
        raised_on=dt.date(2026, 11, 2),
        due_on=due_on,
    )


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_due_and_late_problems_go_once_to_the_owner_unit(enterprise, owner, reviewer, outsider):
    due = _problem(enterprise, owner, TODAY)
    late = _problem(enterprise, owner, dt.date(2026, 11, 20))
    _problem(enterprise, owner, dt.date(2026, 12, 2))  # 4 working days ahead: not yet

    jobs.deadlines(TODAY)
    jobs.deadlines(TODAY)

    assert _told(NotificationKind.ITEM_DUE) == ["alice", "alice_boss"]
    assert _told(NotificationKind.ITEM_OVERDUE) == ["alice", "alice_boss"]
    notice = Notification.objects.get(user=owner, kind=NotificationKind.ITEM_DUE)
    assert notice.key == f"enterprise:problem:{due.pk}:today:{due.due_on.isoformat()}"
    assert notice.url == reverse("enterprise:problem", args=[due.pk])
    assert "营口港精细化工有限公司" in notice.title
    late_notice = Notification.objects.get(user=owner, kind=NotificationKind.ITEM_OVERDUE)
    assert late_notice.key == f"enterprise:problem:{late.pk}:overdue:{late.due_on.isoformat()}"


def test_a_late_coordinated_action_goes_to_the_department_asked(
    enterprise, owner, teammate, department
):
    problem = _problem(enterprise, owner, dt.date(2026, 12, 10))
    action = services.problem_request_action(
        problem=problem, user=owner, unit=department, task="出具用地意见", due_on=TODAY
    )
    jobs.deadlines(TODAY + dt.timedelta(days=1))  # run the next morning: now late
    [notice] = Notification.objects.all()
    assert notice.user == teammate
    assert notice.key == f"enterprise:action:{action.pk}:overdue:{action.due_on.isoformat()}"


def test_an_unanswered_complaint_past_its_deadline_goes_to_the_handling_unit(area, owner, outsider):
    complaint = ComplaintFactory(receiving_unit=area, due_on=dt.date(2026, 11, 25))
    ComplaintFactory(
        receiving_unit=area, due_on=dt.date(2026, 11, 20), done_on=dt.date(2026, 11, 19)
    )
    jobs.deadlines(TODAY)
    [notice] = Notification.objects.all()
    assert notice.user == owner
    assert notice.kind == NotificationKind.ITEM_OVERDUE
    assert notice.url == reverse("enterprise:complaint", args=[complaint.pk])
    assert "审批拖延" in notice.title


def test_a_problem_handed_on_goes_to_its_new_owner(enterprise, owner, teammate, department):
    problem = _problem(enterprise, owner, dt.date(2026, 12, 10))
    services.problem_hand_on(problem=problem, user=owner, to_unit=department, reason="属于工信职责")
    [notice] = Notification.objects.filter(kind=NotificationKind.HANDED_OVER)
    assert notice.user == teammate
    assert "属于工信职责" in notice.body and "办结时限：2026年12月10日" in notice.body


def test_a_transferred_complaint_goes_to_the_unit_that_must_answer(supervisor, area, owner):
    complaint = ComplaintFactory(receiving_unit=supervisor.unit, due_on=dt.date(2026, 12, 4))
    services.complaint_transfer(complaint=complaint, user=supervisor, to_unit=area)
    assert _told(NotificationKind.HANDED_OVER) == ["alice"]
    notice = Notification.objects.get(kind=NotificationKind.HANDED_OVER)
    assert notice.body == "答复期限：2026年12月4日"


def test_an_online_complaint_goes_to_the_receiving_office(supervisor, owner):
    services.complaint_receive(
        channel="online",
        receiving_unit=supervisor.unit,
        received_on=TODAY,
        complainant_name="赵投诉",
        complainant_phone="13900001111",
        subject="审批拖延",
        content="办理施工许可超过承诺时限。",
    )
    assert _told(NotificationKind.HANDED_OVER) == ["supervisor"]


def test_a_complaint_recorded_by_the_handling_unit_itself_tells_nobody(supervisor):
    colleague = UserFactory(username="colleague", role=Role.SUPERVISOR, unit=supervisor.unit)
    services.complaint_receive(
        channel="phone",
        receiving_unit=supervisor.unit,
        received_on=TODAY,
        complainant_name="赵投诉",
        complainant_phone="13900001111",
        subject="审批拖延",
        content="办理施工许可超过承诺时限。",
        user=colleague,
    )
    assert not Notification.objects.exists()


@pytest.mark.parametrize("accepted", [True, False])
def test_a_reply_the_complainant_rejects_goes_back_to_the_handling_unit(
    supervisor, area, owner, accepted
):
    """E-4, E-7: the complaint is handled again, within a fresh limit that the daily reminder
    tells of only once it comes near: the reopening itself must tell the handling unit."""
    complaint = ComplaintFactory(receiving_unit=area, due_on=dt.date(2026, 11, 20))
    jobs.deadlines(dt.date(2026, 11, 25))
    services.complaint_reply(complaint=complaint, user=owner, outcome="已书面答复")
    before = set(Notification.objects.values_list("pk", flat=True))

    services.complaint_feedback(complaint=complaint, user=supervisor, accepted=accepted)
    jobs.deadlines(TODAY)

    told = Notification.objects.filter(user=owner).exclude(pk__in=before)
    if accepted:
        assert not told.exists()
        return
    [notice] = told
    assert notice.kind == NotificationKind.HANDED_OVER
    assert notice.title == "投诉人不认可答复，请重新办理：审批拖延"
    assert notice.url == reverse("enterprise:complaint", args=[complaint.pk])


def test_a_late_transferred_complaint_is_followed_up_by_the_unit_that_transferred_it(
    supervisor, area, owner, outsider
):
    """E-4 (上一级…按照时限跟踪督办): the handling unit is told the complaint is late, and the
    office that transferred it to that unit is told once to follow it up; not before it is
    late, and not of a complaint it never transferred."""
    late = ComplaintFactory(receiving_unit=supervisor.unit, due_on=dt.date(2026, 11, 25))
    due_today = ComplaintFactory(receiving_unit=supervisor.unit, due_on=TODAY)
    for complaint in (late, due_today):
        services.complaint_transfer(complaint=complaint, user=supervisor, to_unit=area)
    ComplaintFactory(receiving_unit=outsider.unit, due_on=dt.date(2026, 11, 25))
    Notification.objects.all().delete()
    jobs.deadlines(TODAY)
    jobs.deadlines(TODAY)
    [followup] = Notification.objects.filter(user=supervisor)
    assert followup.kind == NotificationKind.ITEM_OVERDUE
    assert followup.title.startswith("转办的投诉举报已逾期（11月25日到期）：")
    assert followup.body == f"承办单位：{area}。请按时限跟踪督办。"
    assert followup.url == reverse("enterprise:complaint", args=[late.pk])
    assert Notification.objects.filter(user=owner, kind=NotificationKind.ITEM_OVERDUE).count() == 1


def test_the_follow_up_goes_to_the_last_unit_that_passed_the_complaint_on(
    supervisor, area, owner, department, teammate
):
    """Transferred twice (office → county → department), the county follows it up: the office
    is the county's upper level, not the department's."""
    complaint = ComplaintFactory(receiving_unit=supervisor.unit, due_on=dt.date(2026, 11, 25))
    services.complaint_transfer(complaint=complaint, user=supervisor, to_unit=area)
    services.complaint_transfer(complaint=complaint, user=owner, to_unit=department)
    Notification.objects.all().delete()
    jobs.deadlines(TODAY)
    told = Notification.objects.filter(kind=NotificationKind.ITEM_OVERDUE)
    assert sorted(told.values_list("user__username", "title")) == sorted(
        [
            (owner.username, f"转办的投诉举报已逾期（11月25日到期）：{complaint.subject}"),
            (teammate.username, f"投诉举报答复已逾期（11月25日到期）：{complaint.subject}"),
        ]
    )
