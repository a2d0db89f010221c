"""A person logs in, opens the project list, edits a project and sees the change in its history."""

import pytest

from tests.conftest import browser_login
from tests.factories import ProjectFactory, UserFactory
from yingkou.choices import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_log_in_edit_a_project_and_see_its_history(live_server, browser_page, area):
    UserFactory(username="alice", role=Role.UNIT_STAFF, unit=area)
    project = ProjectFactory(name="鲅鱼圈区精细化工项目", owner_unit=area)
    page = browser_page
    browser_login(page, live_server, "alice", "pw-for-tests-1")
    assert "工作台" in page.content()
    page.click("text=项目库")
    page.click(f"text={project.name}")
    page.click("text=修改")
    page.fill("input[name=total_investment]", "2345.60")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"{live_server.url}/projects/{project.pk}/")
    assert "修改已保存" in page.content()
    history = page.locator("table").last.inner_text()
    assert "总投资（万元）：1,000.00 → 2,345.60" in history
    assert "alice" in history or "修改" in history
