"""The team editor's 配合单位 is a searchable multi-select in a real browser (no Ctrl-click)."""

import pytest

from tests.browser import watch
from tests.conftest import browser_login
from tests.factories import UnitFactory
from yingkou.choices import UnitKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_cooperating_units_are_picked_by_typing(live_server, browser_page, case, teammate):
    first = UnitFactory(code="ZRZY", name="营口市自然资源局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    second = UnitFactory(code="SWJ", name="营口市商务局", kind=UnitKind.MUNICIPAL_DEPARTMENT)
    page = browser_page
    errors = watch(page)
    browser_login(page, live_server, teammate.username, "pw-for-tests-1")
    page.goto(f"{live_server.url}/negotiation/{case.pk}/team/")
    picker = page.locator("select[name=cooperating_units] + .ts-wrapper")
    for name, typed in ((first.name, "自然资源"), (second.name, "商务")):
        picker.locator("input").click()
        page.keyboard.type(typed)
        picker.locator(".ts-dropdown .option", has_text=name).click()
        page.keyboard.press("Escape")
    chosen = page.locator("select[name=cooperating_units] option:checked").all_inner_texts()
    assert first.name in chosen and second.name in chosen
    assert errors == []
