"""E-5: the agency that filed a plan withdraws (撤回) it while it is still pending (待批准), with a
written reason, as it withdraws an approved one — it need not wait for its government to turn it
down. The plan then reads 已撤回, counts toward nothing, leaves every queue it was in, and those
who had it there are told; only the agency itself may withdraw it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enterprise import rules, services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.conftest import api_as
from tests.enterprise.inspections import agency, legal_office, plan, withdrawal_told
from tests.enterprise.test_inspection_queues_by_role import enterprise_queues
from tests.factories import UserFactory
from yingkou.choices import Role
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

REASON = "企业已申请停产整顿，本年度暂不检查。"
QUEUE = "待本级政府批准的执法检查计划"
OWN_QUEUE = "本机关待批准的执法检查计划"


@pytest.fixture
def pending(market, enterprise):
    return plan(market, enterprise)


def queue_count(client, user, queue=QUEUE) -> int:
    return next(count for label, count, _url in enterprise_queues(client, user) if label == queue)


def test_the_agency_withdraws_its_pending_plan_and_it_leaves_the_approvers_queue(
    client, pending, market, market_staff, reviewer, enterprise
):
    assert queue_count(client, reviewer) == 1
    assert queue_count(client, market_staff, OWN_QUEUE) == 1
    services.inspection_withdraw(inspection=pending, user=market_staff, reason=f" {REASON} ")

    pending.refresh_from_db()
    assert pending.status == InspectionStatus.WITHDRAWN
    assert pending.withdrawn_on == dt.date(2026, 11, 26) and pending.withdrawn_by == market_staff
    assert pending.withdrawal_reason == REASON and pending.approved_by_unit is None
    last = pending.history.first()
    assert last.history_user == market_staff and last.status == InspectionStatus.WITHDRAWN
    assert last.withdrawal_reason == REASON
    # The county government, whose queue it was in, is told; it counts there no more.
    assert withdrawal_told() == ["alice_boss"]
    notice = Notification.objects.get(key__endswith=":withdrawn")
    assert REASON in notice.body and "撤回前尚待批准，无需再审批" in notice.body
    assert queue_count(client, reviewer) == 0
    assert queue_count(client, market_staff, OWN_QUEUE) == 0
    assert not rules.inspection_decision_possible(pending, reviewer.unit)
    with pytest.raises(RuleViolation):
        services.inspection_approve(inspection=pending, user=reviewer)
    with pytest.raises(RuleViolation):
        services.inspection_reject(inspection=pending, user=reviewer)
    # It counts toward nothing: the agency may plan the enterprise again within 12 months.
    again = plan(market, enterprise, dt.date(2026, 12, 20))
    assert again.status == InspectionStatus.PLANNED


def test_a_reason_is_required_as_for_an_approved_plan(pending, market_staff):
    with pytest.raises(RuleViolation) as refused:
        services.inspection_withdraw(inspection=pending, user=market_staff, reason=" ")
    assert refused.value.field == "reason" and "撤回理由" in refused.value.text
    assert Inspection.objects.get(pk=pending.pk).status == InspectionStatus.PLANNED


def test_only_its_own_agency_withdraws_it(pending, area, reviewer, legal, owner):
    other_agency = UserFactory(
        role=Role.UNIT_REVIEWER, unit=agency("BYQ-STHJ", "county", "ecology", parent=area)
    )
    for user in (reviewer, legal, owner, other_agency):
        with pytest.raises(PermissionDenied):
            services.inspection_withdraw(inspection=pending, user=user, reason=REASON)
    assert Inspection.objects.get(pk=pending.pk).status == InspectionStatus.PLANNED


def test_a_city_agencys_pending_plan_withdrawn_tells_the_city_legal_office(enterprise, legal):
    city = agency("STHJ", "city", "ecology")
    inspection = plan(city, enterprise)
    services.inspection_withdraw(
        inspection=inspection, user=UserFactory(role=Role.UNIT_STAFF, unit=city), reason=REASON
    )
    assert withdrawal_told() == ["legal"]


def test_a_plan_waiting_to_be_merged_leaves_the_merge_and_its_mergers_are_told(
    client, pending, area, enterprise, reviewer, market_staff
):
    office = legal_office("BYQ-SFJ", "county", parent=area)
    other = plan(agency("BYQ-STHJ", "county", "ecology", parent=area), enterprise)
    client.force_login(office)
    assert len(client.get(reverse("enterprise:inspections")).context["candidates"]) == 1
    assert rules.inspection_approval_refused(other, reviewer.unit)  # to be merged first

    services.inspection_withdraw(inspection=pending, user=market_staff, reason=REASON)
    assert withdrawal_told() == ["alice_boss", "legal_BYQ-SFJ"]
    assert client.get(reverse("enterprise:inspections")).context["candidates"] == []
    # The plan left alone no longer waits for a merge: its government decides on it.
    assert rules.inspection_approval_refused(other, reviewer.unit) is None


def test_a_pending_joint_inspection_withdrawn_sends_its_merged_plans_back(
    pending, area, enterprise, reviewer, market_staff
):
    ecology = agency("BYQ-STHJ", "county", "ecology", parent=area)
    part = plan(ecology, enterprise, dt.date(2026, 12, 14))
    services.inspection_merge(inspections=[pending, part], lead=pending, user=reviewer)
    services.inspection_withdraw(inspection=pending, user=market_staff, reason=REASON)
    part.refresh_from_db()
    assert part.status == InspectionStatus.PLANNED and part.joint_with is None
    assert "已撤回，退回待批准" in part.history.first().history_change_reason
    # The county's reviewers decide on it alone now.
    services.inspection_approve(inspection=part, user=reviewer)


def test_the_page_offers_it_to_the_agency_only(client, pending, market_staff, reviewer, area):
    url = pending.get_absolute_url()
    withdraw = reverse("enterprise:inspection_withdraw", args=[pending.pk])
    client.force_login(reviewer)
    assert withdraw not in client.get(url).content.decode()
    assert client.post(withdraw, {"reason": REASON}).status_code == 403
    other_agency = UserFactory(
        role=Role.UNIT_STAFF, unit=agency("BYQ-STHJ", "county", "ecology", parent=area)
    )
    client.force_login(other_agency)
    assert client.post(withdraw, {"reason": REASON}).status_code == 404

    client.force_login(market_staff)
    page = client.get(url).content.decode()
    assert withdraw in page and "尚待本级政府批准" in page
    refused = client.post(withdraw, {"reason": ""})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    assert Inspection.objects.get(pk=pending.pk).status == InspectionStatus.PLANNED
    response = client.post(withdraw, {"reason": REASON})
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "已撤回" in page and REASON in page and withdraw not in page
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert "data-withdrawn" in page and "本级政府审批" not in page


def test_the_api_withdraws_a_pending_plan(pending, market_staff, reviewer, area):
    url = f"/api/v1/enterprise/inspections/{pending.pk}/withdraw/"
    assert api_as(reviewer).post(url, {"reason": REASON}).status_code == 403
    other_agency = UserFactory(
        role=Role.UNIT_STAFF, unit=agency("BYQ-STHJ", "county", "ecology", parent=area)
    )
    assert api_as(other_agency).post(url, {"reason": REASON}).status_code == 404
    blank = api_as(market_staff).post(url, {"reason": ""})
    assert blank.status_code == 400 and blank.json()["rule"] == "E-5"
    response = api_as(market_staff).post(url, {"reason": REASON})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "withdrawn" and data["withdrawal_reason"] == REASON
    assert data["approved_by_unit"] is None
    queue = api_as(reviewer).get(
        "/api/v1/enterprise/inspections/", {"status": "planned", "approving_area": area.pk}
    )
    assert queue.json()["results"] == []
