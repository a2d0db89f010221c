"""E-1 after a project change: the responsibility tier follows the project's investment across
1亿 and 5亿."""

from decimal import Decimal

import pytest
from django.urls import reverse

from enterprise.choices import ResponsibilityTier
from tests.enterprise.factories import EnterpriseFactory
from tests.factories import ProjectFactory
from yingkou import services as shared

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "tier"),
    [
        ("49999.99", ResponsibilityTier.PRINCIPAL),
        ("50000.00", ResponsibilityTier.CITY),
        ("9999.99", ResponsibilityTier.LOCAL),
    ],
)
def test_the_tier_is_decided_again_when_the_investment_changes(area, drc, amount, tier):
    project = ProjectFactory(
        owner_unit=area, total_investment=Decimal("20000.00"), stage="operating"
    )
    enterprise = EnterpriseFactory(project=project, introducing_unit=area)

    shared.project_update(
        project=project,
        user=drc,
        expected_version=project.version,
        total_investment=Decimal(amount),
    )

    enterprise.refresh_from_db()
    assert enterprise.total_investment == Decimal(amount)
    assert enterprise.tier == tier
    assert "E-1" in enterprise.history.first().history_change_reason


def test_a_new_landing_area_and_the_area_it_leaves_are_told(area, other_area, drc):
    """E-1: the enterprise's area follows its project's landing area, and the area decides who
    sees the enterprise and which agencies may inspect it (E-5), so both areas learn of the move
    even though tier and leaders stay."""
    from tests.factories import UserFactory
    from yingkou.models import Notification

    old_staff = UserFactory(unit=area)
    new_staff = UserFactory(unit=other_area)
    project = ProjectFactory(
        owner_unit=area, landing_unit=area, total_investment=Decimal("20000.00"), stage="operating"
    )
    enterprise = EnterpriseFactory(project=project, introducing_unit=area)

    shared.project_update(
        project=project, user=drc, expected_version=project.version, landing_unit=other_area
    )

    enterprise.refresh_from_db()
    assert enterprise.area == other_area
    told = set(
        Notification.objects.filter(url=enterprise.get_absolute_url()).values_list(
            "user_id", flat=True
        )
    )
    assert {old_staff.pk, new_staff.pk} <= told
    notice = Notification.objects.get(user=new_staff)
    assert "盖州市" in notice.body


def test_a_city_enterprise_whose_leader_in_charge_left_takes_the_project_change(area, drc):
    """E-1 from exactly 5亿: the area's leader in charge (分管领导) stays while he still is one; a
    project change does not fail on one who has left the area (his move recorded before leader
    changes were judged), the area's current one is proposed instead."""
    from tests.factories import LeaderFactory, UnitFactory
    from yingkou.choices import LeaderRank
    from yingkou.models import Leader

    gone = LeaderFactory(name="副区长甲", rank=LeaderRank.IN_CHARGE, unit=area)
    current = LeaderFactory(name="副区长乙", rank=LeaderRank.IN_CHARGE, unit=area)
    project = ProjectFactory(
        owner_unit=area, total_investment=Decimal("50000.00"), stage="operating"
    )
    enterprise = EnterpriseFactory(
        project=project,
        introducing_unit=area,
        total_investment=Decimal("50000.00"),
        tier=ResponsibilityTier.CITY,
        leader_in_charge=gone,
    )
    Leader.objects.filter(pk=gone.pk).update(unit=UnitFactory())

    shared.project_update(
        project=project,
        user=drc,
        expected_version=project.version,
        total_investment=Decimal("60000.00"),
    )

    enterprise.refresh_from_db()
    assert enterprise.tier == ResponsibilityTier.CITY
    assert enterprise.leader_in_charge == current


def test_an_enterprise_from_a_project_takes_its_investment_from_the_project(
    client, area, owner, drc, area_principal, vice_mayor
):
    """E-1: its investment is changed on the project, where everything resting on it is decided
    again; set on the enterprise alone (6亿 against the project's 4亿), the two disagreed and the
    project's next change set it back."""
    from tests.conftest import api_as

    project = ProjectFactory(
        owner_unit=area, total_investment=Decimal("40000.00"), stage="operating"
    )
    enterprise = EnterpriseFactory(
        project=project, introducing_unit=area, total_investment=Decimal("40000.00")
    )
    url = f"/api/v1/enterprises/{enterprise.pk}/"

    response = api_as(owner).patch(url, {"total_investment": "60000.00", "version": 1})

    assert response.status_code == 400 and response.json()["rule"] == "E-1"
    assert api_as(owner).patch(url, {"address": "新港大路8号", "version": 1}).status_code == 200
    client.force_login(owner)
    page = client.get(reverse("enterprise:edit", args=[enterprise.pk])).content.decode()
    assert "随来源项目，在项目中修改" in page

    shared.project_update(
        project=project,
        user=drc,
        expected_version=project.version,
        total_investment=Decimal("50000.00"),
    )
    enterprise.refresh_from_db()
    assert (enterprise.total_investment, enterprise.tier) == (
        Decimal("50000.00"),
        ResponsibilityTier.CITY,
    )
