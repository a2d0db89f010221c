"""§1 Working days: a calendar day entered, changed or removed by an administrator after due
dates were counted moves the open deadlines counted over it (E-3, E-4, N-4), keeps who and why
in their history and tells the unit that must act; a date a person set and an item already done
stay. 2026: National Day break 1-8 October, Saturday 10 October a make-up working day."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from enterprise import services as enterprise_services
from negotiation import services as negotiation_services
from negotiation.choices import QuestionKind
from tests.enterprise.factories import EnterpriseFactory
from tests.factories import UserFactory
from tests.negotiation.factories import open_case
from tests.yingkou.admin_forms import admin_messages
from yingkou.choices import NotificationKind, Role
from yingkou.models import CalendarDay, Notification

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def friday_before_the_break():
    with time_machine.travel(dt.datetime(2026, 9, 25, 2, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


@pytest.fixture
def complaint(area, owner):
    """Received Friday 25 September: 7 working days are 28, 29, 30 September and 8, 9, 10
    (the make-up Saturday) and 12 October."""
    return enterprise_services.complaint_receive(
        channel="phone",
        receiving_unit=area,
        received_on=D(2026, 9, 25),
        complainant_name="赵投诉",
        complainant_phone="13900001111",
        subject="施工许可办理超时",
        content="超过承诺时限。",
        user=owner,
    )


def _enter(client, day: dt.date, *, working: bool):
    data = {"date": day.isoformat(), "note": "调整"}
    if working:
        data["is_working_day"] = "on"
    return client.post(reverse("admin:yingkou_calendarday_add"), data)


def test_a_make_up_saturday_given_off_moves_a_complaint_s_reply_by_a_working_day(
    client, root, complaint, owner, smtp_server, django_capture_on_commit_callbacks
):
    assert complaint.due_on == D(2026, 10, 12)
    owner.email = "alice@byq.example.cn"
    owner.save()
    client.force_login(root)

    with django_capture_on_commit_callbacks(execute=True):
        response = _enter(client, D(2026, 10, 10), working=False)
        assert response.status_code == 302

    complaint.refresh_from_db()
    assert complaint.due_on == D(2026, 10, 13)
    latest = complaint.history.first()
    assert latest.history_user == root and "2026年10月10日" in latest.history_change_reason
    notice = Notification.objects.get(user=owner, kind=NotificationKind.DEADLINE_MOVED)
    assert notice.title == "投诉举报答复期限由10月12日调整为10月13日：施工许可办理超时"
    assert notice.body == "工作日历调整后10月10日为放假日，期限按规则重新计算。"
    assert smtp_server.to(owner.email)
    # The administrator reads what moved and who was told, under "added".
    assert admin_messages(response) == [
        "成功添加了 工作日历调整“2026-10-10 放假 调整”。",
        "工作日历已调整，按规则计算的在办期限（E-3、E-4、N-4）已重新计算：共 1 项，"
        f"已通知相关单位： （1）{notice.title}（已通知：鲅鱼圈区）",
    ]

    # The entry removed, the official calendar counts the Saturday again.
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    response = client.post(
        reverse("admin:yingkou_calendarday_delete", args=[day.pk]), {"post": "yes"}
    )
    complaint.refresh_from_db()
    assert complaint.due_on == D(2026, 10, 12)
    notice = Notification.objects.filter(kind=NotificationKind.DEADLINE_MOVED).latest("id")
    assert notice.body == "工作日历调整后10月10日为工作日，期限按规则重新计算。"
    assert admin_messages(response)[1].endswith(f"{notice.title}（已通知：鲅鱼圈区）")


def test_days_removed_together_say_what_moved_and_nothing_to_move_is_said_too(
    client, root, complaint
):
    client.force_login(root)
    _enter(client, D(2026, 10, 10), working=False)
    response = _enter(client, D(2026, 10, 20), working=False)  # after the reply is due
    assert admin_messages(response)[1] == (
        "工作日历已调整，按规则计算的在办期限（E-3、E-4、N-4）已重新计算："
        "没有期限跨过调整的日期，均未变更。"
    )

    days = CalendarDay.objects.values_list("pk", flat=True)
    response = client.post(
        reverse("admin:yingkou_calendarday_changelist"),
        {"action": "delete_selected", "_selected_action": list(days), "post": "yes"},
    )

    complaint.refresh_from_db()
    assert complaint.due_on == D(2026, 10, 12)
    assert admin_messages(response) == [
        "成功删除了 2 个 工作日历调整。",
        "工作日历已调整，按规则计算的在办期限（E-3、E-4、N-4）已重新计算：共 1 项，"
        "已通知相关单位： （1）投诉举报答复期限由10月13日调整为10月12日：施工许可办理超时"
        "（已通知：鲅鱼圈区）",
    ]


@pytest.mark.parametrize(
    ("day", "due"), [(D(2026, 10, 12), D(2026, 10, 13)), (D(2026, 10, 13), D(2026, 10, 12))]
)
def test_a_day_off_on_the_due_day_moves_it_and_one_after_it_does_not(
    client, root, complaint, day, due
):
    client.force_login(root)
    _enter(client, day, working=False)
    complaint.refresh_from_db()
    assert complaint.due_on == due


def test_a_policy_question_asked_before_the_break_follows_a_longer_break(
    client, root, area, department, teammate
):
    """N-4: asked 30 September, 3 days end 3 October in the break, so the next working day, 8
    October; a break extended over the 8th makes it the 9th."""
    from tests.factories import ProjectFactory

    case = open_case(
        negotiating_unit=department,
        project=ProjectFactory(owner_unit=department, landing_unit=area, stage="reserve"),
        user=teammate,
        opened_on=D(2026, 9, 1),
    )
    with time_machine.travel(dt.datetime(2026, 9, 30, 2, tzinfo=dt.UTC), tick=False):
        question = negotiation_services.investor_question_raise(
            case=case,
            user=teammate,
            kind=QuestionKind.POLICY,
            question="土地出让金能否分期缴纳？",
            owner_unit=department,
            asked_on=D(2026, 9, 30),
        )
    assert question.due_on == D(2026, 10, 8)
    client.force_login(root)

    _enter(client, D(2026, 10, 8), working=False)

    question.refresh_from_db()
    assert question.due_on == D(2026, 10, 9)
    assert Notification.objects.filter(
        user=teammate, kind=NotificationKind.DEADLINE_MOVED, title__contains="10月9日"
    ).exists()


def test_a_date_a_person_set_and_a_reply_given_stay(client, root, area, owner, complaint):
    enterprise = EnterpriseFactory(introducing_unit=area)
    counted = enterprise_services.problem_raise(
        enterprise=enterprise,
        user=owner,
        category="land",
        description="用地",
        raised_on=D(2026, 9, 25),
    )
    chosen = enterprise_services.problem_raise(
        enterprise=enterprise,
        user=owner,
        category="land",
        description="用地",
        raised_on=D(2026, 9, 25),
        due_on=D(2026, 10, 20),
    )
    enterprise_services.complaint_reply(complaint=complaint, user=owner, outcome="已书面答复")
    assert counted.due_on == D(2026, 10, 15)  # 10 working days, the make-up Saturday included
    client.force_login(root)

    _enter(client, D(2026, 10, 10), working=False)

    for record in (counted, chosen, complaint):
        record.refresh_from_db()
    assert counted.due_on == D(2026, 10, 16)
    assert chosen.due_on == D(2026, 10, 20)
    assert complaint.due_on == D(2026, 10, 12)
