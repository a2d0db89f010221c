"""The real handover to enterprise help (E-1) through enterprise.services only."""

from decimal import Decimal

import pytest

from assistance import services
from assistance.choices import CaseStatus
from tests.factories import LeaderFactory, ProjectFactory
from yingkou.models import Team

pytestmark = pytest.mark.django_db

enterprise_services = pytest.importorskip("enterprise.services")


def test_completion_registers_the_enterprise_with_the_same_team(area, owner, drc):
    project = ProjectFactory(
        owner_unit=area, landing_unit=area, total_investment=Decimal("60000"), stage="construction"
    )
    case = services.assistance_case_open(project=project, user=drc, source="direct")
    vice_mayor = LeaderFactory()
    case.team.lead_leader = vice_mayor
    case.team.save()

    services.assistance_case_advance(case=case, stage="completed", user=owner)

    case.refresh_from_db()
    assert case.status == CaseStatus.HANDED_OVER
    enterprise_team = Team.objects.get(project=project, phase="enterprise")
    assert enterprise_team.lead_unit == case.team.lead_unit
    assert enterprise_team.lead_leader == vice_mayor
    again = enterprise_services.enterprise_register_from_project(project=project, user=owner)
    assert again.project == project
