"""E-5: an agency plans inspections only in its jurisdiction; the same-level legal affairs office
merges the plans (a county's plans by the county's office, city plans by the city's)."""

import datetime as dt

import pytest

from enterprise import services
from enterprise.forms import InspectionForm
from tests.enterprise.factories import EnterpriseFactory
from tests.factories import UnitFactory, UserFactory
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date
PLAN_DAY = D(2026, 12, 10)


def agency(code, name, level, system, parent=None):
    return UnitFactory(
        code=code,
        name=name,
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        level=level,
        enforcement_system=system,
        parent=parent,
    )


@pytest.fixture
def city_market(db):
    return agency("SCJG", "营口市市场监督管理局", "city", "market")


@pytest.fixture
def county_market(city_market, area):
    # Filed under its city-level system, as in the demo: its county is read from its code.
    return agency("BYQ-SCJG", "鲅鱼圈区市场监督管理局", "county", "market", parent=city_market)


@pytest.fixture
def county_ecology(area):
    return agency("BYQ-STHJ", "鲅鱼圈区生态环境分局", "county", "ecology", parent=area)


def plan(unit, enterprise, day=PLAN_DAY):
    user = UserFactory(role=Role.UNIT_STAFF, unit=unit)
    return services.inspection_plan(
        user=user, enterprise=enterprise, planned_on=day, purpose="安全生产检查"
    )


def test_county_agency_inspects_only_its_countys_enterprises(county_market, area, other_area):
    own = EnterpriseFactory(introducing_unit=area)
    elsewhere = EnterpriseFactory(name="盖州企业", introducing_unit=other_area)
    plan(county_market, own)
    with pytest.raises(RuleViolation) as error:
        plan(county_market, elsewhere)
    assert error.value.rule == "E-5" and error.value.field == "enterprise"
    form = InspectionForm(user=UserFactory(role=Role.UNIT_STAFF, unit=county_market))
    assert list(form.fields["enterprise"].queryset) == [own]


def test_city_agency_inspects_the_whole_city(city_market, area, other_area):
    plan(city_market, EnterpriseFactory(introducing_unit=other_area))


def test_the_api_answers_404_for_a_plan_outside_the_jurisdiction(county_market, other_area):
    """An enterprise outside the agency's jurisdiction is outside its remit: 404, as for any
    record one cannot read, so a refusal naming it does not tell which ids exist."""
    from tests.conftest import api_as

    user = UserFactory(role=Role.UNIT_STAFF, unit=county_market)
    elsewhere = EnterpriseFactory(introducing_unit=other_area)
    response = api_as(user).post(
        "/api/v1/enterprise/inspections/",
        {"enterprise": elsewhere.pk, "planned_on": "2026-12-10", "purpose": "检查"},
        format="json",
    )
    assert response.status_code == 404
    assert elsewhere.name not in response.content.decode()


def test_county_plans_are_merged_by_the_countys_legal_affairs_office(
    county_market, county_ecology, area
):
    enterprise = EnterpriseFactory(introducing_unit=area)
    market = plan(county_market, enterprise)
    ecology = plan(county_ecology, enterprise)
    city_office = UnitFactory(code="SFJ", name="营口市司法局", kind=UnitKind.LEGAL_AFFAIRS)
    county_office = UnitFactory(
        code="BYQ-SFJ",
        name="鲅鱼圈区司法局",
        kind=UnitKind.LEGAL_AFFAIRS,
        level="county",
        parent=area,
    )
    city_legal = UserFactory(role=Role.LEGAL_AFFAIRS, unit=city_office)
    county_legal = UserFactory(role=Role.LEGAL_AFFAIRS, unit=county_office)
    with pytest.raises(RuleViolation) as error:
        services.inspection_merge(inspections=[market, ecology], lead=market, user=city_legal)
    assert error.value.rule == "E-5"
    lead = services.inspection_merge(inspections=[market, ecology], lead=market, user=county_legal)
    ecology.refresh_from_db()
    assert ecology.joint_with == lead


def test_a_city_agencys_plan_is_not_merged_with_a_county_agencys(
    city_market, county_ecology, area, legal
):
    """由同级政府法制部门协调: the city's plan is the city government's, the county's its
    county's; neither office merges the two, each is approved by its own government."""
    enterprise = EnterpriseFactory(introducing_unit=area)
    city_plan = plan(city_market, enterprise)
    county_plan = plan(county_ecology, enterprise)
    with pytest.raises(RuleViolation) as error:
        services.inspection_merge(inspections=[city_plan, county_plan], lead=city_plan, user=legal)
    assert "不是同一本级政府" in error.value.text
    assert services.inspection_approve(inspection=city_plan, user=legal).approved


def test_the_form_offers_exactly_the_enterprises_the_rule_allows(county_market, area, other_area):
    """E-5 decided once: an enterprise with no recorded area is in the county of its responsible
    unit even when that unit is one of the county's bureaus, for the rule and the form alike."""
    bureau = UnitFactory(
        code="BYQ-GXJ",
        name="鲅鱼圈区工业和信息化局",
        kind=UnitKind.MUNICIPAL_DEPARTMENT,
        parent=area,
    )
    by_bureau = EnterpriseFactory(name="区局负责企业", introducing_unit=area)
    by_bureau.area, by_bureau.responsible_unit = None, bureau
    by_bureau.save()
    elsewhere = EnterpriseFactory(name="盖州企业", introducing_unit=other_area)
    staff = UserFactory(role=Role.UNIT_STAFF, unit=county_market)
    offered = set(InspectionForm(user=staff).fields["enterprise"].queryset)
    assert by_bureau in offered and elsewhere not in offered
    plan(county_market, by_bureau)


def test_a_unit_belongs_to_its_nearest_area(area):
    """A park inside a county: the park's own bureau works for the park, not the county."""
    from enterprise.rules import unit_area

    park = UnitFactory(code="BYQ-YQ", name="鲅鱼圈经济技术开发区", kind=UnitKind.PARK, parent=area)
    department = UnitKind.MUNICIPAL_DEPARTMENT
    park_bureau = UnitFactory(code="BYQ-YQ-JSJ", name="开发区建设局", kind=department, parent=park)
    county_bureau = UnitFactory(code="BYQ-ZJJ", name="区住建局", kind=department, parent=area)
    assert unit_area(park_bureau) == park
    assert unit_area(county_bureau) == area
