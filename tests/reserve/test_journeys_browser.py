"""The three users of the card, end to end in headless Chromium at a desktop and a phone width:
unit staff declare and submit, the unit reviewer approves into level 2 and recommends, the DRC
approves at level 1, and the investment bureau downloads the monthly list and reads it back.
Every page on the way has no console error, no horizontal overflow and no English."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.factories import UserFactory
from yingkou.choices import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"
NAME = "鲅鱼圈区氢能装备制造项目"


def test_declare_review_at_both_levels_and_download(live_server, visit, area, drc_unit, bureau):
    UserFactory(username="alice", role=Role.UNIT_STAFF, unit=area, last_name="李", first_name="静")
    UserFactory(
        username="alice_boss", role=Role.UNIT_REVIEWER, unit=area, last_name="王", first_name="强"
    )
    UserFactory(
        username="drc", role=Role.DRC_REVIEWER, unit=drc_unit, last_name="赵", first_name="军"
    )
    bureau.last_name, bureau.first_name = "孙", "丽"
    bureau.save()
    page = visit.page

    visit.log_in(live_server, "alice", PASSWORD)
    visit.menu("项目储备")
    page.click(".subnav >> text=申报项目")
    visit.check("declare form")
    page.fill("input[name=name]", NAME)
    page.select_option("select[name=landing_unit]", label="鲅鱼圈区")
    page.select_option("select[name=industry]", value="C34")
    page.fill("input[name=total_investment]", "999.99")
    page.click("button:has-text('保存申报')")
    assert "R-1" in page.content()
    visit.check("declare form refused")
    page.fill("input[name=total_investment]", "1000.00")
    page.click("button:has-text('保存申报')")
    page.wait_for_url("**/reserve/entries/*/")
    assert "二级库待审核" in page.content()
    visit.check("entry")
    visit.log_out()

    visit.log_in(live_server, "alice_boss", PASSWORD)
    visit.menu("项目储备")
    page.click(".subnav >> text=二级库审核")
    visit.check("level-2 queue")
    page.click(f"text={NAME}")
    visit.check("entry to review")
    page.fill("textarea[name=comment]", "符合入库条件")
    page.click("button:has-text('审核通过')")
    assert "二级库已入库" in page.content()
    page.click("button:has-text('推荐至一级库')")
    assert "一级库待审核" in page.content()
    visit.check("entry recommended")
    visit.log_out()

    visit.log_in(live_server, "drc", PASSWORD)
    visit.menu("项目储备")
    page.click(".subnav >> text=一级库审核")
    visit.check("level-1 queue")
    row = page.locator("tr", has_text=NAME)
    row.locator("button:has-text('退回')").click()  # a return needs its comment
    # Refused: the queue again, scrolled to the row's form and its reason.
    page.wait_for_url("**/reserve/review/level-1/*/return/#refused")
    expect(page.locator("#refused")).to_be_in_viewport()
    expect(page.locator("#refused")).to_contain_text("退回时必须填写审核意见")
    visit.check("level-1 queue, a return refused")
    row = page.locator("tr", has_text=NAME)
    row.locator("input[name=comment]").fill("列入市级一级库")
    row.locator("button:has-text('通过')").click()
    # Back to the queue at the message saying so: the row's form posted to #refused, where a
    # refusal would be drawn, and the browser keeps that unless the redirect names its own.
    page.wait_for_url("**/reserve/review/level-1/#messages")
    assert "已审核通过" in page.content()
    assert NAME not in page.locator("table").inner_text()
    visit.check("level-1 queue after approval")
    visit.log_out()

    visit.log_in(live_server, "zsj", PASSWORD)
    visit.menu("项目储备")
    page.click(".subnav >> text=月度明细表")
    visit.check("monthly list")
    with page.expect_download() as download:
        page.click("text=截至今日的明细表")
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(file).active
        rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows[0][:3] == ["序号", "项目名称", "项目代码"]
    assert rows[1][1] == NAME
    assert rows[1][8] == 1000
    assert rows[1][12] == "一级库"
    assert rows[-1][1] == "合计（1个项目）"
    visit.assert_clean()
