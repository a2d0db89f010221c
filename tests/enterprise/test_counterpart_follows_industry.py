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
def chemicals(commerce, department, area):
    """An operating chemical works (C26) introduced by the city's commerce bureau: served by the
    city's industry department (工信) until its industry changes."""
    project = ProjectFactory(
        owner_unit=commerce,
        landing_unit=area,
        industry="C26",
        total_investment=Decimal("20000.00"),
        stage="operating",
    )
    return EnterpriseFactory(
        project=project,
        introducing_unit=commerce,
        responsible_unit=commerce,
        counterpart_unit=department,
        area=area,
        industry="C26",
    )


def test_a_new_industry_gives_the_enterprise_to_its_department_and_both_are_told(
    chemicals, department, tourism, drc
):
    industry_staff = UserFactory(unit=department)
    tourism_staff = UserFactory(unit=tourism)
    project, enterprise = chemicals.project, chemicals

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


def test_an_industry_change_within_the_same_department_tells_no_one(chemicals, department, drc):
    industry_staff = UserFactory(unit=department)
    project, enterprise = chemicals.project, chemicals

    shared.project_update(
        project=project, user=drc, expected_version=project.version, industry="C27"
    )

    enterprise.refresh_from_db()
    assert enterprise.counterpart_unit == department
    assert not Notification.objects.filter(user=industry_staff).exists()


# What the counterpart rule reads besides the enterprise: the units and the reference table,
# both kept in the admin.


@pytest.fixture
def hotel(area):
    """A hotel the area introduced, served by the area itself while it has no tourism bureau."""
    return EnterpriseFactory(
        name="鲅鱼圈温泉酒店", introducing_unit=area, counterpart_unit=area, industry="H61"
    )


def test_an_areas_new_department_filed_under_it_in_the_admin_takes_its_enterprises(
    admin_client, area, hotel
):
    from tests.negotiation.test_unit_changed import save_unit_in_admin
    from tests.yingkou.admin_forms import admin_messages

    bureau = UnitFactory(
        name="鲅鱼圈区文旅事务中心",
        code="BYQ-WL",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        parent=area,
    )
    area_staff, bureau_staff = UserFactory(unit=area), UserFactory(unit=bureau)

    response = save_unit_in_admin(admin_client, bureau, code="BYQ-WHLY")

    hotel.refresh_from_db()
    assert hotel.counterpart_unit == bureau
    assert hotel.version == 2
    latest = hotel.history.first()
    assert latest.history_user.is_superuser and "E-1" in latest.history_change_reason
    told = Notification.objects.filter(url=hotel.get_absolute_url())
    assert {area_staff.pk, bureau_staff.pk} <= set(told.values_list("user_id", flat=True))
    assert any("鲅鱼圈温泉酒店" in line for line in admin_messages(response))


def test_a_row_of_the_reference_table_changed_in_the_admin_moves_the_counterparts(
    admin_client, commerce, tourism, area
):
    from django.urls import reverse

    from tests.yingkou.admin_forms import admin_messages, resave
    from yingkou.models import IndustryAuthority

    hotel = EnterpriseFactory(
        introducing_unit=commerce,
        responsible_unit=commerce,
        counterpart_unit=tourism,
        area=area,
        industry="H61",
    )
    commerce_staff, tourism_staff = UserFactory(unit=commerce), UserFactory(unit=tourism)
    row = IndustryAuthority.objects.get(industry="H")

    response = resave(
        admin_client,
        reverse("admin:yingkou_industryauthority_change", args=[row.pk]),
        department_code="SWJ",
        department_name="商务局",
    )

    assert response.status_code == 302
    hotel.refresh_from_db()
    assert hotel.counterpart_unit == commerce
    told = Notification.objects.filter(url=hotel.get_absolute_url())
    assert {commerce_staff.pk, tourism_staff.pk} <= set(told.values_list("user_id", flat=True))
    assert told.first().kind == "industry_authority_changed"
    assert any(hotel.name in line for line in admin_messages(response))


def test_a_unit_change_that_moves_no_counterpart_changes_no_enterprise(admin_client, area, hotel):
    from tests.negotiation.test_unit_changed import save_unit_in_admin

    save_unit_in_admin(admin_client, area, code="BYQ1")

    hotel.refresh_from_db()
    assert (hotel.counterpart_unit, hotel.version) == (area, 1)


def test_a_counterpart_the_rule_did_not_give_is_kept(admin_client, area, tourism):
    """The enterprises whose counterpart the E-1 rule of 2024 did not decide were kept when the
    rule changed (README, Enterprise (E-1)); a unit change moves only what the rule gave."""
    from tests.negotiation.test_unit_changed import save_unit_in_admin

    kept = EnterpriseFactory(introducing_unit=area, counterpart_unit=tourism, industry="H61")
    bureau = UnitFactory(
        name="鲅鱼圈区文旅事务中心",
        code="BYQ-WL",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level="county",
        parent=area,
    )

    save_unit_in_admin(admin_client, bureau, code="BYQ-WHLY")

    kept.refresh_from_db()
    assert (kept.counterpart_unit, kept.version) == (tourism, 1)


def test_an_areas_department_added_in_the_admin_takes_its_enterprises(admin_client, area, hotel):
    from django.urls import reverse

    from tests.yingkou.admin_forms import admin_messages
    from yingkou.models import Unit

    area_staff = UserFactory(unit=area)

    response = admin_client.post(
        reverse("admin:yingkou_unit_add"),
        {
            "code": "BYQ-WHLY",
            "name": "鲅鱼圈区文化旅游局",
            "kind": UnitKind.MUNICIPAL_DEPARTMENT,
            "level": "county",
            "parent": area.pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    bureau = Unit.objects.get(code="BYQ-WHLY")
    hotel.refresh_from_db()
    assert (hotel.counterpart_unit, hotel.version) == (bureau, 2)
    assert hotel.history.first().history_user.is_superuser
    assert Notification.objects.filter(user=area_staff, url=hotel.get_absolute_url()).exists()
    assert any("鲅鱼圈温泉酒店" in line for line in admin_messages(response))
    assert area.code == "BYQ" and Unit.objects.get(pk=bureau.pk).parent == area
