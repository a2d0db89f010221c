"""Shared fixtures: three standard users per unit test — owner, teammate, outsider — plus the
city-level roles (STYLE §7)."""

import pytest
from rest_framework.test import APIClient

from tests.factories import ProjectFactory, UnitFactory, UserFactory, formed_early
from tests.smtp import smtp_server  # noqa: F401  shared fixture: a real SMTP server
from yingkou.choices import Role, UnitKind


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Lockouts, rate limits and freshness marks live in the cache; each test starts with none,
    and with no result kept from another test's database."""
    from django.core.cache import cache

    from yingkou import freshness

    cache.clear()
    freshness.forget()
    yield
    cache.clear()
    freshness.forget()


def _standard_unit(request, **fields):
    """A standard unit, formed in 2017 for a test marked `units_formed_early`: one that archives
    past periods, whose reports as of a period's end leave out the units formed after it."""
    if request.node.get_closest_marker("units_formed_early"):
        with formed_early():
            return UnitFactory(**fields)
    return UnitFactory(**fields)


@pytest.fixture
def area(db, request):
    return _standard_unit(request, name="鲅鱼圈区", code="BYQ", kind=UnitKind.COUNTY)


@pytest.fixture
def other_area(db, request):
    return _standard_unit(request, name="盖州市", code="GZ", kind=UnitKind.COUNTY)


@pytest.fixture
def department(db, request):
    return _standard_unit(
        request, name="营口市工业和信息化局", code="GXJ", kind=UnitKind.MUNICIPAL_DEPARTMENT
    )


@pytest.fixture
def drc_unit(db):
    return UnitFactory(name="营口市发展和改革委员会", code="FGW", kind=UnitKind.DRC)


@pytest.fixture
def owner(area):
    """Alice: staff of the unit that owns the record."""
    return UserFactory(username="alice", role=Role.UNIT_STAFF, unit=area)


@pytest.fixture
def reviewer(area):
    return UserFactory(username="alice_boss", role=Role.UNIT_REVIEWER, unit=area)


@pytest.fixture
def teammate(department):
    """Bob: staff of a unit on the project's team."""
    return UserFactory(username="bob", role=Role.UNIT_STAFF, unit=department)


@pytest.fixture
def outsider(other_area):
    """Charlie: staff of another unit; he should have no access to Alice's stuff."""
    return UserFactory(username="charlie", role=Role.UNIT_STAFF, unit=other_area)


@pytest.fixture
def drc(drc_unit):
    return UserFactory(username="drc", role=Role.DRC_REVIEWER, unit=drc_unit)


@pytest.fixture
def bureau(db):
    unit = UnitFactory(name="营口市招商局", code="ZSJ", kind=UnitKind.INVESTMENT_BUREAU)
    return UserFactory(username="zsj", role=Role.INVESTMENT_BUREAU, unit=unit)


@pytest.fixture
def city_leader_user(db):
    unit = UnitFactory(name="营口市人民政府", code="SZF", kind=UnitKind.CITY_GOVERNMENT)
    return UserFactory(username="mayor", role=Role.CITY_LEADER, unit=unit)


@pytest.fixture
def project(area):
    return ProjectFactory(name="鲅鱼圈区精细化工项目", owner_unit=area, landing_unit=area)


@pytest.fixture
def api():
    return APIClient()


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture(scope="session")
def _browser():
    """Headless Debian Chromium driven by Playwright (its own browser download is not used)."""
    import os
    import shutil

    executable = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not executable:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required under CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the same
    # test are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser):
    context = _browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(params=["desktop", "phone"])
def visit(request, _browser):
    """A tab at the desktop and then the phone width, checking every page it shows
    (tests/browser.py); the browser is shared by the whole run."""
    from tests.browser import Visit

    tab = Visit(_browser, request.param)
    yield tab
    tab.close()


def browser_login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
