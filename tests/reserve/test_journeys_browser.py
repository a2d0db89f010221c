"""The three users of the card, end to end in headless Chromium: unit staff declare and submit,
the unit reviewer approves into level 2 and recommends, the DRC approves at level 1, and the
investment bureau downloads the monthly list and reads it back."""

import pytest
from openpyxl import load_workbook

from tests.conftest import browser_login
from tests.factories import UserFactory
from yingkou.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
NAME = "鲅鱼圈区氢能装备制造项目"


def log_out(page):
    page.click("header button:has-text('退出')")
    page.wait_for_url("**/login/")


def test_declare_review_at_both_levels_and_download(
    live_server, browser_page, area, drc_unit, bureau
):
    UserFactory(username="alice", role=Role.UNIT_STAFF, unit=area)
    UserFactory(username="alice_boss", role=Role.UNIT_REVIEWER, unit=area)
    UserFactory(username="drc", role=Role.DRC_REVIEWER, unit=drc_unit)
    page = browser_page

    browser_login(page, live_server, "alice", PASSWORD)
    page.click("nav >> text=申报项目")
    page.fill("input[name=name]", NAME)
    page.select_option("select[name=landing_unit]", label="鲅鱼圈区")
    page.select_option("select[name=industry]", value="C34")
    page.fill("input[name=total_investment]", "999.99")
    page.click("button:has-text('保存申报')")
    assert "R-1" in page.content()
    page.fill("input[name=total_investment]", "1000.00")
    page.click("button:has-text('保存申报')")
    page.wait_for_url("**/reserve/entries/*/")
    assert "二级库待审核" in page.content()
    log_out(page)

    browser_login(page, live_server, "alice_boss", PASSWORD)
    page.click("nav >> text=二级库审核")
    page.click(f"text={NAME}")
    page.fill("textarea[name=comment]", "符合入库条件")
    page.click("button:has-text('审核通过')")
    assert "二级库已入库" in page.content()
    page.click("button:has-text('推荐至一级库')")
    assert "一级库待审核" in page.content()
    log_out(page)

    browser_login(page, live_server, "drc", PASSWORD)
    page.click("nav >> text=一级库审核")
    row = page.locator("tr", has_text=NAME)
    row.locator("input[name=comment]").fill("列入市级一级库")
    row.locator("button:has-text('通过')").click()
    page.wait_for_url("**/reserve/review/level-1/")
    assert "已审核通过" in page.content()
    assert NAME not in page.locator("table").inner_text()
    log_out(page)

    browser_login(page, live_server, "zsj", PASSWORD)
    page.click("nav >> text=月度明细表")
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
