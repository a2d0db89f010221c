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
from tests.browser import Visit, watch
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


def test_a_merge_sent_without_a_lead_says_so_on_a_phone(
    live_server, _browser, enterprise, market, ecology, office
):
    """At 375 px the table's head is hidden (each plan reads as a card): the reason that no
    lead was chosen, once drawn in the 牵头 column's head, was not seen at all. It reads above
    the table, and every lead button is described by it."""
    # Names as the users read them (the tests' codes are Latin).
    for unit, name in ((market, "鲅鱼圈区市场监督管理局"), (ecology, "鲅鱼圈区生态环境分局")):
        unit.name = name
        unit.save()
    office.last_name, office.first_name = "周", "法制"
    office.save()
    plan(market, enterprise, dt.date(2026, 12, 10))
    plan(ecology, enterprise, dt.date(2026, 12, 14))
    visit = Visit(_browser, "phone")
    page = visit.page
    visit.log_in(live_server, office.username, "pw-for-tests-1")
    page.goto(f"{live_server.url}/enterprise/inspections/")
    group = page.locator("form[action*='/inspections/merge/']")
    # The lead the page proposes is left out of what is sent.
    group.locator("input[name=lead]").evaluate_all("boxes => boxes.forEach(b => b.checked = false)")
    group.locator("button:has-text('合并为联合检查')").click()
    page.wait_for_load_state()

    refused = page.locator("form#refused")
    reason = refused.locator(".errorlist li")
    assert reason.count() == 1
    assert reason.is_visible()
    box = reason.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert any("\u4e00" <= char <= "\u9fff" for char in reason.inner_text())
    leads = refused.locator("input[name=lead]")
    assert leads.count() == 2
    for i in range(2):
        described = refused.locator(f"#{leads.nth(i).get_attribute('aria-describedby')}")
        assert reason.inner_text() in described.inner_text()
    visit.check("merge refused without a lead")
    visit.close()
    visit.assert_clean()
