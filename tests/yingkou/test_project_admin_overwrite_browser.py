"""An administrator saves a project in the admin, in a real browser, after another administrator
changed it: the form comes back with one line per field changed meanwhile beside what he typed,
the other's edit still stored, and only his second press overwrites it."""

from decimal import Decimal

import pytest
from django.test import Client

from tests.browser import watch
from tests.factories import UserFactory
from tests.refusals import OVERWRITE
from tests.test_browser_csp import REPORT_VIOLATIONS
from tests.yingkou.admin_forms import resave
from yingkou.choices import Role
from yingkou.models import Project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_admin_edit_on_an_older_version_names_what_changed_and_overwrites_only_when_sent_again(
    live_server, _browser, project
):
    first = UserFactory(username="root", role=Role.DRC_REVIEWER, is_superuser=True, is_staff=True)
    second = UserFactory(
        username="admin2",
        role=Role.DRC_REVIEWER,
        is_superuser=True,
        is_staff=True,
        last_name="钱",
        first_name="二",
    )
    context = _browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = watch(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    url = f"/admin/yingkou/project/{project.pk}/change/"
    page.goto(f"{live_server.url}{url}")
    page.fill("input[name=name]", "管理员改的名称")
    page.fill("input[name=total_investment]", "15000.00")

    other = Client()  # the other administrator saves while the form is open
    other.force_login(second)
    assert (
        resave(other, url, name="另一管理员改的名称", total_investment="12000.00").status_code
        == 302
    )

    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.url.endswith(url)  # not saved: the form again
    shown = " ".join(page.inner_text("#content").split())
    assert "最近一次由钱二于" in shown
    lines = [" ".join(line.split()) for line in page.locator(".errorlist li").all_inner_texts()]
    assert "「项目名称」现为 另一管理员改的名称，您填写的是 管理员改的名称" in lines, lines
    assert "「总投资（万元）」现为 12,000.00，您填写的是 15,000.00" in lines, lines
    assert lines[-1] == OVERWRITE
    # What he typed is still in the form; the other's edit is still what is stored.
    assert page.input_value("input[name=name]") == "管理员改的名称"
    assert Project.objects.get(pk=project.pk).name == "另一管理员改的名称"
    # The heading and the breadcrumbs name the project as stored, not as if it had been saved.
    assert page.inner_text(".breadcrumbs").split("›")[-1].strip() == "另一管理员改的名称"
    assert page.inner_text("#content h2") == "另一管理员改的名称"

    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.url.endswith("/admin/yingkou/project/")
    project.refresh_from_db()
    assert (project.name, project.total_investment) == ("管理员改的名称", Decimal("15000.00"))
    rows = list(project.history.order_by("-history_id")[:2])
    assert [(row.history_user, row.name) for row in rows] == [
        (first, "管理员改的名称"),
        (second, "另一管理员改的名称"),
    ]
    context.close()
    assert errors == []
