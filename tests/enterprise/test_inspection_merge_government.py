"""E-5 多个行政执法机关对同一企业提出执法检查计划的，由同级政府法制部门协调: only plans of one
same-level government are merged into one joint inspection, which that government approves. A
city-level agency's plan and a county's, two counties' or a park's and its county's are each
approved by their own government: the merge refuses them (service, page, API) naming both
governments, they are not offered for merging nor wait for each other. A joint inspection merged
across governments before this rule is marked for review and neither approved nor turned down by
one of them; its lead agency withdraws it and each plan goes back to its own government."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enterprise import rules, services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.conftest import api_as
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency, plan, staff
from tests.factories import UnitFactory, UserFactory
from tests.queries import assert_constant_queries
from yingkou.choices import Role, UnitKind
from yingkou.errors import RuleViolation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

REASON = "联合检查混合了市、县两级政府的检查计划，撤回后分别报批。"


@pytest.fixture
def city_ecology(db):
    return agency("STHJ", "city", "ecology")


# The county's agencies and office are the enterprise tests' own (conftest), named here
# against the city's.


@pytest.fixture
def county_market(market):
    return market


@pytest.fixture
def county_ecology(ecology):
    return ecology


@pytest.fixture
def county_office(office):
    return office


def merge(plans, user):
    return services.inspection_merge(inspections=plans, lead=plans[0], user=user)


# --- the boundaries -----------------------------------------------------------------------------


def test_a_city_agencys_plan_and_a_county_agencys_are_not_merged(
    enterprise, city_ecology, county_market, legal, county_office, reviewer
):
    city_plan = plan(city_ecology, enterprise)
    county_plan = plan(county_market, enterprise, dt.date(2026, 12, 14))
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    for user in (legal, admin):
        with pytest.raises(RuleViolation) as refused:
            merge([city_plan, county_plan], user)
        assert refused.value.rule == "E-5"
        assert "STHJ执法机关的本级政府是市政府" in refused.value.text
        assert "BYQ-SCJG执法机关的本级政府是鲅鱼圈区政府" in refused.value.text
        assert "不是同一本级政府" in refused.value.text
    with pytest.raises(RuleViolation) as refused:  # nor the county's office, led by its agency
        merge([county_plan, city_plan], county_office)
    assert "BYQ-SCJG执法机关的本级政府是鲅鱼圈区政府，STHJ执法机关的本级政府是市政府" in (
        refused.value.text
    )
    assert Inspection.objects.filter(status=InspectionStatus.MERGED).count() == 0
    # Neither waits for the other: each is approved by its own government.
    assert rules.inspection_merge_waiting(city_plan) is None
    assert rules.inspection_merge_waiting(county_plan) is None
    assert services.inspection_approve(inspection=city_plan, user=legal).approved_by_unit == (
        legal.unit
    )
    approved = services.inspection_approve(inspection=county_plan, user=reviewer)
    assert approved.approved_by_unit == reviewer.unit


def test_two_plans_of_one_county_are_merged_and_approved_by_that_county(
    enterprise, county_market, county_ecology, county_office, reviewer, legal
):
    first = plan(county_market, enterprise)
    second = plan(county_ecology, enterprise, dt.date(2026, 12, 14))
    assert "须先由鲅鱼圈区法制部门协调合并" in rules.inspection_merge_waiting(first)
    lead = merge([first, second], county_office)
    second.refresh_from_db()
    assert second.status == InspectionStatus.MERGED and second.joint_with == lead
    with pytest.raises(RuleViolation):  # the city is not its government
        services.inspection_approve(inspection=lead, user=legal)
    services.inspection_approve(inspection=lead, user=reviewer)
    lead.refresh_from_db()
    assert lead.approved_by_unit == reviewer.unit and not lead.unfit


def test_two_counties_plans_are_not_merged(enterprise, county_market, other_area, county_office):
    """Another county's agency, as a plan stands once its unit was filed under that county in
    the admin: its government is that county's, not the enterprise's."""
    first = plan(county_market, enterprise)
    stranger = agency("GZ-STHJ", "county", "ecology", parent=other_area)
    second = InspectionFactory(enterprise=enterprise, agency=stranger, planned_on=first.planned_on)
    with pytest.raises(RuleViolation) as refused:
        merge([first, second], county_office)
    assert "BYQ-SCJG执法机关的本级政府是鲅鱼圈区政府" in refused.value.text
    assert "GZ-STHJ执法机关的本级政府是盖州市政府" in refused.value.text
    # Nor is it one to wait for: the county's own plan is approved alone.
    assert rules.inspection_merge_waiting(first) is None


@pytest.fixture
def park(area):
    """A park inside the county: an area of its own (the nearest area up a unit's chain)."""
    return UnitFactory(name="鲅鱼圈临港园区", code="LG", kind=UnitKind.PARK, parent=area)


def test_a_parks_plans_are_its_own_governments_not_its_countys(park, area, county_market, reviewer):
    in_park = EnterpriseFactory(name="园区企业", introducing_unit=park, area=park)
    park_market = agency("LG-SCJG", "county", "market", parent=park)
    park_ecology = agency("LG-STHJ", "county", "ecology", parent=park)
    park_reviewer = UserFactory(username="lg_boss", role=Role.UNIT_REVIEWER, unit=park)
    first = plan(park_market, in_park)
    second = plan(park_ecology, in_park, dt.date(2026, 12, 14))
    # The county it lies in neither merges nor approves the park's plans.
    with pytest.raises(RuleViolation):
        merge([first, second], reviewer)
    # A plan of the county's own agency, as one filed before the enterprise was recorded in the
    # park: the county's, not to be merged with the park's.
    county_plan = InspectionFactory(
        enterprise=in_park, agency=county_market, planned_on=dt.date(2026, 12, 16)
    )
    with pytest.raises(RuleViolation) as refused:
        merge([first, county_plan], park_reviewer)
    assert "LG-SCJG执法机关的本级政府是鲅鱼圈临港园区政府" in refused.value.text
    assert "BYQ-SCJG执法机关的本级政府是鲅鱼圈区政府" in refused.value.text
    lead = merge([first, second], park_reviewer)
    services.inspection_approve(inspection=lead, user=park_reviewer)
    lead.refresh_from_db()
    assert lead.approved_by_unit == park


# --- page, API and the plans offered ------------------------------------------------------------


def test_the_page_offers_only_plans_of_one_government_and_refuses_a_mixed_merge(
    client, enterprise, city_ecology, county_market, county_ecology, county_office, legal
):
    city_plan = plan(city_ecology, enterprise)
    market = plan(county_market, enterprise, dt.date(2026, 12, 14))
    ecology = plan(county_ecology, enterprise, dt.date(2026, 12, 16))
    inspections = reverse("enterprise:inspections")

    client.force_login(county_office)
    [group] = client.get(inspections).context["candidates"]
    assert sorted(p.pk for p in group["plans"]) == [market.pk, ecology.pk]
    # The city's office has nothing to merge: the city's only plan stands alone.
    client.force_login(legal)
    assert client.get(inspections).context["candidates"] == []
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    [group] = client.get(inspections).context["candidates"]
    assert city_plan not in group["plans"]

    # A form sent by hand with the city's plan is refused, naming the two governments.
    client.force_login(county_office)
    refused = client.post(
        reverse("enterprise:inspection_merge"),
        {"inspections": [market.pk, city_plan.pk], "lead": market.pk},
        follow=True,
    )
    page = refused.content.decode()
    assert "鲅鱼圈区政府" in page and "市政府" in page and "不是同一本级政府" in page
    assert Inspection.objects.filter(status=InspectionStatus.MERGED).count() == 0
    client.post(
        reverse("enterprise:inspection_merge"),
        {"inspections": [market.pk, ecology.pk], "lead": market.pk},
    )
    ecology.refresh_from_db()
    assert ecology.joint_with_id == market.pk


def test_the_api_refuses_a_mixed_merge(enterprise, city_ecology, county_market, legal):
    city_plan = plan(city_ecology, enterprise)
    county_plan = plan(county_market, enterprise, dt.date(2026, 12, 14))
    response = api_as(legal).post(
        "/api/v1/enterprise/inspections/merge/",
        {"inspections": [city_plan.pk, county_plan.pk], "lead": city_plan.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "E-5"
    assert "市政府" in response.json()["detail"] and "鲅鱼圈区政府" in response.json()["detail"]
    assert not Inspection.objects.filter(status=InspectionStatus.MERGED).exists()


def test_the_plans_offered_for_merging_take_a_fixed_number_of_queries(client, legal, area):
    client.force_login(legal)
    market = agency("SCJG", "city", "market")
    ecology = agency("STHJ", "city", "ecology")
    county = agency("BYQ-SCJG", "county", "market", parent=area)

    def add(n):
        for _ in range(n):
            enterprise = EnterpriseFactory(introducing_unit=area, area=area)
            for unit in (market, ecology, county):
                InspectionFactory(enterprise=enterprise, agency=unit)

    def candidates():
        response = client.get(reverse("enterprise:inspections"))
        assert all(len(group["plans"]) == 2 for group in response.context["candidates"])
        return response

    assert_constant_queries(candidates, add, large=40)


# --- a joint inspection merged across governments before this rule ------------------------------


@pytest.fixture
def mixed(enterprise, county_market, city_ecology):
    """As merged before the rule: the county market regulator's plan leading, the city ecology
    bureau's merged into it."""
    lead = InspectionFactory(enterprise=enterprise, agency=county_market)
    part = InspectionFactory(
        enterprise=enterprise,
        agency=city_ecology,
        planned_on=dt.date(2026, 12, 14),
        status=InspectionStatus.MERGED,
        joint_with=lead,
    )
    return lead, part


def test_a_pending_mixed_joint_inspection_is_marked_and_not_decided_by_one_government(
    client, mixed, reviewer, legal
):
    lead, part = mixed
    [reason] = rules.inspection_unfit_reasons(lead)
    assert "该联合检查并入了不同本级政府的检查计划" in reason
    assert "鲅鱼圈区政府" in reason and "市政府" in reason and "由牵头机关撤回" in reason
    for decide in (services.inspection_approve, services.inspection_reject):
        with pytest.raises(RuleViolation) as refused:
            decide(inspection=lead, user=reviewer)
        assert "不同本级政府" in refused.value.text
    lead.refresh_from_db()
    assert lead.status == InspectionStatus.PLANNED

    client.force_login(reviewer)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert "data-unfit" in page and "不同本级政府" in page
    assert reverse("enterprise:inspection_approve", args=[lead.pk]) not in page
    client.force_login(legal)
    listed = client.get(reverse("enterprise:inspections"), {"unfit": "1"}).context["page"]
    assert {i.pk for i in listed.object_list} == {lead.pk, part.pk}


def test_its_lead_agency_withdraws_it_and_each_plan_goes_back_to_its_own_government(
    mixed, county_market, legal
):
    lead, part = mixed
    services.inspection_withdraw(inspection=lead, user=staff(county_market), reason=REASON)
    part.refresh_from_db()
    assert part.status == InspectionStatus.PLANNED and part.joint_with is None
    assert part.history.first().history_user.unit == county_market
    assert services.inspection_approve(inspection=part, user=legal).approved_by_unit == legal.unit


def test_an_approved_mixed_joint_inspection_is_not_carried_out(
    time_machine, mixed, county_market, area
):
    lead, _part = mixed
    Inspection.objects.filter(pk=lead.pk).update(
        status=InspectionStatus.APPROVED, approved_by_unit=area, approved_on=dt.date(2026, 11, 20)
    )
    lead.refresh_from_db()
    time_machine.move_to(dt.datetime(2026, 12, 10, 2, tzinfo=dt.UTC), tick=False)
    with pytest.raises(RuleViolation) as refused:
        services.inspection_carry_out(inspection=lead, user=staff(county_market), findings="合格")
    assert "不同本级政府" in refused.value.text
    with pytest.raises(PermissionDenied):  # the merged agency does not withdraw the lead's
        services.inspection_withdraw(inspection=lead, user=staff(_part.agency), reason=REASON)
