"""E-5 每年不得超过一次 and 上级已检查的，下级不得再次检查, for a plan merged into a joint inspection:
its agency's inspection takes place when, and only when, the joint inspection does, so it is
held on the joint inspection's day — planned while pending or approved, carried out once done —
not on the day the merged plan was filed for. Turned down, the plans are turned down with it and
count no more; withdrawn, they go back to pending on their own days (rules.merged_plans_fate).
The merged plan's own day counted until the joint inspection was carried out."""

import datetime as dt

import pytest

from enterprise import rules, services
from enterprise.choices import InspectionStatus
from tests.enterprise.inspections import agency, plan
from tests.factories import UserFactory
from yingkou.choices import Role
from yingkou.errors import RuleViolation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

JOINT_DAY = dt.date(2027, 1, 5)
OWN_DAY = dt.date(2027, 3, 10)
ONCE = "同一行政执法机关对同一企业的执法检查，每年不得超过一次：本机关已有{day}的检查，两次检查须相隔12个月。（E-5）"
UPPER = "同一系统的上级行政执法机关（STHJ执法机关）已于{day}对该企业执法检查，12个月内下级机关不得再次检查。（E-5）"


def refused(agency, enterprise, day) -> str:
    with pytest.raises(RuleViolation) as refusal:
        rules.inspection_plan_rule(enterprise=enterprise, agency=agency, planned_on=day)
    return refusal.value.text


def allowed(agency, enterprise, day) -> None:
    rules.inspection_plan_rule(enterprise=enterprise, agency=agency, planned_on=day)


@pytest.fixture
def joint(enterprise, market, ecology, reviewer):
    """The ecology bureau's plan for 10 March 2027, merged by the county government (the county
    has no legal affairs office) into the market regulator's for 5 January 2027."""
    lead = plan(market, enterprise, JOINT_DAY)
    part = plan(ecology, enterprise, OWN_DAY)
    services.inspection_merge(inspections=[lead, part], lead=lead, user=reviewer)
    return lead, part


@pytest.mark.parametrize("approved", [False, True], ids=["pending", "approved"])
def test_a_merged_agency_waits_12_months_from_the_joint_inspections_day(
    joint, enterprise, ecology, reviewer, approved
):
    lead, _part = joint
    if approved:
        services.inspection_approve(inspection=lead, user=reviewer)
    assert refused(ecology, enterprise, dt.date(2028, 1, 4)) == ONCE.format(day="2027年1月5日")
    allowed(ecology, enterprise, dt.date(2028, 1, 5))
    # Filed through the service as well, on the day after its own plan's day a year before.
    assert plan(ecology, enterprise, dt.date(2028, 1, 6)).status == InspectionStatus.PLANNED


def test_a_merged_agency_may_not_plan_before_the_joint_inspection_within_12_months(
    joint, enterprise, ecology
):
    assert refused(ecology, enterprise, dt.date(2026, 12, 1)) == ONCE.format(day="2027年1月5日")


def test_carried_out_the_joint_inspection_holds_its_agencies_from_the_day_carried_out(
    enterprise, market, ecology, reviewer
):
    lead = plan(market, enterprise, dt.date(2026, 12, 20))
    part = plan(ecology, enterprise, dt.date(2026, 12, 28))
    services.inspection_merge(inspections=[lead, part], lead=lead, user=reviewer)
    services.inspection_approve(inspection=lead, user=reviewer)
    services.inspection_carry_out(
        inspection=lead,
        user=UserFactory(role=Role.UNIT_STAFF, unit=market),
        findings="未发现问题",
        carried_out_on=dt.date(2026, 11, 26),
    )
    assert refused(ecology, enterprise, dt.date(2027, 11, 25)) == ONCE.format(day="2026年11月26日")
    allowed(ecology, enterprise, dt.date(2027, 11, 26))


def test_turned_down_the_joint_inspection_holds_its_agencies_no_more(
    joint, enterprise, ecology, reviewer
):
    lead, part = joint
    services.inspection_reject(inspection=lead, user=reviewer)
    part.refresh_from_db()
    assert part.status == InspectionStatus.REJECTED
    allowed(ecology, enterprise, dt.date(2027, 1, 5))
    allowed(ecology, enterprise, dt.date(2027, 3, 10))


def test_withdrawn_the_joint_inspection_its_merged_plans_are_held_on_their_own_days(
    joint, enterprise, market, ecology
):
    lead, part = joint
    services.inspection_withdraw(
        inspection=lead,
        user=UserFactory(role=Role.UNIT_STAFF, unit=market),
        reason="牵头机关本年度检查任务调整，不再实施。",
    )
    part.refresh_from_db()
    assert part.status == InspectionStatus.PLANNED and part.joint_with is None
    assert refused(ecology, enterprise, dt.date(2028, 3, 9)) == ONCE.format(day="2027年3月10日")
    allowed(ecology, enterprise, dt.date(2028, 3, 10))
    allowed(market, enterprise, dt.date(2027, 1, 5))


def test_an_upper_level_agencys_merged_plan_holds_the_lower_level_from_the_joint_day(
    enterprise, ecology, legal
):
    """The city ecology bureau's plan merged into the city market regulator's approved joint
    inspection: the county ecology bureau may not inspect within the 12 months after the joint
    inspection's day, and may from the day 12 months later — before and after the merged plan's
    own day alike."""
    lead = plan(agency("SCJG", "city", "market"), enterprise, JOINT_DAY)
    part = plan(agency("STHJ", "city", "ecology"), enterprise, OWN_DAY)
    services.inspection_merge(inspections=[lead, part], lead=lead, user=legal)
    services.inspection_approve(inspection=lead, user=legal)
    assert refused(ecology, enterprise, dt.date(2027, 2, 1)) == UPPER.format(day="2027年1月5日")
    assert refused(ecology, enterprise, dt.date(2028, 1, 4)) == UPPER.format(day="2027年1月5日")
    allowed(ecology, enterprise, dt.date(2028, 1, 5))


def test_a_merge_putting_an_agency_within_12_months_of_its_inspection_is_refused(
    enterprise, market, ecology, reviewer
):
    """The ecology bureau inspects on 1 December 2026. Merged under the market regulator's plan
    of 1 June 2027 it would inspect again six months later — refused, naming it and the day; led
    by its own plan of 10 December 2027 the joint inspection is merged and approved."""
    earlier = plan(ecology, enterprise, dt.date(2026, 12, 1))
    services.inspection_approve(inspection=earlier, user=reviewer)
    market_plan = plan(market, enterprise, dt.date(2027, 6, 1))
    ecology_plan = plan(ecology, enterprise, dt.date(2027, 12, 10))
    with pytest.raises(RuleViolation) as refusal:
        services.inspection_merge(
            inspections=[market_plan, ecology_plan], lead=market_plan, user=reviewer
        )
    assert refusal.value.text == (
        "BYQ-STHJ执法机关并入联合检查后将于2027年6月1日检查：" + ONCE.format(day="2026年12月1日")
    )
    assert refusal.value.about == (ecology_plan,)
    services.inspection_merge(
        inspections=[market_plan, ecology_plan], lead=ecology_plan, user=reviewer
    )
    services.inspection_approve(inspection=ecology_plan, user=reviewer)
    ecology_plan.refresh_from_db()
    assert ecology_plan.status == InspectionStatus.APPROVED


def test_a_joint_inspection_is_not_approved_once_an_upper_agency_inspected_its_part(
    enterprise, ecology, legal, reviewer
):
    """Merged on 26 November, the county ecology bureau's plan takes part in the market
    regulator's joint inspection of 1 June 2027; the city ecology bureau then inspects on 1
    March 2027. The county government may not approve the joint inspection: its ecology bureau
    would inspect within 12 months after its upper level."""
    market = agency("BYQ-SCJG", "county", "market", parent=enterprise.area)
    lead = plan(market, enterprise, dt.date(2027, 6, 1))
    part = plan(ecology, enterprise, dt.date(2027, 6, 20))
    services.inspection_merge(inspections=[lead, part], lead=lead, user=reviewer)
    upper = plan(agency("STHJ", "city", "ecology"), enterprise, dt.date(2027, 3, 1))
    services.inspection_approve(inspection=upper, user=legal)
    with pytest.raises(RuleViolation) as refusal:
        services.inspection_approve(inspection=lead, user=reviewer)
    assert refusal.value.text == (
        "BYQ-STHJ执法机关并入联合检查后将于2027年6月1日检查：" + UPPER.format(day="2027年3月1日")
    )
