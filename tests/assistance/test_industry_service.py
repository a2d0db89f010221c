"""Assistance norm 二: each industry department gives every key project its leader in charge and
service staff (为每个重点项目配备分管领导和服务人员), shown on the project's page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assistance import services
from tests.assistance.factories import AssistanceCaseFactory
from tests.factories import LeaderFactory, ProjectFactory
from yingkou.choices import LeaderRank
from yingkou.errors import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area, department):
    case = AssistanceCaseFactory(
        project=ProjectFactory(owner_unit=area, landing_unit=area), team__lead_unit=area
    )
    case.team.cooperating_units.set([department])
    return case


def test_department_names_its_leader_in_charge_and_service_staff(
    client, case, department, teammate, owner, drc
):
    deputy = LeaderFactory(rank=LeaderRank.IN_CHARGE, unit=department, title="副局长")
    principal = LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=department, title="局长")
    with pytest.raises(RuleViolation):
        services.industry_service_assign(
            case=case, user=teammate, leader_in_charge=principal, service_staff=teammate
        )
    with pytest.raises(RuleViolation):
        services.industry_service_assign(
            case=case, user=teammate, leader_in_charge=deputy, service_staff=owner
        )
    with pytest.raises(PermissionDenied):  # an area is no industry department
        services.industry_service_assign(
            case=case, user=owner, leader_in_charge=deputy, service_staff=teammate
        )
    client.force_login(teammate)
    response = client.post(
        reverse("assistance:industry_service", args=[case.pk]),
        {"leader_in_charge": deputy.pk, "service_staff": teammate.pk, "version": 0},
    )
    assert response.status_code == 302
    client.force_login(drc)
    page = client.get(reverse("assistance:detail", args=[case.pk])).content.decode()
    assert "行业部门分管领导和服务人员" in page and deputy.name in page
    assert case.industry_services.get().history.first().history_user == teammate
