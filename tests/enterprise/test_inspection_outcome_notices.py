"""E-5: the agency that filed a plan is told its outcome — approved, turned down, or merged into
a joint inspection (each agency merged and the agency chosen to lead); nobody else, and a refused
action tells nobody."""

import datetime as dt

import pytest

from enterprise import services
from tests.enterprise.inspections import PLAN_DAY, agency, legal_office
from tests.factories import UserFactory
from yingkou.choices import NotificationKind, Role
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def market(area):
    return agency("BYQ-SCJG", "county", "market")


@pytest.fixture
def ecology(area):
    return agency("BYQ-STHJ", "county", "ecology")


@pytest.fixture
def county_legal(area):
    return legal_office("BYQ-SFJ", "county", parent=area)


def planners(unit):
    """The agency's staff and reviewer (both file plans) and a user of another role there."""
    staff = UserFactory(username=f"{unit.code}_staff", role=Role.UNIT_STAFF, unit=unit)
    UserFactory(username=f"{unit.code}_boss", role=Role.UNIT_REVIEWER, unit=unit)
    UserFactory(username=f"{unit.code}_gone", role=Role.UNIT_STAFF, unit=unit, is_active=False)
    return staff


def plan(staff, enterprise, day=PLAN_DAY):
    return services.inspection_plan(
        user=staff, enterprise=enterprise, planned_on=day, purpose="安全生产检查"
    )


def told():
    return sorted(
        Notification.objects.filter(kind=NotificationKind.INSPECTION_PLAN).values_list(
            "user__username", flat=True
        )
    )


def opens(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


def test_an_approved_plan_is_told_to_its_agencys_planners(
    client, enterprise, market, reviewer, owner, legal, county_legal
):
    staff = planners(market)
    inspection = plan(staff, enterprise)
    Notification.objects.all().delete()
    services.inspection_approve(inspection=inspection, user=reviewer)
    assert told() == ["BYQ-SCJG_boss", "BYQ-SCJG_staff"]
    notice = Notification.objects.get(user=staff)
    assert notice.title == "执法检查计划已批准：营口港精细化工有限公司"
    assert "计划检查日期：2026年12月10日" in notice.body
    assert "批准机关：鲅鱼圈区，2026年11月26日" in notice.body
    assert notice.url == f"/enterprise/inspections/{inspection.pk}/"
    assert opens(client, staff, notice.url) == 200


def test_a_turned_down_plan_is_told_to_its_agencys_planners(
    client, enterprise, market, reviewer, legal
):
    staff = planners(market)
    inspection = plan(staff, enterprise)
    Notification.objects.all().delete()
    services.inspection_reject(inspection=inspection, user=reviewer)
    assert told() == ["BYQ-SCJG_boss", "BYQ-SCJG_staff"]
    notice = Notification.objects.get(user=staff)
    assert notice.title == "执法检查计划未获批准：营口港精细化工有限公司"
    assert opens(client, staff, notice.url) == 200


def test_a_refused_decision_tells_nobody(enterprise, market, outsider, other_area):
    inspection = plan(planners(market), enterprise)
    Notification.objects.all().delete()
    other_reviewer = UserFactory(role=Role.UNIT_REVIEWER, unit=other_area)
    for decide in (services.inspection_approve, services.inspection_reject):
        with pytest.raises(RuleViolation):
            decide(inspection=inspection, user=other_reviewer)
    assert not Notification.objects.exists()


def test_a_merge_tells_each_agency_merged_and_the_lead(
    client, enterprise, market, ecology, reviewer, legal, county_legal
):
    market_staff, ecology_staff = planners(market), planners(ecology)
    lead = plan(market_staff, enterprise)
    merged = plan(ecology_staff, enterprise, dt.date(2026, 12, 14))
    Notification.objects.all().delete()
    services.inspection_merge(inspections=[lead, merged], lead=lead, user=county_legal)
    assert told() == ["BYQ-SCJG_boss", "BYQ-SCJG_staff", "BYQ-STHJ_boss", "BYQ-STHJ_staff"]
    to_lead = Notification.objects.get(user=market_staff)
    assert to_lead.title == "联合检查由贵单位牵头：营口港精细化工有限公司"
    assert "BYQ-STHJ执法机关" in to_lead.body and "计划检查日期：2026年12月10日" in to_lead.body
    to_merged = Notification.objects.get(user=ecology_staff)
    assert to_merged.title == "执法检查计划已并入联合检查：营口港精细化工有限公司"
    assert "BYQ-SCJG执法机关" in to_merged.body and "检查日期：2026年12月10日" in to_merged.body
    assert to_lead.url == to_merged.url == f"/enterprise/inspections/{lead.pk}/"
    assert opens(client, ecology_staff, to_merged.url) == 200
    assert opens(client, market_staff, to_lead.url) == 200


def test_a_refused_merge_tells_nobody(enterprise, market, ecology, legal):
    lead = plan(planners(market), enterprise)
    merged = plan(planners(ecology), enterprise, dt.date(2026, 12, 14))
    Notification.objects.all().delete()
    city_legal = UserFactory._meta.model.objects.get(username="legal")
    with pytest.raises(RuleViolation):
        services.inspection_merge(inspections=[lead, merged], lead=lead, user=city_legal)
    assert not Notification.objects.exists()


def test_the_joint_inspections_approval_reaches_every_agency_in_it(
    enterprise, market, ecology, reviewer, county_legal
):
    lead = plan(planners(market), enterprise)
    merged = plan(planners(ecology), enterprise, dt.date(2026, 12, 14))
    services.inspection_merge(inspections=[lead, merged], lead=lead, user=county_legal)
    Notification.objects.all().delete()
    services.inspection_approve(inspection=lead, user=reviewer)
    assert told() == ["BYQ-SCJG_boss", "BYQ-SCJG_staff", "BYQ-STHJ_boss", "BYQ-STHJ_staff"]
    assert set(Notification.objects.values_list("title", flat=True)) == {
        "执法检查计划已批准：营口港精细化工有限公司"
    }
