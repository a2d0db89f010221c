"""N-3, N-5 in a real browser: bob has the team form open while a colleague changes the team.
Pressing 保存 he reads one line per field that differs, people and units named as the team's
history lists them, and pressing 保存 again keeps what his form holds."""

import pytest

from negotiation.models import NegotiationCase
from negotiation.services import negotiation_team_update
from tests.browser import watch
from tests.conftest import browser_login
from tests.factories import UnitFactory, UserFactory
from tests.refusals import OVERWRITE
from yingkou.choices import UnitKind
from yingkou.models import Team

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_team_saved_over_a_colleagues_change_names_what_differs_and_saves_when_sent_again(
    live_server, browser_page, case, teammate, area, department, principal
):
    colleague = UserFactory(username="zhou", last_name="周", first_name="一", unit=department)
    port = UnitFactory(code="GKJT", name="营口港务集团", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    team = {"lead_leader": principal, "main_negotiating_unit": department}
    negotiation_team_update(
        case=case,
        user=teammate,
        cooperating_units=[area],
        service_liaison=teammate,
        members=[teammate],
        **team,
    )
    page = browser_page
    errors = watch(page)
    browser_login(page, live_server, teammate.username, "pw-for-tests-1")
    page.goto(f"{live_server.url}/negotiation/{case.pk}/team/")

    negotiation_team_update(  # the colleague saves while bob's form is open
        case=NegotiationCase.objects.get(pk=case.pk),
        user=colleague,
        cooperating_units=[port, area],
        service_liaison=colleague,
        members=[colleague, teammate],
        **team,
    )
    with page.expect_navigation():
        page.click("form button[type=submit]:has-text('保存')")
    reasons = page.locator("form .error-summary li").all_inner_texts()
    assert any("已被他人修改" in reason for reason in reasons), reasons
    assert f"最近一次由{colleague.display_name}于" in reasons[0]
    assert "「配合单位」现为 鲅鱼圈区、营口港务集团，您填写的是 鲅鱼圈区" in reasons, reasons
    assert f"「服务联络员」现为 周一，您填写的是 {teammate}" in reasons, reasons
    assert f"「团队成员」现为 {teammate}、周一，您填写的是 {teammate}" in reasons, reasons
    assert not [r for r in reasons if "牵头领导" in r or "主谈单位" in r or "项目联络员" in r]
    assert reasons[-1] == OVERWRITE
    assert Team.objects.get(pk=case.team_id).service_liaison == colleague
    # A unit chosen is taken off by its button, which says so in Chinese, not "Remove".
    remove = page.locator("select[name=cooperating_units] + .ts-wrapper .remove")
    assert remove.get_attribute("title") == "移除"

    page.click("form button[type=submit]:has-text('保存')")
    page.wait_for_url(f"{live_server.url}/negotiation/{case.pk}/")
    assert "服务团队已保存。" in page.inner_text("body")
    team = Team.objects.get(pk=case.team_id)
    assert team.service_liaison == teammate
    assert list(team.members.all()) == [teammate]
    assert list(team.cooperating_units.all()) == [area]
    assert errors == []
