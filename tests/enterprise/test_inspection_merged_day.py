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
