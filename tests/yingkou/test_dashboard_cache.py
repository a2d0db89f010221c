"""At city scale a user's dashboard figures are kept for a minute; a small site computes them on
every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ProjectFactory
from yingkou import paging

pytestmark = pytest.mark.django_db


def figures_on(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    return response, len(queries)


def test_a_small_site_counts_on_every_request(client, owner, area):
    client.force_login(owner)
    first, _ = figures_on(client)
    ProjectFactory(owner_unit=area, landing_unit=area)
    second, _ = figures_on(client)
    assert second.context["totals"]["count"] == first.context["totals"]["count"] + 1
    assert second.context["taken_at"] is None
    assert "每分钟更新" not in second.content.decode()


def test_a_city_sized_site_keeps_each_users_figures_a_minute(client, owner, area, monkeypatch):
    monkeypatch.setattr(paging, "estimated_count", lambda queryset: 100000)
    client.force_login(owner)
    first, computed = figures_on(client)
    ProjectFactory(owner_unit=area, landing_unit=area)
    second, cached = figures_on(client)
    assert second.context["totals"] == first.context["totals"]  # not counted again
    assert cached < computed / 2
    assert "每分钟更新" in second.content.decode()
    assert second.context["taken_at"] == first.context["taken_at"]
