"""E-5: what becomes of the plans merged into a joint inspection once it ends
(enterprise.rules.merged_plans_fate). Turned down by the same-level government, they are turned
down with it; withdrawn by its lead agency, they go back to pending for their government to
decide again; carried out, they stay merged — they took place with it. Either way each change is
in the plan's history and its agency is told in its inbox, with a link it can open."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from enterprise import rules, services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.conftest import api_as
from tests.enterprise.factories import EnterpriseFactory, InspectionFactory
from tests.enterprise.inspections import agency, staff
from tests.factories import UserFactory
from yingkou.choices import NotificationKind, Role
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = dt.date(2026, 11, 26)
REASON = "牵头机关本年度检查任务调整，不再实施。"


@pytest.fixture
def emergency(area):
    return agency("BYQ-YJJ", "county", "emergency", parent=area)


def plan(user, enterprise, day=dt.date(2026, 12, 10)):
    return services.inspection_plan(
        user=user, enterprise=enterprise, planned_on=day, purpose="安全生产检查"
    )


@pytest.fixture
def joint(enterprise, market, ecology, reviewer):
    """The county's two agencies' plans, merged by the county government (the county has no
    legal affairs office) under the market regulator: (lead, merged plan)."""
    lead = plan(staff(market), enterprise)
    part = plan(staff(ecology), enterprise, dt.date(2026, 12, 14))
    services.inspection_merge(inspections=[lead, part], lead=lead, user=reviewer)
    part.refresh_from_db()
    assert part.status == InspectionStatus.MERGED
    return lead, part


def inbox(username):
    return Notification.objects.filter(
        user__username=username, kind=NotificationKind.INSPECTION_PLAN
    ).order_by("pk")


def opens(client, user, url) -> int:
    client.force_login(user)
    return client.get(url).status_code


def test_turned_down_the_merged_plans_are_turned_down_with_it(client, joint, reviewer, ecology):
    lead, part = joint
    services.inspection_reject(inspection=lead, user=reviewer)

    part.refresh_from_db()
    assert part.status == InspectionStatus.REJECTED
    # The joint inspection's refusal: the same unit, person and day; still shown as its part.
    assert (part.approved_by_unit, part.approved_by, part.approved_on) == (
        reviewer.unit,
        reviewer,
        TODAY,
    )
    assert part.joint_with == lead and part.approved is False
    last = part.history.first()
    assert last.history_user == reviewer and last.status == InspectionStatus.REJECTED
    assert "不予批准" in last.history_change_reason and "BYQ-SCJG" in last.history_change_reason

    # Its agency is told, and the link opens for it.
    notice = inbox("BYQ-STHJ_staff").last()
    assert notice.title == "执法检查计划未获批准：营口港精细化工有限公司"
    assert "一并不予批准" in notice.body and "须重新报送检查计划" in notice.body
    assert notice.url == lead.get_absolute_url()
    assert opens(client, staff_of(ecology), notice.url) == 200
    assert "并入的各机关检查计划随联合检查一并不予批准" in client.get(notice.url).content.decode()
    assert "不予批准" in client.get(part.get_absolute_url()).content.decode()

    # Nothing is left to decide on it, and it no longer holds its agency to once a year: it
    # files again.
    for act in (services.inspection_approve, services.inspection_reject):
        with pytest.raises(RuleViolation):
            act(inspection=part, user=reviewer)
    again = plan(staff_of(ecology), lead.enterprise, dt.date(2026, 12, 20))
    assert again.status == InspectionStatus.PLANNED


def staff_of(unit):
    return UserFactory(role=Role.UNIT_STAFF, unit=unit)


def test_turned_down_through_the_api_the_same(joint, reviewer):
    lead, part = joint
    response = api_as(reviewer).post(f"/api/v1/enterprise/inspections/{lead.pk}/reject/")
    assert response.status_code == 200, response.json()
    part_row = api_as(reviewer).get(f"/api/v1/enterprise/inspections/{part.pk}/").json()
    assert part_row["status"] == "rejected" and part_row["joint_with"] == lead.pk


def test_withdrawn_the_merged_plans_go_back_to_pending_and_out_of_it(
    client, joint, reviewer, market, ecology, enterprise
):
    lead, part = joint
    services.inspection_approve(inspection=lead, user=reviewer)
    lead_staff = staff_of(market)
    services.inspection_withdraw(inspection=lead, user=lead_staff, reason=REASON)

    part.refresh_from_db()
    assert part.status == InspectionStatus.PLANNED and part.joint_with is None
    assert part.approved_by_unit is None and part.withdrawn_on is None
    last = part.history.first()
    assert last.history_user == lead_staff and last.status == InspectionStatus.PLANNED
    assert last.joint_with_id is None and part.history.all()[1].joint_with_id == lead.pk
    assert "退回待批准" in last.history_change_reason

    # Its agency is told why, with a link to its own plan, which opens for it; the county
    # government, which decides on it again, is told it waits for a decision.
    [told] = inbox("BYQ-STHJ_staff").filter(key__contains="back-to-pending")
    assert told.title == "联合检查已撤回，贵单位的检查计划退回待批准：营口港精细化工有限公司"
    assert REASON in told.body and "BYQ-SCJG执法机关" in told.body
    assert "已于2026年11月26日撤回" in told.body and "计划检查日期：2026年12月" in told.body
    assert told.url == part.get_absolute_url()
    assert opens(client, staff_of(ecology), told.url) == 200
    approve_again = inbox("alice_boss").filter(
        key=f"enterprise:inspection:{part.pk}:approve:{lead.pk}"
    )
    assert (
        approve_again.get().title
        == "执法检查计划退回待批准：BYQ-STHJ执法机关检查营口港精细化工有限公司"
    )
    # The withdrawal notice, which links to the joint inspection, goes to its approvers only.
    assert not inbox("BYQ-STHJ_staff").filter(key__endswith=":withdrawn").exists()
    withdrawn = inbox("alice_boss").get(key__endswith=":withdrawn")
    assert "退回待批准" in withdrawn.body

    # The joint inspection's page still names the agency it was to take along.
    client.force_login(lead_staff)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert "data-released" in page and "BYQ-STHJ执法机关" in page

    # Pending again, it holds its agency to once a year, and its government decides on it alone.
    with pytest.raises(RuleViolation) as refused:
        plan(staff_of(ecology), enterprise, dt.date(2026, 12, 20))
    assert "每年不得超过一次" in refused.value.text
    services.inspection_approve(inspection=part, user=reviewer)
    assert Inspection.objects.get(pk=part.pk).status == InspectionStatus.APPROVED


def test_withdrawn_several_plans_back_to_pending_are_merged_again(
    joint, reviewer, market, emergency, enterprise
):
    lead, part = joint
    third = plan(staff(emergency), enterprise, dt.date(2026, 12, 18))
    # Filed after the merge, the third plan waits with the joint one; merge it in too.
    services.inspection_merge(inspections=[lead, third], lead=lead, user=reviewer)
    services.inspection_approve(inspection=lead, user=reviewer)
    services.inspection_withdraw(inspection=lead, user=staff_of(market), reason=REASON)

    assert set(
        Inspection.objects.filter(pk__in=[part.pk, third.pk]).values_list("status", flat=True)
    ) == {InspectionStatus.PLANNED}
    # Two agencies' plans pending again: merged before either is approved, and the county
    # government, which merges them, is told so.
    with pytest.raises(RuleViolation) as refused:
        services.inspection_approve(inspection=Inspection.objects.get(pk=part.pk), user=reviewer)
    assert "须先由" in refused.value.text
    assert inbox("alice_boss").filter(key__startswith="enterprise:inspection-merge:")
    services.inspection_merge(
        inspections=list(Inspection.objects.filter(pk__in=[part.pk, third.pk])),
        lead=Inspection.objects.get(pk=third.pk),
        user=reviewer,
    )
    assert Inspection.objects.get(pk=part.pk).joint_with_id == third.pk


def test_carried_out_the_merged_plans_stay_merged(joint, reviewer, market, ecology, enterprise):
    lead, part = joint
    services.inspection_approve(inspection=lead, user=reviewer)
    services.inspection_carry_out(inspection=lead, user=staff_of(market), findings="未发现问题")

    lead.refresh_from_db()
    part.refresh_from_db()
    assert rules.merged_plans_fate(lead) is None
    assert part.status == InspectionStatus.MERGED and part.joint_with == lead
    assert part.approved is True
    assert part.history.first().status == InspectionStatus.MERGED  # not written again
    # It took place with the joint inspection: its agency waits 12 months.
    with pytest.raises(RuleViolation) as refused:
        plan(staff_of(ecology), enterprise, dt.date(2027, 3, 1))
    assert "每年不得超过一次" in refused.value.text


@pytest.mark.parametrize(
    ("status", "fate"),
    [
        (InspectionStatus.PLANNED, None),
        (InspectionStatus.APPROVED, None),
        (InspectionStatus.DONE, None),
        (InspectionStatus.REJECTED, InspectionStatus.REJECTED),
        (InspectionStatus.WITHDRAWN, InspectionStatus.PLANNED),
    ],
)
def test_the_rule_for_every_state_of_the_joint_inspection(status, fate):
    assert rules.merged_plans_fate(Inspection(status=status)) == fate


BEFORE = [("enterprise", "0020_inspection_withdrawal")]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_plans_left_merged_into_a_joint_inspection_turned_down_before_are_turned_down(area):
    """Turned down before the rule, a joint inspection left its merged plans 已并入联合检查."""
    decider = UserFactory(role=Role.UNIT_REVIEWER, unit=area)
    enterprise = EnterpriseFactory(introducing_unit=area, area=area)
    lead = InspectionFactory(
        enterprise=enterprise,
        agency=agency("BYQ-SCJG", "county", "market", parent=area),
        status=InspectionStatus.REJECTED,
        approved_by_unit=area,
        approved_by=decider,
        approved_on=dt.date(2026, 11, 20),
    )
    ecology = agency("BYQ-STHJ", "county", "ecology", parent=area)
    left = InspectionFactory(
        enterprise=enterprise, agency=ecology, status=InspectionStatus.MERGED, joint_with=lead
    )
    carried = InspectionFactory(enterprise=enterprise, agency=ecology, status=InspectionStatus.DONE)
    kept = InspectionFactory(
        enterprise=enterprise,
        agency=agency("BYQ-YJJ", "county", "emergency", parent=area),
        status=InspectionStatus.MERGED,
        joint_with=carried,
    )
    try:
        _migrate(BEFORE)
        _migrate(_latest())
    finally:
        _migrate(_latest())
    left = Inspection.objects.get(pk=left.pk)
    assert left.status == InspectionStatus.REJECTED and left.joint_with_id == lead.pk
    assert (left.approved_by_unit_id, left.approved_by_id, left.approved_on) == (
        area.pk,
        decider.pk,
        dt.date(2026, 11, 20),
    )
    latest = left.history.first()
    assert latest.status == InspectionStatus.REJECTED and "E-5" in latest.history_change_reason
    assert Inspection.objects.get(pk=kept.pk).status == InspectionStatus.MERGED
