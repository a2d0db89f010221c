"""The Content-Security-Policy (no inline script or style, 等保2.0 level 3) holds in a real browser
on the pages not built from the project's templates: the Django admin (index, a list, a change
form) and the API's Swagger UI. Every `securitypolicyviolation` event and console error fails."""

import pytest

from tests.browser import watch
from tests.factories import UnitFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def test_admin_and_api_docs_keep_the_policy(live_server, _browser):
    unit = UnitFactory(name="鲅鱼圈区", code="BYQ")
    UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    context = _browser.new_context(locale="zh-CN")
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = watch(page)
    found = {}

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in ("/admin/", "/admin/yingkou/unit/", f"/admin/yingkou/unit/{unit.pk}/change/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        found[path], errors[:] = list(errors), []
    assert page.locator("#unit_form").count() == 1, "the change form is shown"

    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")  # Swagger UI drew the operations
    page.wait_for_load_state("networkidle")
    found["/api/docs/"] = list(errors)
    context.close()
    assert {path: problems for path, problems in found.items() if problems} == {}
