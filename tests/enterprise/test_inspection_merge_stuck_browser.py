"""E-5 in the browser: the legal affairs office reads on the inspections page why a group of plans
cannot be merged and what to do, at a desktop's and a phone's width; the agency sets another
day for its plan on the plan's page, and the office is then offered the merge."""

import datetime as dt

import pytest

from enterprise import services
from tests.browser import Visit
from tests.enterprise.inspections import agency, plan, staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("frozen_today"),
]

PASSWORD = "pw-for-tests-1"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_stuck_group_is_explained_and_unstuck_by_a_new_day(
    live_server, _browser, enterprise, market, ecology, office, reviewer, viewport
):
    # Names as the users read them (the tests' codes are Latin).
    for unit, name in ((market, "鲅鱼圈区市场监督管理局"), (ecology, "鲅鱼圈区生态环境分局")):
        unit.name = name
        unit.save()
    for unit, day in ((ecology, dt.date(2026, 12, 1)), (market, dt.date(2027, 12, 20))):
        services.inspection_approve(inspection=plan(unit, enterprise, day), user=reviewer)
    plan(market, enterprise, dt.date(2026, 12, 15))
    ecology_plan = plan(ecology, enterprise, dt.date(2027, 12, 10))
    agency_staff = staff(ecology)
    for user, (last, first) in ((office, ("周", "法制")), (agency_staff, ("王", "录入"))):
        user.last_name, user.first_name = last, first
        user.set_password(PASSWORD)
        user.save()

    visit = Visit(_browser, viewport)
    page = visit.page
    visit.log_in(live_server, office.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprise/inspections/")
    visit.check("stuck group")
    stuck = page.locator("[data-merge-stuck]")
    assert "无论由哪个机关牵头" in stuck.inner_text()
    assert page.locator("button:has-text('合并为联合检查')").count() == 0
    visit.log_out()

    visit.log_in(live_server, agency_staff.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprise/inspections/{ecology_plan.pk}/")
    assert "无论由哪个机关牵头" in page.locator("[data-merge-waiting]").inner_text()
    visit.check("plan waiting")
    page.fill("[data-redate] input[name=planned_on]", "2028-12-20")
    page.click("[data-redate] button[type=submit]")
    page.wait_for_load_state()
    assert "计划检查日期已调整" in page.inner_text("body")
    visit.check("plan re-dated")
    visit.log_out()

    visit.log_in(live_server, office.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprise/inspections/")
    assert page.locator("[data-merge-stuck]").count() == 0
    assert page.locator("button:has-text('合并为联合检查')").count() == 1
    visit.check("group to merge")
    visit.close()
    visit.assert_clean()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_plan_not_ticked_says_why_in_its_row(
    live_server, _browser, area, enterprise, market, ecology, office, reviewer, viewport
):
    for unit, name in ((market, "鲅鱼圈区市场监督管理局"), (ecology, "鲅鱼圈区生态环境分局")):
        unit.name = name
        unit.save()
    for unit, day in ((ecology, dt.date(2026, 12, 1)), (market, dt.date(2027, 12, 20))):
        services.inspection_approve(inspection=plan(unit, enterprise, day), user=reviewer)
    plan(market, enterprise, dt.date(2026, 12, 15))
    safety = agency("BYQ-YJGL", "county", "emergency", parent=area)
    safety.name = "鲅鱼圈区应急管理局"
    safety.save()
    plan(safety, enterprise, dt.date(2026, 12, 10))
    plan(ecology, enterprise, dt.date(2027, 12, 10))
    office.last_name, office.first_name = "周", "法制"
    office.set_password(PASSWORD)
    office.save()

    visit = Visit(_browser, viewport)
    page = visit.page
    visit.log_in(live_server, office.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprise/inspections/")
    assert "鲅鱼圈区生态环境分局并入联合检查后将于2026年12月10日检查" in (
        page.locator("[data-merge-refused]").inner_text()
    )
    visit.check("a plan not ticked")
    visit.close()
    visit.assert_clean()
