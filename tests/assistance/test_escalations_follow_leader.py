"""A-3 with A-5: who receives an escalation is routing read from the case's assisting leader
(`rules.escalation_receiver`), so an assisting leader named through the team list — the area's
proposal or the DRC's compilation, page and API alike — receives the escalations still waiting
for the city's instruction, and is told of them once, as when a leader is changed in the admin."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from assistance import services
from tests.assistance.factories import AssistanceCaseFactory, ProblemFactory
from tests.conftest import api_as
from tests.factories import LeaderFactory, ProjectFactory, UserFactory
from yingkou.choices import LeaderRank, NotificationKind, Role
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
def city_government(city_leader_user):
    return city_leader_user.unit


@pytest.fixture
def clerk(city_government):
    """Staff of the city government, who receive what is reported to it (上报市政府)."""
    return UserFactory(username="szf_clerk", role=Role.UNIT_STAFF, unit=city_government)


@pytest.fixture
def vice_mayor(city_leader_user):
    return LeaderFactory(name="周副市长", user=city_leader_user, unit=city_leader_user.unit)


@pytest.fixture
def other_mayor(city_government):
    account = UserFactory(username="wu", role=Role.CITY_LEADER, unit=city_government)
    return LeaderFactory(name="吴副市长", user=account, unit=city_government)


@pytest.fixture
def district_head(area):
    return LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")


@pytest.fixture
def city_case(area, drc):
    """A city-tier case opened without its assisting city leader (A-5 names him)."""
    project = ProjectFactory(
        name="港口物流园", owner_unit=area, landing_unit=area, total_investment=Decimal("80000")
    )
    return services.assistance_case_open(project=project, user=drc, source="reserve")


def _escalated(case, owner, title):
    problem = ProblemFactory(case=case, title=title)
    return services.problem_escalate(problem=problem, user=owner, reason="用地指标需市政府协调。")


def _propose(case, user, head, **extra):
    return services.assistance_team_propose(
        case=case,
        user=user,
        responsible_leader=head,
        service_liaison=user,
        project_liaison=user,
        **extra,
    )


def _routed(user):
    return list(
        Notification.objects.filter(
            user=user, kind=NotificationKind.ESCALATION, title__startswith="上报市政府的问题改由"
        )
    )


def test_the_city_leader_the_area_proposes_is_told_of_the_escalations_waiting(
    city_case, owner, drc, clerk, city_leader_user, vice_mayor, district_head
):
    waiting = _escalated(city_case, owner, "用地指标")
    answered = _escalated(city_case, owner, "环评批复")
    services.problem_instruct(problem=answered, user=drc, instruction="由生态环境局办理。")
    # No city leader assists it yet: the city government received both.
    assert Notification.objects.filter(user=clerk, kind=NotificationKind.ESCALATION).count() == 2

    _propose(city_case, owner, district_head, assisting_leader=vice_mayor)

    (notice,) = _routed(city_leader_user)
    assert notice.title == "上报市政府的问题改由周副市长接收：用地指标"
    assert "帮扶领导改为周副市长" in notice.body and "用地指标需市政府协调。" in notice.body
    assert notice.url == reverse("assistance:problem", args=[waiting.pk])
    # The units told as for a leader changed in the admin: owner and lead unit, the DRC.
    assert [n.url for n in _routed(owner)] == [notice.url]
    assert [n.url for n in _routed(drc)] == [notice.url]
    assert _routed(clerk) == []
    row = api_as(drc).get(f"/api/v1/assistance/problems/{waiting.pk}/").json()
    assert row["escalation_receiving_leader"] == vice_mayor.pk

    # Proposed again with him, today or later: he receives them already and is not told again.
    city_case.refresh_from_db()
    with time_machine.travel(WEDNESDAY, tick=False):
        _propose(city_case, owner, district_head, assisting_leader=vice_mayor)
    assert len(_routed(city_leader_user)) == 1


def test_a_city_leader_the_drc_names_when_compiling_is_told_once(
    city_case, owner, drc, city_leader_user, vice_mayor, other_mayor, district_head
):
    _propose(city_case, owner, district_head, assisting_leader=vice_mayor)
    waiting = _escalated(city_case, owner, "供电线路")
    assert _routed(other_mayor.user) == []

    services.assistance_team_compile(case=city_case, user=drc, assisting_leader=other_mayor)

    (notice,) = _routed(other_mayor.user)
    assert notice.title == "上报市政府的问题改由吴副市长接收：供电线路"
    assert notice.url == reverse("assistance:problem", args=[waiting.pk])
    assert _routed(city_leader_user) == []  # reported to him directly, not routed to him


def test_through_the_api_too(client, city_case, owner, drc, vice_mayor, district_head):
    waiting = _escalated(city_case, owner, "动迁补偿")
    response = api_as(owner).post(
        f"/api/v1/assistance/projects/{city_case.pk}/propose/",
        {
            "responsible_leader": district_head.pk,
            "assisting_leader": vice_mayor.pk,
            "service_liaison": owner.pk,
            "project_liaison": owner.pk,
            "version": city_case.version,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    (notice,) = _routed(vice_mayor.user)
    assert notice.url == reverse("assistance:problem", args=[waiting.pk])


def test_a_local_case_handed_from_a_city_leader_to_its_own_leader_goes_to_the_city(
    area, owner, clerk, vice_mayor
):
    """A local case may keep a city leader from an earlier phase (A-2); when the area names its
    own leader, what waits for the city's instruction goes to the city government."""
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    case.team.lead_leader = vice_mayor
    case.team.save()
    _escalated(case, owner, "用地指标")
    assert not Notification.objects.filter(user=clerk, kind=NotificationKind.ESCALATION).exists()
    head = LeaderFactory(name="郑区长", rank=LeaderRank.PRINCIPAL, unit=area, title="区长")

    _propose(case, owner, None, assisting_leader=head)

    (notice,) = _routed(clerk)
    assert notice.title == "上报市政府的问题改由市政府接收：用地指标"
    assert "帮扶领导改为郑区长（区长）" in notice.body

    # Another leader of the area changes no receiver: the city government keeps them.
    routed = Notification.objects.filter(title__startswith="上报市政府的问题改由")
    told = routed.count()
    case.refresh_from_db()
    deputy = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    _propose(case, owner, None, assisting_leader=deputy)
    assert case.team.lead_leader == deputy and routed.count() == told
