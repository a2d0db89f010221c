"""E-5 由同级政府法制部门协调: a county (park) without a legal affairs office of its own — no
active 法制部门 user there — has its agencies' plans merged by the county government itself,
through its 单位审核 reviewers, the same people who approve those plans. The merge notice and
the permission to merge read the same rule."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enterprise import permissions, services
from enterprise.choices import InspectionStatus
from tests.enterprise.factories import EnterpriseFactory
from tests.enterprise.inspections import agency, legal_office, plan
from tests.factories import UserFactory
from yingkou.choices import NotificationKind, Role
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def two_county_plans(enterprise):
    first = plan(agency("BYQ-SCJG", "county", "market"), enterprise)
    second = plan(agency("BYQ-STHJ", "county", "ecology"), enterprise, dt.date(2026, 12, 14))
    return first, second


def merge_told():
    return sorted(
        Notification.objects.filter(
            kind=NotificationKind.INSPECTION_PLAN, key__startswith="enterprise:inspection-merge:"
        ).values_list("user__username", flat=True)
    )


def test_without_a_county_office_the_county_governments_reviewers_are_told_and_merge(
    enterprise, reviewer, owner, legal, other_area
):
    legal_office("GZ-SFJ", "county", parent=other_area)  # another county's office: not ours
    first, second = two_county_plans(enterprise)
    assert merge_told() == ["alice_boss"]
    assert permissions.can_merge_inspections(reviewer)
    assert not permissions.can_merge_inspections(owner)  # staff do not act for the government
    with pytest.raises(PermissionDenied):
        services.inspection_merge(inspections=[first, second], lead=first, user=owner)
    with pytest.raises(RuleViolation):  # the city's office is not the county's
        services.inspection_merge(inspections=[first, second], lead=first, user=legal)
    services.inspection_merge(inspections=[first, second], lead=first, user=reviewer)
    second.refresh_from_db()
    assert second.status == InspectionStatus.MERGED and second.joint_with == first


def test_a_county_office_without_an_active_user_is_no_office(enterprise, reviewer, area):
    office = legal_office("BYQ-SFJ", "county", parent=area)
    office.is_active = False
    office.save()
    two_county_plans(enterprise)
    assert merge_told() == ["alice_boss"]


def test_with_a_county_office_only_the_office_merges(enterprise, reviewer, area):
    office = legal_office("BYQ-SFJ", "county", parent=area)
    first, second = two_county_plans(enterprise)
    assert merge_told() == ["legal_BYQ-SFJ"]
    assert not permissions.can_merge_inspections(reviewer)
    with pytest.raises(PermissionDenied):
        services.inspection_merge(inspections=[first, second], lead=first, user=reviewer)
    services.inspection_merge(inspections=[first, second], lead=first, user=office)


def test_another_countys_reviewer_may_not_merge(enterprise, reviewer, other_area):
    first, second = two_county_plans(enterprise)
    stranger = UserFactory(role=Role.UNIT_REVIEWER, unit=other_area)
    assert permissions.can_merge_inspections(stranger)  # its own county has no office either
    with pytest.raises(RuleViolation):
        services.inspection_merge(inspections=[first, second], lead=first, user=stranger)


def test_the_county_reviewer_is_offered_the_merge_on_the_list_page(
    client, enterprise, reviewer, other_area
):
    two_county_plans(enterprise)
    elsewhere = EnterpriseFactory(name="盖州某企业", introducing_unit=other_area, area=other_area)
    plan(agency("GZ-SCJG", "county", "market"), elsewhere)
    plan(agency("GZ-STHJ", "county", "ecology"), elsewhere, dt.date(2026, 12, 14))
    client.force_login(reviewer)
    page = client.get(reverse("enterprise:inspections")).content.decode()
    assert "合并为联合检查" in page and "营口港精细化工有限公司" in page
    assert "盖州某企业" not in page
    client.force_login(UserFactory(role=Role.UNIT_STAFF, unit=reviewer.unit))
    assert "合并为联合检查" not in client.get(reverse("enterprise:inspections")).content.decode()


# --- a city without a legal affairs office ------------------------------------------------------


@pytest.fixture
def mayor(city_gov):
    return UserFactory(username="mayor", role=Role.CITY_LEADER, unit=city_gov)


def two_city_plans(enterprise):
    first = plan(agency("STHJ", "city", "ecology"), enterprise)
    second = plan(agency("SCJG", "city", "market"), enterprise, dt.date(2026, 12, 14))
    return first, second


def test_without_a_city_office_the_city_government_examines_and_merges_city_plans(
    client, enterprise, mayor, reviewer, city_gov
):
    """由同级政府法制部门协调: the city has no 法制部门, so the city government itself — its city
    leaders, who approve city-level plans — is told of them, merges them and approves the joint
    inspection; a county's reviewers do not, nor the government's other staff."""
    clerk = UserFactory(username="szf_clerk", role=Role.UNIT_STAFF, unit=city_gov)
    first, second = two_city_plans(enterprise)
    assert sorted(
        Notification.objects.filter(key__endswith=f"{first.pk}:approve").values_list(
            "user__username", flat=True
        )
    ) == ["mayor"]
    assert merge_told() == ["mayor"]
    assert permissions.can_merge_inspections(mayor)
    assert not permissions.can_merge_inspections(clerk)
    with pytest.raises(RuleViolation) as refused:  # not one by one: merged first, by the mayor
        services.inspection_approve(inspection=first, user=mayor)
    assert "须先由市政府（本市未设法制部门，由市政府直接协调）协调合并为联合检查" in str(
        refused.value
    )
    with pytest.raises(RuleViolation) as refused:  # a county's reviewers are not the city's level
        services.inspection_merge(inspections=[first, second], lead=first, user=reviewer)
    assert "这些检查计划由市政府" in str(refused.value)

    client.force_login(mayor)
    page = client.get(reverse("enterprise:inspections")).content.decode()
    assert "合并为联合检查" in page and "营口港精细化工有限公司" in page

    services.inspection_merge(inspections=[first, second], lead=first, user=mayor)
    services.inspection_approve(inspection=first, user=mayor)
    first.refresh_from_db()
    assert first.status == InspectionStatus.APPROVED and first.approved_by_unit == city_gov


def test_with_a_city_office_the_city_leaders_leave_merging_to_it(enterprise, mayor, legal):
    first, second = two_city_plans(enterprise)
    assert merge_told() == ["legal"]
    assert not permissions.can_merge_inspections(mayor)
    with pytest.raises(PermissionDenied):
        services.inspection_merge(inspections=[first, second], lead=first, user=mayor)
    services.inspection_merge(inspections=[first, second], lead=first, user=legal)


def test_an_office_without_an_active_user_is_no_office_for_the_city_either(
    enterprise, mayor, legal
):
    legal.is_active = False
    legal.save()
    two_city_plans(enterprise)
    assert merge_told() == ["mayor"]


def test_with_no_one_at_the_city_level_the_page_says_whom_to_ask_instead_of_a_dead_end(
    client, enterprise, city_gov
):
    """Neither a city legal affairs office nor a city leader or reviewer of the city government
    with a login: nobody at the city level can merge, and the plan's page says so and whom to
    ask, instead of a plan waiting for no one. An administrator may still merge them."""
    approver = UserFactory(username="szf_reviewer", role=Role.UNIT_REVIEWER, unit=city_gov)
    approver.is_active = False  # the only one there was has left
    approver.save()
    first, second = two_city_plans(enterprise)
    assert merge_told() == []
    client.force_login(UserFactory(role=Role.UNIT_STAFF, unit=first.agency))
    page = client.get(reverse("enterprise:inspection", args=[first.pk])).content.decode()
    assert "暂时无人能够合并" in page and "请联系管理员为本市设置法制部门" in page
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    services.inspection_merge(inspections=[first, second], lead=first, user=admin)
    page = client.get(reverse("enterprise:inspection", args=[first.pk])).content.decode()
    assert "data-merge-waiting" not in page


def test_a_plan_waiting_to_be_merged_says_by_whom_to_its_agency(client, enterprise, legal):
    first, _second = two_city_plans(enterprise)
    client.force_login(UserFactory(role=Role.UNIT_STAFF, unit=first.agency))
    page = client.get(reverse("enterprise:inspection", args=[first.pk])).content.decode()
    assert "须先由市法制部门协调合并为联合检查" in page
