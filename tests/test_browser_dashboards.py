"""Every role's dashboard in headless Chromium at a desktop (1366 px) and a phone (375 px) width:
the charts are drawn, the menu fits or folds, and the page has no console error, no horizontal
overflow and no English in its text."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["staff", "reviewer", "drc", "zsj", "leader", "supervisor", "legal"]
VIEWPORTS = [(1366, 768), (375, 740)]
# Words that are names, not English prose: the file formats users download.
ALLOWED_LATIN = {"Excel", "Word"}


def page_problems(page, width: int, errors: list[str]) -> list[str]:
    """What is wrong with the page as it stands: console errors, overflow, English words."""
    problems = [f"console: {e}" for e in errors]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"horizontal overflow: {scroll_width} px in a {width} px window")
    text = page.inner_text("body")
    english = set(re.findall(r"[A-Za-z]{3,}", text)) - ALLOWED_LATIN
    if english:
        problems.append(f"English in the page: {sorted(english)}")
    return problems


def watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_every_role_dashboard_at_desktop_and_phone_width(live_server, _browser):
    call_command("seed_demo", projects=40, stdout=io.StringIO())
    found = {}
    for username in ROLES:
        for width, height in VIEWPORTS:
            context = _browser.new_context(
                locale="zh-CN", viewport={"width": width, "height": height}
            )
            page = context.new_page()
            page.set_default_timeout(15000)
            errors = watch(page)
            browser_login(page, live_server, username, settings.DEMO_PASSWORD)
            page.wait_for_selector("[data-chart] canvas")
            problems = page_problems(page, width, errors)
            nav = page.locator("header nav")
            if width < 900:
                assert not nav.is_visible(), "the menu is folded on a phone"
                page.click("header .menu-button")
                assert nav.is_visible()
                problems += page_problems(page, width, [])
            else:
                header_height = page.evaluate("document.querySelector('header').offsetHeight")
                if header_height > 60:
                    problems.append(f"the menu wraps: header {header_height} px high")
            if problems:
                found[f"{username} @ {width}px"] = problems
            context.close()
    assert not found, found
