"""E-1 (一个企业、一个部门、一个班子): an enterprise whose responsibility found no leader to propose
(待指定) takes the one the rule proposes once he is recorded or given the role in the admin,
as a policy promise naming no principal leader does (E-6)."""

from decimal import Decimal

import pytest

from enterprise.choices import ResponsibilityTier
from tests.enterprise.factories import EnterpriseFactory
from tests.factories import LeaderFactory, UserFactory
from yingkou.choices import LeaderRank
from yingkou.models import Notification
from yingkou.people_changes import leader_added, leader_changed, leader_rule_values

pytestmark = pytest.mark.django_db


def test_a_principal_leader_recorded_answers_for_an_enterprise_of_exactly_1yi(area, drc):
    staff = UserFactory(unit=area)
    enterprise = EnterpriseFactory(
        introducing_unit=area,
        total_investment=Decimal("10000.00"),
        tier=ResponsibilityTier.PRINCIPAL,
        responsible_leader=None,
    )
    principal = LeaderFactory(name="区长甲", rank=LeaderRank.PRINCIPAL, unit=area)

    leader_added(leader=principal, user=drc)

    enterprise.refresh_from_db()
    assert enterprise.responsible_leader == principal
    assert enterprise.history.first().history_user == drc
    assert Notification.objects.filter(user=staff, url=enterprise.get_absolute_url()).exists()


def test_a_city_leader_given_the_area_answers_for_its_enterprise_of_exactly_5yi(
    area, city_gov, drc
):
    enterprise = EnterpriseFactory(
        introducing_unit=area,
        total_investment=Decimal("50000.00"),
        tier=ResponsibilityTier.CITY,
        responsible_leader=None,
    )
    vice_mayor = LeaderFactory(name="张海峰", rank=LeaderRank.CITY_LEADER, unit=city_gov)
    before = leader_rule_values(vice_mayor)
    vice_mayor.portfolio_units.set([area])

    leader_changed(leader=vice_mayor, before=before, user=drc)

    enterprise.refresh_from_db()
    assert enterprise.responsible_leader == vice_mayor


def test_a_leader_of_another_unit_leaves_it_waiting(area, other_area, drc):
    enterprise = EnterpriseFactory(
        introducing_unit=area,
        total_investment=Decimal("10000.00"),
        tier=ResponsibilityTier.PRINCIPAL,
        responsible_leader=None,
    )

    leader_added(leader=LeaderFactory(rank=LeaderRank.PRINCIPAL, unit=other_area), user=drc)

    enterprise.refresh_from_db()
    assert enterprise.responsible_leader is None and enterprise.version == 1
