"""E-1 after a project change: the responsibility tier follows the project's investment across
1亿 and 5亿."""

from decimal import Decimal

import pytest

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
