"""A-3, A-5, A-7 after a leader is changed in the admin: what waits on him for a role he no longer
holds is shown as such and the units concerned are told whom to ask now. Who receives an
escalation is routing and follows the case's assisting leader; what a department or a meeting
named (its leader in charge, its convener) is kept and marked, never rewritten."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assistance import services
from assistance.choices import TeamStatus, Tier
from tests.assistance.factories import AssistanceCaseFactory, JointMeetingFactory, ProblemFactory
from tests.conftest import api_as
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from tests.leaders import save_leader
from tests.refusals import field_reasons, shown_form
from yingkou.choices import LeaderRank, NotificationKind, Role, UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db

# 10 o'clock in Yingkou (UTC+8) on Tuesday 10 November 2026, and the day after.
TUESDAY = dt.datetime(2026, 11, 10, 2, tzinfo=dt.UTC)
WEDNESDAY = dt.datetime(2026, 11, 11, 2, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _tuesday():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


@pytest.fixture
def city_government(city_leader_user):
    return city_leader_user.unit


@pytest.fixture
def clerk(city_government):
    """Staff of the city government, who receive what is reported to it (上报市政府)."""
    return UserFactory(username="szf_clerk", role=Role.UNIT_STAFF, unit=city_government)


@pytest.fixture
def vice_mayor(city_government):
    account = UserFactory(username="vice_mayor", role=Role.CITY_LEADER, unit=city_government)
    return LeaderFactory(name="周副市长", unit=city_government, user=account)


@pytest.fixture
def city_case(area, department, vice_mayor):
    """A city-tier case at exactly 5亿 that 周副市长 assists, with its industry department."""
    project = ProjectFactory(
        name="港口物流园", owner_unit=area, landing_unit=area, total_investment=Decimal("50000.00")
    )
    head = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    case = AssistanceCaseFactory(
        project=project, tier=Tier.CITY, responsible_leader=head, team__lead_unit=area
    )
    case.team.lead_leader = vice_mayor
    case.team.save()
    case.team.cooperating_units.set([department])
    return case


def _told(user, title_part=""):
    return [
        n
        for n in Notification.objects.filter(user=user, kind=NotificationKind.PERSON_CHANGED)
        if title_part in n.title
    ]


def _escalated(case, owner, title):
    problem = ProblemFactory(case=case, title=title)
    return services.problem_escalate(problem=problem, user=owner, reason="用地指标需市政府协调。")


# --- escalations: routing follows the assisting leader ----------------------------------


def test_an_escalation_waiting_on_a_vice_mayor_who_left_the_city_leaders_goes_to_the_city(
    client, root, city_case, vice_mayor, owner, drc, clerk, department
):
    waiting = _escalated(city_case, owner, "用地指标")
    answered = _escalated(city_case, owner, "环评批复")
    services.problem_instruct(problem=answered, user=drc, instruction="由自然资源局牵头办理。")
    not_escalated = ProblemFactory(case=city_case, title="供电线路")
    in_charge = LeaderFactory(name="吴副市长", unit=vice_mayor.unit)
    in_charge.portfolio_units.set([city_case.team.lead_unit])
    assert Notification.objects.filter(user=vice_mayor.user, kind="escalation").count() == 2
    client.force_login(root)

    save_leader(client, vice_mayor, rank=LeaderRank.PRINCIPAL, unit=department.pk)

    city_case.refresh_from_db()
    assert city_case.team.lead_leader is None
    page = client.get(reverse("assistance:problem", args=[waiting.pk])).content.decode()
    assert "<dt>接收</dt><dd>市政府</dd>" in page
    row = api_as(drc).get(f"/api/v1/assistance/problems/{waiting.pk}/").json()
    assert row["escalation_receiver"] == "市政府" and row["escalation_receiving_leader"] is None
    waiting.refresh_from_db()
    assert waiting.escalated and waiting.escalation_reason == "用地指标需市政府协调。"
    for user in (clerk, owner, drc):
        (notice,) = _told(user, "上报市政府的问题改由市政府接收")
        assert notice.title == "上报市政府的问题改由市政府接收：用地指标"
        assert notice.url == reverse("assistance:problem", args=[waiting.pk])
    assert "吴副市长" in _told(clerk, "改由")[0].body
    # Only what still waits for the city's instruction is routed anew.
    routed = Notification.objects.filter(title__startswith="上报市政府的问题改由")
    assert {n.url for n in routed} == {reverse("assistance:problem", args=[waiting.pk])}
    assert answered.city_instruction and not not_escalated.escalated


def test_a_retired_vice_mayor_still_receives_what_was_reported_to_him(
    client, root, city_case, vice_mayor, owner, clerk
):
    """A-2: 包括部分退休副市级以上领导 — retiring does not end his assistance, nor his escalations."""
    waiting = _escalated(city_case, owner, "用地指标")
    client.force_login(root)

    save_leader(client, vice_mayor, is_retired="on")

    page = client.get(reverse("assistance:problem", args=[waiting.pk])).content.decode()
    assert f"<dt>接收</dt><dd>{vice_mayor}</dd>" in page
    assert not Notification.objects.filter(kind=NotificationKind.PERSON_CHANGED).exists()


def test_an_area_leader_made_a_city_leader_now_receives_his_local_case_s_escalations(
    client, root, area, owner, city_government, clerk
):
    """A-3: a local case's escalations go to the city government until its assisting leader is
    a city leader; then to him, and he is told of those still waiting."""
    account = UserFactory(username="promoted", role=Role.CITY_LEADER, unit=city_government)
    leader = LeaderFactory(
        name="郑区长", rank=LeaderRank.PRINCIPAL, unit=area, title="区长", user=account
    )
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    case.team.lead_leader = leader
    case.team.save()
    waiting = _escalated(case, owner, "动迁补偿")
    assert Notification.objects.filter(user=clerk, kind="escalation").exists()
    client.force_login(root)

    save_leader(client, leader, rank=LeaderRank.CITY_LEADER, unit=city_government.pk)

    case.refresh_from_db()
    assert case.team.lead_leader == leader  # a city leader may lead a local case
    (notice,) = _told(account, "改由")
    assert notice.title == "上报市政府的问题改由郑区长接收：动迁补偿"
    row = api_as(owner).get(f"/api/v1/assistance/problems/{waiting.pk}/").json()
    assert row["escalation_receiving_leader"] == leader.pk
    assert not _told(clerk, "改由")


# --- a list compiled for him waits on him no more ---------------------------------------


def test_a_list_compiled_for_a_vice_mayor_who_left_goes_back_and_the_drc_is_told(
    client, root, city_case, vice_mayor, drc, owner, department
):
    city_case.team_status = TeamStatus.COMPILED
    city_case.save()
    in_charge = LeaderFactory(name="吴副市长", unit=vice_mayor.unit, portfolio_industries=["C"])
    client.force_login(root)

    save_leader(client, vice_mayor, rank=LeaderRank.PRINCIPAL, unit=department.pk)

    city_case.refresh_from_db()
    assert city_case.team_status == TeamStatus.PROPOSED
    for user in (owner, drc):
        (notice,) = _told(user, "帮扶领导须重新指定")
        assert in_charge.name in notice.body  # the project's industry is C26 (factory)


# --- a meeting not yet held keeps its convener and is marked -------------------------------


def test_a_meeting_not_yet_held_keeps_a_convener_who_no_longer_assists_and_is_marked(
    client, root, city_case, vice_mayor, department, owner, drc
):
    utility = UnitFactory(name="供电公司", kind=UnitKind.UTILITY)
    utility_staff = UserFactory(unit=utility)
    meetings = {}
    for name, day in (
        ("held", dt.date(2026, 11, 9)),
        ("today", dt.date(2026, 11, 10)),
        ("coming", dt.date(2026, 11, 20)),
    ):
        meetings[name] = services.meeting_create(
            case=city_case, user=owner, held_on=day, attendees=[utility]
        )
    client.force_login(root)

    save_leader(client, vice_mayor, rank=LeaderRank.PRINCIPAL, unit=department.pk)

    marked = {}
    for name, meeting in meetings.items():
        meeting.refresh_from_db()
        assert meeting.convened_by == vice_mayor  # the record keeps whom it named
        page = client.get(reverse("assistance:meeting", args=[meeting.pk])).content.decode()
        marked[name] = "已不是该项目的帮扶领导" in page
    assert marked == {"held": False, "today": True, "coming": True}
    detail = client.get(reverse("assistance:detail", args=[city_case.pk])).content.decode()
    assert detail.count("已不是帮扶领导，请与现帮扶领导确认") == 2
    for user in (utility_staff, owner, drc):
        told = sorted(n.url for n in _told(user, "联席会议召集人已不是帮扶领导"))
        assert told == sorted(
            reverse("assistance:meeting", args=[meetings[name].pk]) for name in ("today", "coming")
        )


def test_a_meeting_convened_by_the_assisting_leader_now_is_not_marked(city_case, owner):
    meeting = JointMeetingFactory(
        case=city_case, convened_by=city_case.team.lead_leader, held_on=dt.date(2026, 11, 20)
    )
    assert not meeting.convener_left


# --- an industry department's leader in charge ----------------------------------------


@pytest.fixture
def deputy(department, city_case, teammate):
    deputy = LeaderFactory(
        name="钱副局长", rank=LeaderRank.IN_CHARGE, unit=department, title="副局长"
    )
    services.industry_service_assign(
        case=city_case, user=teammate, leader_in_charge=deputy, service_staff=teammate
    )
    return deputy


@pytest.mark.parametrize(
    "change", ["retired", "moved", "principal"], ids=["retired", "moved", "principal"]
)
def test_a_department_s_leader_in_charge_who_no_longer_holds_it_is_marked_and_the_units_told(
    client, root, city_case, department, deputy, teammate, owner, drc, area, change
):
    LeaderFactory(name="孙副局长", rank=LeaderRank.IN_CHARGE, unit=department, title="副局长")
    by_area = LeaderFactory(name="李副局长", rank=LeaderRank.IN_CHARGE, unit=department)
    by_area.portfolio_units.set([area])  # 分片负责: he serves 鲅鱼圈区's projects
    client.force_login(root)

    changes = {
        "retired": {"is_retired": "on"},
        "moved": {"unit": UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT).pk},
        "principal": {"rank": LeaderRank.PRINCIPAL},
    }[change]
    save_leader(client, deputy, **changes)

    service = city_case.industry_services.get()
    assert service.leader_in_charge == deputy and service.leader_left
    page = client.get(reverse("assistance:detail", args=[city_case.pk])).content.decode()
    assert "已不再分管，请重新配备" in page
    for user in (teammate, owner, drc):
        (notice,) = _told(user, "行业部门分管领导")
        assert notice.title == "港口物流园的行业部门分管领导钱副局长已不再分管，请重新配备"
        assert "可联系李副局长" in notice.body


def test_a_leader_in_charge_is_told_of_once_and_no_longer_offered(
    client, root, city_case, department, deputy, teammate
):
    client.force_login(root)
    save_leader(client, deputy, is_retired="on")
    assert len(_told(teammate, "行业部门分管领导")) == 1
    with time_machine.travel(WEDNESDAY, tick=False):
        deputy.refresh_from_db()
        save_leader(client, deputy, title="原副局长")
        assert len(_told(teammate, "行业部门分管领导")) == 1
        # The rule the department's form and the service share refuses him now.
        client.force_login(teammate)
        url = reverse("assistance:industry_service", args=[city_case.pk])
        response = client.post(
            url, {"leader_in_charge": deputy.pk, "service_staff": teammate.pk, "version": 1}
        )
        assert response.status_code == 200
        form = shown_form(response.content.decode(), url)
        assert field_reasons(form, "leader_in_charge") == [
            "请从列表中选择，所填的值不在可选范围内。"
        ]
        assert city_case.industry_services.get().version == 1
        page = client.get(reverse("assistance:detail", args=[city_case.pk])).content.decode()
        assert f'<option value="{deputy.pk}"' not in page


def test_without_a_leader_in_charge_to_name_the_department_is_asked_to_name_one(
    client, root, city_case, department, deputy, teammate
):
    LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department)
    LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department)
    client.force_login(root)

    save_leader(client, deputy, is_retired="on")

    (notice,) = _told(teammate, "行业部门分管领导")
    assert "请营口市工业和信息化局重新配备分管领导" in notice.body


def test_an_area_leader_who_retires_no_longer_assists_its_local_case_and_the_area_is_told(
    client, root, area, owner
):
    """A-2: a local case is assisted by a serving leader of its area (only city leaders may
    assist once retired); marked retired in the admin, he leaves the case and the area is told
    to name another."""
    leader = LeaderFactory(name="钱副区长", rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    case.team.lead_leader = leader
    case.team.save()
    client.force_login(root)

    save_leader(client, leader, is_retired=True)

    case.refresh_from_db()
    assert case.team.lead_leader is None
    assert "已退休" in case.history.first().history_change_reason
    assert Notification.objects.filter(user=owner, kind=NotificationKind.PERSON_CHANGED).exists()
