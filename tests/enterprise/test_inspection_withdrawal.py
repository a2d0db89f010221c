"""E-5: an approved inspection not yet carried out may be withdrawn (撤回) by its agency, with a
written reason kept in its history (a pending plan too: test_inspection_pending_withdrawal). Those who approved it are told (what becomes of the plans
merged into a joint one: test_inspection_joint_ended); a withdrawn inspection is not carried out
and no longer counts toward the same agency's once in 12 months."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enterprise import services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.conftest import api_as
from tests.enterprise.factories import EnterpriseFactory
from tests.enterprise.inspections import plan, withdrawal_told
from tests.exports import sheet_rows
from yingkou.errors import RuleViolation
from yingkou.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

REASON = "企业已停产整顿，本年度不再检查。"


@pytest.fixture
def enterprise(area, department):
    # The counterpart unit is not told of plans, so it is not told of a withdrawal either.
    return EnterpriseFactory(
        name="营口港精细化工有限公司", introducing_unit=area, area=area, counterpart_unit=department
    )


@pytest.fixture
def approved(market, enterprise, reviewer):
    inspection = plan(market, enterprise)
    return services.inspection_approve(inspection=inspection, user=reviewer)


def test_the_agency_withdraws_an_approved_plan_with_its_reason_and_the_approvers_are_told(
    approved, market_staff, reviewer, owner, outsider, supervisor, teammate
):
    services.inspection_withdraw(inspection=approved, user=market_staff, reason=f"  {REASON} ")

    approved.refresh_from_db()
    assert approved.status == InspectionStatus.WITHDRAWN
    assert approved.withdrawn_on == dt.date(2026, 11, 26)
    assert approved.withdrawn_by == market_staff and approved.withdrawal_reason == REASON
    last = approved.history.first()
    assert last.history_user == market_staff and last.status == InspectionStatus.WITHDRAWN
    # The county government that approved it; not its staff, the agency itself, the counterpart
    # department or the supervision bureau.
    assert withdrawal_told() == ["alice_boss"]
    notice = Notification.objects.get(key__endswith=":withdrawn")
    assert notice.title == "执法检查计划已撤回：营口港精细化工有限公司"
    assert REASON in notice.body and "不计入同一机关对该企业每年一次的检查" in notice.body
    assert "撤回日期：2026年11月26日" in notice.body
    assert notice.url == approved.get_absolute_url()


@pytest.mark.parametrize("reason", ["  ", "无", " 企业停产本年不再检 "])
def test_a_written_reason_is_required(approved, market_staff, reason):
    """书面说明理由: a sentence of at least ten characters, blanks aside (nine here)."""
    with pytest.raises(RuleViolation) as refused:
        services.inspection_withdraw(inspection=approved, user=market_staff, reason=reason)
    assert refused.value.rule == "E-5" and refused.value.field == "reason"
    assert "不少于10个字" in refused.value.text
    assert Inspection.objects.get(pk=approved.pk).status == InspectionStatus.APPROVED


def test_a_reason_of_ten_characters_is_enough(approved, market_staff):
    services.inspection_withdraw(
        inspection=approved, user=market_staff, reason="企业停产，本年不再检查"
    )
    assert Inspection.objects.get(pk=approved.pk).status == InspectionStatus.WITHDRAWN


def test_only_the_agency_withdraws(approved, owner, reviewer, outsider, legal):
    for user in (owner, reviewer, outsider, legal):
        with pytest.raises(PermissionDenied):
            services.inspection_withdraw(inspection=approved, user=user, reason=REASON)
    assert Inspection.objects.get(pk=approved.pk).status == InspectionStatus.APPROVED


@pytest.mark.parametrize("status", [InspectionStatus.DONE, InspectionStatus.REJECTED])
def test_only_a_plan_not_yet_carried_out_or_turned_down_is_withdrawn(
    market, enterprise, market_staff, status
):
    inspection = plan(market, enterprise)
    Inspection.objects.filter(pk=inspection.pk).update(status=status)
    with pytest.raises(RuleViolation) as refused:
        services.inspection_withdraw(inspection=inspection, user=market_staff, reason=REASON)
    assert "只有待批准或已批准、尚未实施的检查计划才能撤回" in refused.value.text


def test_a_withdrawn_inspection_is_not_carried_out(approved, market_staff):
    services.inspection_withdraw(inspection=approved, user=market_staff, reason=REASON)
    with pytest.raises(RuleViolation) as refused:
        services.inspection_carry_out(inspection=approved, user=market_staff, findings="合格")
    assert refused.value.rule == "E-5"
    with pytest.raises(RuleViolation):  # nor withdrawn twice
        services.inspection_withdraw(inspection=approved, user=market_staff, reason=REASON)


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        (InspectionStatus.APPROVED, True),
        (InspectionStatus.REJECTED, False),
        (InspectionStatus.WITHDRAWN, False),
    ],
)
def test_a_withdrawn_plan_no_longer_counts_toward_once_in_12_months(
    market, enterprise, status, counts
):
    """每年不得超过一次 counts the inspections that take place: a plan turned down or withdrawn
    leaves the agency free to plan the enterprise again within the 12 months."""
    first = plan(market, enterprise)
    Inspection.objects.filter(pk=first.pk).update(status=status)
    if counts:
        with pytest.raises(RuleViolation) as refused:
            plan(market, enterprise, dt.date(2027, 6, 1))
        assert "每年不得超过一次" in refused.value.text
    else:
        assert plan(market, enterprise, dt.date(2027, 6, 1)).status == InspectionStatus.PLANNED


def test_the_page_offers_it_to_the_agency_and_shows_it_withdrawn_everywhere(
    client, approved, market_staff, reviewer, legal
):
    url = approved.get_absolute_url()
    withdraw = reverse("enterprise:inspection_withdraw", args=[approved.pk])
    client.force_login(reviewer)
    assert withdraw not in client.get(url).content.decode()
    assert client.post(withdraw, {"reason": REASON}).status_code == 403

    client.force_login(market_staff)
    assert withdraw in client.get(url).content.decode()
    refused = client.post(withdraw, {"reason": ""})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    assert Inspection.objects.get(pk=approved.pk).status == InspectionStatus.APPROVED

    response = client.post(withdraw, {"reason": REASON})
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "已撤回" in page and REASON in page and "data-withdrawn" in page
    assert withdraw not in page
    assert "已撤回" in client.get(reverse("enterprise:inspections")).content.decode()

    client.force_login(legal)
    [row] = sheet_rows(client.get(reverse("enterprise:inspections"), {"export": "xlsx"}))
    assert "已撤回" in row


def test_the_api_withdraws_with_a_reason(approved, market_staff, reviewer):
    url = f"/api/v1/enterprise/inspections/{approved.pk}/withdraw/"
    assert api_as(reviewer).post(url, {"reason": REASON}).status_code == 403
    blank = api_as(market_staff).post(url, {})
    assert blank.status_code == 400 and blank.json()["rule"] == "E-5"
    response = api_as(market_staff).post(url, {"reason": REASON})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "withdrawn" and data["withdrawal_reason"] == REASON
    assert data["withdrawn_on"] == "2026-11-26" and data["approved"] is False
    filtered = api_as(market_staff).get("/api/v1/enterprise/inspections/?status=withdrawn")
    assert [row["id"] for row in filtered.json()["results"]] == [approved.pk]
