"""A case page's team composition card: its title (服务团队组成：适用第N条…) stands apart from the
list under it, as the card's rows stand apart from each other."""

import pytest

from tests.conftest import browser_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Pixels between the bottom of the composition card's title and the top of its first row.
TITLE_GAP = """() => {
  const title = [...document.querySelectorAll('main .card > strong')]
    .find((el) => el.textContent.includes('服务团队组成'));
  const list = title.parentElement.querySelector('dl.fields');
  return list.getBoundingClientRect().top - title.getBoundingClientRect().bottom;
}"""


@pytest.mark.parametrize("width", [1366, 375])
def test_the_composition_title_is_not_glued_to_its_rows(
    live_server, _browser, case, teammate, width
):
    context = _browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800})
    page = context.new_page()
    browser_login(page, live_server, teammate.username, "pw-for-tests-1")
    page.goto(f"{live_server.url}/negotiation/{case.pk}/")
    gap = page.evaluate(TITLE_GAP)
    context.close()
    assert gap >= 6, gap
