"""E-5 由同级政府法制部门协调: a county (park) without a legal affairs office of its own — no
active 法制部门 user there — has its agencies' plans merged by the county government itself,
through its 单位审核 reviewers, the same people who approve those plans. The merge notice and
the permission to merge read the same rule."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enterprise import permissions, rules, services
from enterprise.choices import InspectionStatus
from tests.enterprise.factories import EnterpriseFactory
from tests.enterprise.test_inspection_notices import agency, legal_office, plan
from tests.factories import UserFactory
from yingkou.choices import NotificationKind, Role
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def enterprise(area):
    return EnterpriseFactory(name="营口港精细化工有限公司", introducing_unit=area, area=area)


def two_county_plans(enterprise):
    first = plan(agency("BYQ-SCJG", "county", "market"), enterprise)
    second = plan(agency("BYQ-STHJ", "county", "ecology"), enterprise, dt.date(2026, 12, 14))
    return first, second


def merge_told():
    return sorted(
        Notification.objects.filter(
            kind=NotificationKind.INSPECTION_PLAN, key__endswith=":merge"
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


def test_a_city_agency_among_them_is_still_the_city_offices(enterprise, reviewer, legal):
    first = plan(agency("BYQ-SCJG", "county", "market"), enterprise)
    second = plan(agency("STHJ", "city", "ecology"), enterprise, dt.date(2026, 12, 14))
    assert merge_told() == ["legal"]
    with pytest.raises(RuleViolation):
        services.inspection_merge(inspections=[first, second], lead=first, user=reviewer)
    assert list(rules.inspection_mergers([first, second])) == [legal]


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
