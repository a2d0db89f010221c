"""E-1 对口服务 after a change of the project's industry: the department competent for the new
industry serves the enterprise from then on, and both it and the one it takes over from are
told — even when tier and leaders stay."""

from decimal import Decimal

import pytest

from tests.enterprise.factories import EnterpriseFactory
from tests.factories import ProjectFactory, UnitFactory, UserFactory
from yingkou import services as shared
from yingkou.choices import UnitKind
from yingkou.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def commerce(db):
    return UnitFactory(name="营口市商务局", code="SWJ", kind=UnitKind.MUNICIPAL_DEPARTMENT)


@pytest.fixture
def tourism(db):
    return UnitFactory(name="营口市文化旅游局", code="WHLY", kind=UnitKind.MUNICIPAL_DEPARTMENT)


def test_a_new_industry_gives_the_enterprise_to_its_department_and_both_are_told(
    commerce, department, tourism, area, drc
):
    industry_staff = UserFactory(unit=department)
    tourism_staff = UserFactory(unit=tourism)
    project = ProjectFactory(
        owner_unit=commerce,
        landing_unit=area,
        industry="C26",
        total_investment=Decimal("20000.00"),
        stage="operating",
    )
    enterprise = EnterpriseFactory(
        project=project,
        introducing_unit=commerce,
        responsible_unit=commerce,
        counterpart_unit=department,
        area=area,
        industry="C26",
    )

    shared.project_update(
        project=project, user=drc, expected_version=project.version, industry="H61"
    )

    enterprise.refresh_from_db()
    assert enterprise.counterpart_unit == tourism
    told = set(
        Notification.objects.filter(url=enterprise.get_absolute_url()).values_list(
            "user_id", flat=True
        )
    )
    assert {industry_staff.pk, tourism_staff.pk} <= told


def test_an_enterprise_of_its_own_edited_into_another_industry_tells_both_departments(
    commerce, department, tourism, drc
):
    """The same on the enterprise's own edit (page and API), for one registered without a
    project, whose industry is typed there."""
    from enterprise import services

    industry_staff = UserFactory(unit=department)
    tourism_staff = UserFactory(unit=tourism)
    enterprise = EnterpriseFactory(
        introducing_unit=commerce,
        responsible_unit=commerce,
        counterpart_unit=department,
        area=None,
        industry="C26",
    )

    services.enterprise_update(
        enterprise=enterprise, user=drc, expected_version=enterprise.version, industry="H61"
    )

    enterprise.refresh_from_db()
    assert enterprise.counterpart_unit == tourism
    assert enterprise.history.first().history_user == drc
    notices = Notification.objects.filter(url=enterprise.get_absolute_url())
    assert {industry_staff.pk, tourism_staff.pk} <= set(notices.values_list("user_id", flat=True))
    assert "营口市文化旅游局" in notices.get(user=tourism_staff).title


def test_an_industry_change_within_the_same_department_tells_no_one(
    commerce, department, tourism, area, drc
):
    industry_staff = UserFactory(unit=department)
    project = ProjectFactory(
        owner_unit=commerce,
        landing_unit=area,
        industry="C26",
        total_investment=Decimal("20000.00"),
        stage="operating",
    )
    enterprise = EnterpriseFactory(
        project=project,
        introducing_unit=commerce,
        responsible_unit=commerce,
        counterpart_unit=department,
        area=area,
        industry="C26",
    )

    shared.project_update(
        project=project, user=drc, expected_version=project.version, industry="C27"
    )

    enterprise.refresh_from_db()
    assert enterprise.counterpart_unit == department
    assert not Notification.objects.filter(user=industry_staff).exists()
