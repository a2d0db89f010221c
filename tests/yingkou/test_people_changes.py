"""§1: a leader changed in the admin — retired, moved to another unit, given another portfolio —
has what rests on him judged again: the N-2 lead of an open negotiation, the A-2 assisting and
A-5 responsible leaders of an active assistance case, the E-1 leaders of an enterprise; each
change kept in history with who, and told to the unit that must act. A user deactivated or moved
who was named to answer for something (N-5, A-6 liaisons, R-5 pool updates) is no longer named,
and whoever names the next one is told."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance.choices import TeamStatus, Tier
from enterprise.choices import ResponsibilityTier
from negotiation.services import negotiation_case_open, negotiation_team_update
from tests.assistance.factories import AssistanceCaseFactory
from tests.enterprise.factories import EnterpriseFactory
from tests.factories import LeaderFactory, ProjectFactory, UnitFactory, UserFactory
from tests.leaders import save_leader
from tests.negotiation.factories import city_leader, unit_leader
from tests.yingkou.admin_forms import admin_messages, resave
from yingkou.choices import LeaderRank, NotificationKind, Role, UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


def _led_case(department, area, teammate, lead, amount):
    project = ProjectFactory(
        owner_unit=department, landing_unit=area, total_investment=amount, stage="reserve"
    )
    case = negotiation_case_open(
        project=project, negotiating_unit=department, user=teammate, opened_on=dt.date(2026, 1, 8)
    )
    negotiation_team_update(
        case=case,
        user=teammate,
        lead_leader=lead,
        cooperating_units=[area],
        main_negotiating_unit=None,
        service_liaison=teammate,
    )
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("change", ["retired", "portfolio"])
def test_a_vice_mayor_retired_or_relieved_of_the_department_no_longer_leads_at_10yi(
    client, root, department, area, teammate, change
):
    """N-2 rule 1 (exactly 10亿 is tier A): the vice-mayor in charge of the department leads."""
    vice_mayor = city_leader(units=[department], name="分管副市长")
    case = _led_case(department, area, teammate, vice_mayor, Decimal("100000.00"))
    assert case.composition.rule == 1 and not case.lead_unfit
    client.force_login(root)

    if change == "retired":
        response = save_leader(client, vice_mayor, is_retired="on")
    else:
        response = save_leader(client, vice_mayor, portfolio_units=[])

    case.refresh_from_db()
    assert case.lead_unfit
    assert "牵头领导分管副市长（副市长）不再符合" in case.rule_note
    assert case.history.first().history_user == root
    told = Notification.objects.get(user=teammate, kind=NotificationKind.PERSON_CHANGED)
    assert told.title == f"{case.project.name}的牵头领导须调整"
    # The administrator reads, under "saved", what his change set in motion and who was told.
    assert admin_messages(response) == [
        "成功修改了 领导“分管副市长（副市长）”。",
        "已按 N-2、A-2、A-3、A-5、A-7、E-1 重新判定分管副市长（副市长）牵头、帮扶或负责的在办事项："
        f"共 1 项，已通知相关单位： （1）{told.title}（已通知：营口市工业和信息化局）",
    ]

    save_leader(client, vice_mayor, is_retired=False, portfolio_units=[department.pk])
    case.refresh_from_db()
    assert not case.lead_unfit


def test_a_leader_restored_from_his_history_is_judged_again_too(
    client, root, department, area, teammate
):
    """The history page offers to restore an earlier version (还原): a vice-mayor retired by
    mistake and restored leads again, and the lead unit is told."""
    vice_mayor = city_leader(units=[department], name="分管副市长")
    case = _led_case(department, area, teammate, vice_mayor, Decimal("100000.00"))
    client.force_login(root)
    save_leader(client, vice_mayor, is_retired="on")
    case.refresh_from_db()
    assert case.lead_unfit
    before = vice_mayor.history.filter(is_retired=False).latest("history_id")

    url = reverse("admin:yingkou_leader_simple_history", args=[vice_mayor.pk, before.pk])
    response = resave(client, url)

    assert response.status_code == 302
    vice_mayor.refresh_from_db()
    case.refresh_from_db()
    assert not vice_mayor.is_retired and not case.lead_unfit
    assert Notification.objects.filter(
        user=teammate, title=f"{case.project.name}的牵头领导重新符合 N-2"
    ).exists()
    assert "（1）" + f"{case.project.name}的牵头领导重新符合 N-2" in admin_messages(response)[1]


def test_a_principal_who_moves_to_another_unit_no_longer_leads_below_10yi(
    client, root, department, area, teammate
):
    """N-2 rule 4 (just under 10亿): the negotiating department's principal leader leads."""
    principal = unit_leader(department, LeaderRank.PRINCIPAL, name="郭局长")
    case = _led_case(department, area, teammate, principal, Decimal("99999.99"))
    assert case.composition.rule == 4
    client.force_login(root)

    save_leader(client, principal, unit=UnitFactory(kind=UnitKind.MUNICIPAL_DEPARTMENT).pk)

    case.refresh_from_db()
    assert case.lead_unfit and "第4条" in case.rule_note


def test_an_enterprise_s_principal_who_moves_is_replaced_at_1yi(client, root, area):
    """E-1: from exactly 1亿 the area's principal leader answers for the enterprise."""
    staff = UserFactory(unit=area)
    first = LeaderFactory(name="区长甲", title="区长", rank=LeaderRank.PRINCIPAL, unit=area)
    enterprise = EnterpriseFactory(
        introducing_unit=area,
        total_investment=Decimal("10000.00"),
        tier=ResponsibilityTier.PRINCIPAL,
        responsible_leader=first,
    )
    second = LeaderFactory(name="区长乙", title="区长", rank=LeaderRank.PRINCIPAL, unit=area)
    client.force_login(root)

    save_leader(client, first, unit=UnitFactory(kind=UnitKind.COUNTY).pk)

    enterprise.refresh_from_db()
    assert enterprise.responsible_leader == second
    assert enterprise.history.first().history_user == root
    assert Notification.objects.filter(user=staff, kind=NotificationKind.PERSON_CHANGED).exists()


def test_a_city_case_s_responsible_leader_who_leaves_the_area_goes_back_to_its_proposal(
    client, root, area, owner
):
    """A-5 at exactly 5亿 (city tier): the area names one of its own leaders as responsible; a
    retired assisting city leader stays (A-2: 包括部分退休副市级以上领导)."""
    project = ProjectFactory(owner_unit=area, total_investment=Decimal("50000.00"))
    head = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=area, title="副区长")
    vice_mayor = LeaderFactory(name="帮扶副市长")
    case = AssistanceCaseFactory(project=project, tier=Tier.CITY, responsible_leader=head)
    case.team.lead_leader = vice_mayor
    case.team.save()
    client.force_login(root)

    response = save_leader(client, vice_mayor, is_retired="on")
    case.refresh_from_db()
    assert case.team.lead_leader == vice_mayor and case.team_status == TeamStatus.APPROVED
    assert not Notification.objects.filter(kind=NotificationKind.PERSON_CHANGED).exists()
    assert admin_messages(response)[1:] == [
        "已按 N-2、A-2、A-3、A-5、A-7、E-1 重新判定帮扶副市长（副市长）牵头、帮扶或负责的在办事项："
        "均无变化，未发送通知。"
    ]

    save_leader(client, head, unit=UnitFactory(kind=UnitKind.COUNTY).pk)
    case.refresh_from_db()
    assert case.responsible_leader is None
    assert case.team_status == TeamStatus.PROPOSED
    assert case.team_status_label == "待地区、部门提出"
    assert case.history.first().history_user == root
    assert Notification.objects.filter(user=owner, kind=NotificationKind.PERSON_CHANGED).exists()


def _save_user(client, person, **changes):
    """POST the user's admin form with his current values, some of them changed."""
    response = resave(client, reverse("admin:yingkou_user_change", args=[person.pk]), **changes)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_a_service_liaison_deactivated_is_asked_for_again_from_the_lead_unit(
    client, root, department, area, teammate
):
    """N-5: the lead unit names the team's service liaison (signing waits for one)."""
    from negotiation.models import NegotiationCase

    colleague = UserFactory(username="bob_boss", role=Role.UNIT_REVIEWER, unit=department)
    principal = unit_leader(department, LeaderRank.PRINCIPAL)
    case = _led_case(department, area, teammate, principal, Decimal("20000.00"))
    client.force_login(root)

    response = _save_user(client, teammate, is_active=False)

    case = NegotiationCase.objects.get(pk=case.pk)
    assert case.team.liaison_left
    told = Notification.objects.get(user=colleague, kind=NotificationKind.PERSON_CHANGED)
    assert told.title == f"{case.project.name}的服务联络员bob已离开，请重新指定"
    assert admin_messages(response) == [
        "成功修改了 用户“bob”。",
        "bob已停用：其担任的联络员、服务人员和储备库更新专人须重新指定。共 1 项，已通知相关单位："
        f" （1）{told.title}（已通知：营口市工业和信息化局）",
    ]


def test_a_user_deactivated_who_answered_for_nothing_is_said_so(client, root, area):
    person = UserFactory(username="wu", unit=area)
    client.force_login(root)

    response = _save_user(client, person, is_active=False)

    assert admin_messages(response)[1:] == [
        "wu已停用：未担任在办事项的联络员、服务人员或储备库更新专人，无需通知。"
    ]
    response = _save_user(client, person, phone="0417-1234567")
    assert admin_messages(response) == ["成功修改了 用户“wu”。"]


@pytest.mark.parametrize("to", ["bureau", "elsewhere"])
def test_a_liaison_and_a_pool_s_responsible_person_who_move_units(client, root, area, to):
    """A-6: a liaison moved to a bureau of his area (分局) still answers for its team; moved
    elsewhere he answers no more. R-5: a pool's update is its own unit's staff's, so a bureau
    is elsewhere. The area, which names the next, is told of each he no longer answers for."""
    from reserve.models import Pool
    from reserve.services import pool_ensure_for_unit

    person = UserFactory(username="zhou", unit=area)
    reviewer = UserFactory(username="area_boss", role=Role.UNIT_REVIEWER, unit=area)
    case = AssistanceCaseFactory(project=ProjectFactory(owner_unit=area))
    case.team.service_liaison = person
    case.team.save()
    pool = pool_ensure_for_unit(unit=area)
    Pool.objects.filter(pk=pool.pk).update(responsible=person)
    new_unit = UnitFactory(
        kind=UnitKind.MUNICIPAL_DEPARTMENT, parent=area if to == "bureau" else None
    )
    client.force_login(root)

    _save_user(client, person, unit=new_unit.pk)

    told = set(
        Notification.objects.filter(
            user=reviewer, kind=NotificationKind.PERSON_CHANGED
        ).values_list("title", flat=True)
    )
    liaison = f"{case.project.name}的服务联络员zhou已离开，请重新指定"
    responsible = f"{pool.name}的更新专人zhou已离开，请重新指定"
    assert told == ({responsible} if to == "bureau" else {liaison, responsible})
