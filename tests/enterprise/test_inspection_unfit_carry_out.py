"""E-5: an approved inspection marked as no longer fitting the rules (its enterprise moved out of
the agency's county, an agency no longer one, …) is not recorded as carried out — not on the
page, not through the API, not by any other caller of the service: the agency withdraws it or
files a plan again."""

import datetime as dt

import pytest
from django.urls import reverse

from enterprise import services
from enterprise.choices import InspectionStatus
from enterprise.models import Enterprise, Inspection
from tests.conftest import api_as
from tests.enterprise.factories import InspectionFactory
from tests.enterprise.inspections import agency, plan
from yingkou.errors import RuleViolation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

OUT_OF_COUNTY = "只能对本辖区（鲅鱼圈区）的企业执法检查，营口港精细化工有限公司不在其辖区"


@pytest.fixture
def approved(market, enterprise, reviewer):
    return services.inspection_approve(inspection=plan(market, enterprise), user=reviewer)


def moved_away(enterprise, other_area):
    # Moved as a correction of its record would: the plan is left standing, marked.
    Enterprise.objects.filter(pk=enterprise.pk).update(area=other_area)


def test_a_plan_that_no_longer_fits_is_not_carried_out(approved, market_staff, other_area):
    moved_away(approved.enterprise, other_area)
    with pytest.raises(RuleViolation) as refused:
        services.inspection_carry_out(inspection=approved, user=market_staff, findings="合格")
    assert refused.value.rule == "E-5"
    text = refused.value.text
    assert text.startswith("该检查已不符合 E-5，不能登记实施：")
    assert OUT_OF_COUNTY in text and "撤回该检查计划" in text and "重新报送检查计划" in text
    assert Inspection.objects.get(pk=approved.pk).status == InspectionStatus.APPROVED


def test_one_that_still_fits_is(approved, market_staff):
    services.inspection_carry_out(inspection=approved, user=market_staff, findings="合格")
    assert Inspection.objects.get(pk=approved.pk).status == InspectionStatus.DONE


def test_a_joint_inspection_one_of_whose_agencies_no_longer_fits_is_not_carried_out(
    enterprise, area, other_area, reviewer, market, market_staff
):
    """The county's market bureau leads; the ecology bureau merged into it has since been put
    under another county, so the joint inspection as approved no longer fits."""
    ecology = agency("BYQ-STHJ", "county", "ecology", parent=area)
    lead = plan(market, enterprise)
    part = plan(ecology, enterprise)
    services.inspection_merge(inspections=[lead, part], lead=lead, user=reviewer)
    services.inspection_approve(inspection=lead, user=reviewer)
    ecology.parent = other_area
    ecology.save()
    with pytest.raises(RuleViolation) as refused:
        services.inspection_carry_out(inspection=lead, user=market_staff, findings="合格")
    assert "BYQ-STHJ执法机关只能对本辖区（盖州市）的企业执法检查" in refused.value.text


def test_an_upper_level_inspection_after_the_day_carried_out_does_not_stop_it(
    client, market, enterprise, reviewer, legal, market_staff
):
    """The city's market bureau plans the enterprise for 10 December, after the county bureau's
    plan for 20 December was approved: the county's plan is marked (upper level within the 12
    months before its day), yet carried out today, before the city's inspection, it breaks no
    rule — the upper-level rule weighs the day actually carried out."""
    lower = services.inspection_approve(
        inspection=plan(market, enterprise, dt.date(2026, 12, 20)), user=reviewer
    )
    city_market = agency("SCJG", "city", "market")
    services.inspection_approve(inspection=plan(city_market, enterprise), user=legal)
    assert "同一系统的上级行政执法机关" in Inspection.objects.get(pk=lower.pk).unfit_reasons[0]
    client.force_login(market_staff)
    page = client.get(lower.get_absolute_url()).content.decode()
    assert "data-unfit" in page and "data-carry-out-refused" not in page
    services.inspection_carry_out(inspection=lower, user=market_staff, findings="合格")
    assert Inspection.objects.get(pk=lower.pk).status == InspectionStatus.DONE


def test_the_page_says_why_instead_of_offering_the_form_and_refuses_a_post(
    client, approved, market_staff, other_area
):
    url = approved.get_absolute_url()
    carry_out = reverse("enterprise:inspection_carry_out", args=[approved.pk])
    client.force_login(market_staff)
    assert carry_out in client.get(url).content.decode()

    moved_away(approved.enterprise, other_area)
    page = client.get(url).content.decode()
    assert "data-carry-out-refused" in page and carry_out not in page
    assert "不能登记实施" in page and OUT_OF_COUNTY in page
    assert reverse("enterprise:inspection_withdraw", args=[approved.pk]) in page

    response = client.post(carry_out, {"carried_out_on": "2026-11-26", "findings": "合格"})
    assert response.status_code == 200 and "不能登记实施" in response.content.decode()
    assert Inspection.objects.get(pk=approved.pk).status == InspectionStatus.APPROVED


def test_the_api_refuses_it_naming_the_rule(approved, market_staff, other_area):
    moved_away(approved.enterprise, other_area)
    response = api_as(market_staff).post(
        f"/api/v1/enterprise/inspections/{approved.pk}/carry-out/",
        {"findings": "合格", "carried_out_on": "2026-11-26"},
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "E-5" and OUT_OF_COUNTY in response.json()["detail"]


def test_a_pending_plan_that_no_longer_fits_offers_no_carry_out_anyway(
    client, market, enterprise, market_staff, other_area
):
    pending = InspectionFactory(enterprise=enterprise, agency=market)
    moved_away(enterprise, other_area)
    client.force_login(market_staff)
    page = client.get(pending.get_absolute_url()).content.decode()
    assert "data-unfit" in page and "data-carry-out-refused" not in page
