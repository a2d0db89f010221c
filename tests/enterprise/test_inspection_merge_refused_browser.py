"""E-5 in a real browser: the legal affairs office merges two plans under the earlier one, and
the merge would have an agency inspect within 12 months of its own inspection. The refusal is
read under that agency's row, across the table (the agencies' names still on one line at a
desktop's width), naming it and the day; the boxes stay as they were ticked, and led by the other
plan the merge goes through."""

import datetime as dt

import pytest

from enterprise import services
from enterprise.choices import InspectionStatus
from enterprise.models import Inspection
from tests.browser import watch
from tests.conftest import browser_login
from tests.enterprise.inspections import plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("frozen_today"),
]

REFUSAL = (
    "BYQ-STHJ执法机关并入联合检查后将于2027年6月1日检查：同一行政执法机关对同一企业的执法检查，"
    "每年不得超过一次：本机关已有2026年12月1日的检查，两次检查须相隔12个月。（E-5）"
)

# The lines each plan's agency takes in the merge table `form` (its text's distinct line tops).
AGENCY_LINES = """form => Array.from(
  form.querySelectorAll('tbody tr:not(.merge-reasons) > td:nth-child(3)'),
  cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set(Array.from(range.getClientRects(), rect => Math.round(rect.top))).size;
  })"""


def test_a_merge_within_12_months_of_an_agencys_inspection_is_refused_under_its_row(
    live_server, browser_page, enterprise, market, ecology, office, reviewer
):
    earlier = plan(ecology, enterprise, dt.date(2026, 12, 1))
    services.inspection_approve(inspection=earlier, user=reviewer)
    market_plan = plan(market, enterprise, dt.date(2027, 6, 1))
    ecology_plan = plan(ecology, enterprise, dt.date(2027, 12, 10))
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 720})
    errors = watch(page)
    browser_login(page, live_server, office.username, "pw-for-tests-1")
    page.goto(f"{live_server.url}/enterprise/inspections/")
    group = page.locator("form[action*='/inspections/merge/']")
    # Offered ticked; the office has the market regulator's earlier plan lead.
    assert group.locator("input[name=inspections]:checked").count() == 2
    group.locator(f"input[name=lead][value='{market_plan.pk}']").check()
    group.locator("button:has-text('合并为联合检查')").click()
    page.wait_for_load_state()

    refused = page.locator("form#refused")
    assert refused.evaluate(AGENCY_LINES) == [1, 1]
    row = refused.locator("tr", has=page.locator(f"input[value='{ecology_plan.pk}']"))
    box = row.locator("input[name=inspections]")
    assert box.get_attribute("aria-invalid") == "true"
    reasons = row.locator("xpath=following-sibling::tr[1]")
    assert REFUSAL in reasons.inner_text()
    assert reasons.locator(f"#{box.get_attribute('aria-describedby')}").count() == 1
    assert refused.locator("input[name=inspections]:checked").count() == 2
    assert Inspection.objects.get(pk=ecology_plan.pk).status == InspectionStatus.PLANNED

    refused.locator(f"input[name=lead][value='{ecology_plan.pk}']").check()
    refused.locator("button:has-text('合并为联合检查')").click()
    page.wait_for_load_state()
    assert "已合并为联合检查，由BYQ-STHJ执法机关牵头。" in page.inner_text("body")
    assert Inspection.objects.get(pk=market_plan.pk).joint_with_id == ecology_plan.pk
    assert errors == []
