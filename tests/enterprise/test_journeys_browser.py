"""A public complaint tracked to its reply, in headless Chromium at a desktop and a phone width:
a visitor files it online, the business-environment office transfers it to the district, the
district's staff answer it in writing, and the visitor reads the reply on the tracking page.
Every page on the way has no console error, no horizontal overflow and no English."""

import pytest
from django.core.cache import cache

from enterprise.models import Complaint
from tests.factories import UserFactory
from yingkou.choices import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-tests-1"
SUBJECT = "开办企业材料齐全仍不予受理"
REPLY = "经核查，已责成区政务服务中心当日受理并致歉。"


def test_a_public_complaint_is_transferred_answered_and_tracked(
    live_server, visit, supervisor, area
):
    cache.clear()  # the public form's flood limit counts per address
    supervisor.last_name, supervisor.first_name = "周", "敏"
    supervisor.save()
    UserFactory(username="alice", role=Role.UNIT_STAFF, unit=area, last_name="李", first_name="静")
    page = visit.page

    page.goto(f"{live_server.url}/enterprise/complaint/")
    visit.check("complaint form")
    page.fill("input[name=accused_party]", "鲅鱼圈区政务服务中心企业开办窗口")
    page.fill("input[name=incident_place]", "鲅鱼圈区政务服务中心")
    page.fill("input[name=subject]", SUBJECT)
    page.fill(
        "textarea[name=content]", "2026年11月3日提交企业开办材料，窗口称需补充材料但说不出缺什么。"
    )
    page.fill("input[name=complainant_name]", "陈先生")
    page.fill("input[name=complainant_phone]", "这不是电话号码")
    page.click("button:has-text('提交')")
    assert "请填写有效的电话号码" in page.inner_text(".error-summary")
    visit.check("complaint form refused")
    page.fill("input[name=complainant_phone]", "139 0417 1234")
    page.click("button:has-text('提交')")
    page.wait_for_url("**/complaint/received/**")
    visit.check("complaint received")
    number = page.inner_text(".stat").strip()
    assert number == Complaint.objects.get().tracking_number

    visit.log_in(live_server, "supervisor", PASSWORD)
    visit.menu("企业帮扶")
    page.click(".subnav >> text=投诉举报")
    visit.check("complaints")
    page.locator("tr", has_text=SUBJECT).locator("a").first.click()
    visit.check("complaint")
    transfer = page.locator("form[action$='/transfer/']")
    # the unit is chosen in the searchable picker, as a person does: type, then click
    transfer.locator("select[name=to_unit] + .ts-wrapper").click()
    page.keyboard.type("鲅鱼圈区")
    transfer.locator(".ts-dropdown").get_by_text("鲅鱼圈区", exact=True).click()
    transfer.locator("textarea[name=note]").fill("属地办理")
    transfer.locator("button:has-text('转办')").click()
    assert "已保存" in page.content()
    visit.check("complaint transferred")
    visit.log_out()

    visit.log_in(live_server, "alice", PASSWORD)
    visit.menu("企业帮扶")
    page.click(".subnav >> text=投诉举报")
    page.locator("tr", has_text=SUBJECT).locator("a").first.click()
    visit.check("complaint to answer")
    reply = page.locator("form[action$='/reply/']")
    reply.locator("textarea[name=outcome]").fill(REPLY)
    reply.locator("button:has-text('答复')").click()
    assert "已保存" in page.content()
    visit.check("complaint answered")
    visit.log_out()

    page.goto(f"{live_server.url}/enterprise/complaint/track/")
    page.fill("input[name=number]", number)
    page.click("button:has-text('查询')")
    assert REPLY in page.inner_text("main")
    visit.check("tracking page")
    visit.assert_clean()
