"""The README's list of public pages is exactly what an anonymous visitor can open: every URL the
resolver knows is requested without a login, and those that answer are compared with the README."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from reserve import services
from tests.factories import UserFactory
from tests.reserve.conftest import make_project
from yingkou.choices import Role

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
SAMPLES = {"period": "2026-10", "year": "2026", "month": "2026-10"}


def as_route(pattern) -> str:
    """A path() route as it is; a router's regex ("^reserve/pools/(?P<pk>[^/.]+)/$") as a route."""
    text = str(pattern.pattern)
    if text.startswith("^") or text.endswith("$"):
        text = REGEX_GROUP.sub(lambda m: f"<{m['name']}>", text.strip("^$"))
    return text


def routes(patterns=None, prefix=""):
    """Every route of the project as text, e.g. "reserve/public/<slug:code>/"."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        text = prefix + as_route(pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            yield text


def readme_public_paths() -> set[str]:
    """The paths in backticks of the README's "Public pages" section, placeholders as <>."""
    section = README.read_text().split("## Public pages", 1)[1].split("\n## ", 1)[0]
    return {
        re.sub(r"<[^>]+>", "<>", path) for path in re.findall(r"`(?:GET |POST )?(/[^`]*)`", section)
    }


def test_readme_lists_exactly_the_pages_an_anonymous_visitor_can_open(client, area):
    owner = UserFactory(role=Role.UNIT_STAFF, unit=area)
    reviewer = UserFactory(role=Role.UNIT_REVIEWER, unit=area)
    entry = services.entry_declare(project=make_project(area), user=owner, submit=True)
    entry = services.entry_approve(entry=entry, user=reviewer)
    services.entry_publish(entry=entry, published=True, user=owner)
    values = {**SAMPLES, "code": area.code}

    opened = set()
    for route in routes():
        if re.search(r"<(\w+:)?format>", route) or "\\" in route:
            continue  # the API's format suffixes (the same views) and the admin's regex routes
        url = "/" + ARGUMENT.sub(lambda m: str(values.get(m["name"], 1)), route)
        methods = ["GET"] if not route.endswith("auth/token/") else ["POST"]
        for method in methods:
            response = getattr(client, method.lower())(url)
            if response.status_code < 300 or (method == "POST" and response.status_code == 400):
                opened.add("/" + ARGUMENT.sub("<>", route))
    assert opened == readme_public_paths()
