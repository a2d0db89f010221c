"""N-2 after a unit's kind or level is changed in the admin: the kind of body that negotiates
picks the rule, so each open case of that unit is judged again, the new judgement kept in its
history with who, and its lead unit told when the rule changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from negotiation.services import negotiation_case_open, negotiation_team_update
from tests.factories import ProjectFactory, UserFactory
from tests.negotiation.factories import city_leader, unit_leader
from tests.yingkou.admin_forms import admin_messages
from yingkou.choices import LeaderRank, NotificationKind, Role, UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)


def save_unit_in_admin(client, unit, **changes):
    """POST the unit's admin form with its current values, some of them changed."""
    data = {name: value for name, value in model_to_dict(unit).items() if value is not None}
    data.update(changes)
    data = {name: value for name, value in data.items() if value is not False}
    response = client.post(reverse("admin:yingkou_unit_change", args=[unit.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    return response


def _case(department, area, teammate, lead, amount):
    project = ProjectFactory(
        owner_unit=department,
        landing_unit=area,
        total_investment=Decimal(amount),
        stage="reserve",
        industry="C26",
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


def _told(user):
    return list(
        Notification.objects.filter(user=user, kind=NotificationKind.UNIT_CHANGED).values_list(
            "title", flat=True
        )
    )


def test_a_department_made_a_party_organisation_at_10yi_needs_the_industry_s_vice_mayor(
    client, root, department, area, teammate
):
    """Exactly 10亿 is tier A: rule 1 (the vice-mayor in charge of the department) becomes
    rule 2 (the vice-mayor in charge of the project's industry), whom he is not."""
    vice_mayor = city_leader(units=[department], name="分管副市长")
    case = _case(department, area, teammate, vice_mayor, "100000.00")
    assert case.composition.rule == 1
    client.force_login(root)

    response = save_unit_in_admin(client, department, kind=UnitKind.PARTY_ORG)

    case.refresh_from_db()
    assert case.composition.rule == 2
    assert case.lead_unfit and "第2条" in case.rule_note
    assert case.history.first().history_user == root
    assert _told(teammate) == [f"{case.project.name}的牵头领导须调整"]
    assert admin_messages(response) == [
        "成功修改了 单位“营口市工业和信息化局”。",
        "已按 N-2、E-1、E-5 重新判定营口市工业和信息化局洽谈中的项目、企业的对口服务部门和未实施的执法检查："
        "共 1 项，已通知相关单位："
        f" （1）{case.project.name}的牵头领导须调整（已通知：营口市工业和信息化局）",
    ]

    save_unit_in_admin(client, department, kind=UnitKind.MUNICIPAL_DEPARTMENT)
    case.refresh_from_db()
    assert case.composition.rule == 1 and not case.lead_unfit


def test_below_1yi_the_rule_stays_and_no_one_is_told(client, root, department, area, teammate):
    """Just under 1亿 is tier C: a department and a party organisation both take rule 6."""
    principal = unit_leader(department, LeaderRank.PRINCIPAL, name="郭局长")
    case = _case(department, area, teammate, principal, "9999.99")
    assert case.composition.rule == 6
    client.force_login(root)

    response = save_unit_in_admin(client, department, kind=UnitKind.PARTY_ORG)

    case.refresh_from_db()
    assert case.composition.rule == 6 and not case.lead_unfit and case.rule_note == ""
    assert _told(teammate) == []
    assert admin_messages(response)[1:] == [
        "已按 N-2、E-1、E-5 重新判定营口市工业和信息化局洽谈中的项目、企业的对口服务部门和未实施的执法检查："
        "洽谈适用规则、牵头领导、对口服务部门和执法检查的判定均未改变，未发送通知。"
    ]


def test_a_department_made_county_level_has_no_rule_and_its_lead_unit_is_told(
    client, root, department, area, teammate
):
    principal = unit_leader(department, LeaderRank.PRINCIPAL, name="郭局长")
    case = _case(department, area, teammate, principal, "10000.00")
    assert case.composition.rule == 4
    client.force_login(root)

    save_unit_in_admin(client, department, level="county")

    case.refresh_from_db()
    assert "县级部门、组织洽谈的项目" in case.rule_note
    assert _told(teammate) == [f"{case.project.name}的洽谈团队规则已重新判定"]


def test_another_field_of_the_unit_judges_nothing_again(client, root, department, area, teammate):
    vice_mayor = city_leader(units=[department], name="分管副市长")
    case = _case(department, area, teammate, vice_mayor, "100000.00")
    client.force_login(root)

    response = save_unit_in_admin(client, department, name="营口市工业和信息化局（新）")

    case.refresh_from_db()
    assert not case.lead_unfit and _told(teammate) == []
    assert admin_messages(response) == ["成功修改了 单位“营口市工业和信息化局（新）”。"]
